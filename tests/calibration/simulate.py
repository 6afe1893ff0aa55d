"""Synthetic hiring loops with known truth, for tests and benchmarks (numpy and pandas only).

Interviewers belong to teams; a candidate is interviewed mostly by one team, so harsh teams
see their own candidates. Interviewers differ in severity and in spread (some compress to
the middle of the scale). Competencies of a candidate are correlated; each interview has a
halo shared by the competencies it rates. Scores are cut from a latent scale into 1..4.

"Truth" for a candidate x competency is what the engine's ``estimate`` claims to be: the
score the organisation's interviewers would give the candidate on average, i.e. the mean over
the interviewers who rate in the simulation of each one's expected score, averaging over
interview halo and rating noise. On the ordinal scale interviewer i expects
1 + sum_t Phi((centre + spread_i * latent - severity_i - cut_t) / sd(spread_i * halo + noise)).

``typical`` is kept beside it for comparison: the expected score of one hypothetical interviewer
of mean spread and mean severity. On an ordinal scale the two differ (averaging the interviewers'
S-shaped curves flattens them), and no additive model can estimate ``typical`` without knowing
the cut points; it is not what ``estimate`` claims.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import ndtr

CUTS = np.array([1.5, 2.5, 3.5])
CENTRE = 2.5


@dataclass(frozen=True)
class Simulation:
    ratings: pd.DataFrame  # candidate, interviewer, competency, interview, score
    truth: pd.DataFrame  # candidate, competency, truth (mean expected score over the interviewers), typical, latent
    severity: pd.Series  # interviewer -> true severity (latent points below average)
    spread: pd.Series  # interviewer -> true spread factor


def simulate(
    *,
    candidates: int = 600,
    interviewers: int = 60,
    competencies: int = 20,
    teams: int = 6,
    per_team: int = 8,
    interviews: tuple[int, int] = (4, 6),
    rated: tuple[int, int] = (3, 5),
    general_sd: float = 0.55,
    specific_sd: float = 0.35,
    severity_sd: float = 0.3,
    team_severity_sd: float = 0.25,
    compressors: float = 0.25,
    halo_sd: float = 0.25,
    noise_sd: float = 0.45,
    cross_team: float = 0.15,
    ordinal: bool = True,
    seed: int = 0,
) -> Simulation:
    """Simulate ratings; every count argument is a number of levels, every *_sd is latent points."""
    rng = np.random.default_rng(seed)
    team_of_interviewer = np.arange(interviewers) % teams
    team_offset = rng.normal(0, team_severity_sd, teams)
    severity = rng.normal(0, severity_sd, interviewers) + team_offset[team_of_interviewer]
    spread = np.exp(rng.normal(0, 0.15, interviewers))
    squeeze = rng.random(interviewers) < compressors
    spread[squeeze] = rng.uniform(0.35, 0.6, squeeze.sum())
    team_comps = np.stack([rng.permutation(competencies)[:per_team] for _ in range(teams)])
    general = rng.normal(0, general_sd, candidates)
    specific = rng.normal(0, specific_sd, (candidates, competencies))
    team = rng.integers(0, teams, candidates)

    n_int = rng.integers(interviews[0], interviews[1] + 1, candidates)
    cand_of_interview = np.repeat(np.arange(candidates), n_int)
    n_interviews = len(cand_of_interview)
    home = team[cand_of_interview]
    other = rng.random(n_interviews) < cross_team
    pick_team = np.where(other, rng.integers(0, teams, n_interviews), home)
    members = interviewers // teams
    interviewer = pick_team + teams * rng.integers(0, members, n_interviews)
    interviewer = np.minimum(interviewer, interviewers - 1)
    halo = rng.normal(0, halo_sd, n_interviews)

    k = rng.integers(rated[0], rated[1] + 1, n_interviews)
    order = np.argsort(rng.random((n_interviews, per_team)), axis=1)
    take = np.arange(per_team)[None, :] < k[:, None]
    which, slot = np.nonzero(take)
    comp = team_comps[home[which], order[which, slot]]
    cand = cand_of_interview[which]
    judge = interviewer[which]
    theta = general[cand] + specific[cand, comp]
    latent = CENTRE + spread[judge] * (theta + halo[which]) - severity[judge]
    latent += rng.normal(0, noise_sd, len(latent))
    score = 1.0 + (latent[:, None] > CUTS).sum(axis=1) if ordinal else latent
    ratings = pd.DataFrame(
        {"candidate": cand, "interviewer": judge, "competency": comp, "interview": which, "score": score}
    )
    cells = ratings[["candidate", "competency"]].drop_duplicates().sort_values(["candidate", "competency"])
    cell_theta = general[cells["candidate"].to_numpy()] + specific[cells["candidate"], cells["competency"]]
    raters = np.unique(judge)
    # The pool's mean curve on a fine grid of the latent score, then read off at every cell
    # (the curves are smooth: interpolation error below 1e-5 points).
    grid = np.linspace(cell_theta.min() - 0.01, cell_theta.max() + 0.01, 2001)
    curve = np.zeros(len(grid))
    for i in raters:
        curve += _expected(CENTRE + spread[i] * grid - severity[i], spread[i] * halo_sd, noise_sd, ordinal)
    truth = np.interp(cell_theta, grid, curve / len(raters))
    typical = _expected(CENTRE + spread[raters].mean() * cell_theta - severity[raters].mean(),
                        spread[raters].mean() * halo_sd, noise_sd, ordinal)
    truth = cells.assign(truth=truth, typical=typical, latent=cell_theta).reset_index(drop=True)
    return Simulation(ratings, truth, pd.Series(severity), pd.Series(spread))


def _expected(location: np.ndarray, halo: float, noise: float, ordinal: bool) -> np.ndarray:
    """Expected score of an interviewer whose latent ratings centre on ``location``."""
    if not ordinal:
        return location
    return 1.0 + ndtr((location[:, None] - CUTS) / np.hypot(halo, noise)).sum(axis=1)
