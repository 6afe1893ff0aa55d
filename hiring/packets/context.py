"""Everything a packet shows, for one application, in a fixed number of queries.

The query count does not grow with the number of ratings, answers or interviewers: each kind
of row is fetched once with ``values`` (or one prefetch) and grouped in Python.
"""

import hashlib
import json
import logging
import pickle
import statistics
from collections import defaultdict
from dataclasses import asdict

from django.core.cache import cache
from django.utils import timezone

from hiring import evidence, leveling
from hiring.calibration.update import update
from hiring.evidence import competency_identity
from hiring.leveling.next_evidence import what_would_decide
from hiring.models import CalibrationRun, CompetencyEstimate, Decision, InterviewerSeverity
from hiring.packets import chart, next_step
from interviews import scales
from interviews.models import (
    Application,
    AttitudeRating,
    CompetencyRating,
    KnockoutAnswer,
    QuestionAnswer,
    ResumeScore,
    VideoReview,
)
from rubrics.models import (
    AnswerType,
    CaseStudyPart,
    Competency,
    DecisionRule,
    Expectation,
    KnockoutOption,
    Level,
    Question,
    QuestionKind,
)
from rubrics.needs import role_needs

logger = logging.getLogger(__name__)

CHART_CACHE_SECONDS = 24 * 3600

# Two interviewers whose ratings of the same competency differ by at least this many points disagree.
DISAGREEMENT_POINTS = 1.5
Z95 = 1.959964
DEFAULT_RULE = leveling.Rule(combine=leveling.CONJUNCTIVE, probability=0.7, red_flag_rating=1, red_flags_block=True)


def _name(first: str, last: str, username: str) -> str:
    return f"{first} {last}".strip() or username


def _rule(role_id: int) -> tuple[leveling.Rule, bool, int | None]:
    row = DecisionRule.objects.filter(role_id=role_id).values(
        "pk", "combine", "probability", "red_flag_rating", "red_flags_block").first()
    if row is None:
        return DEFAULT_RULE, False, None
    rule = leveling.Rule(combine=row["combine"], probability=float(row["probability"]),
                         red_flag_rating=row["red_flag_rating"], red_flags_block=row["red_flags_block"])
    return rule, True, row["pk"]


def _run_for(application_id: int, run: CalibrationRun | None) -> CalibrationRun | None:
    return run if run is not None else CalibrationRun.objects.latest_finished()


def _calibrated(app_id: int, run: CalibrationRun | None) -> tuple[dict, dict, float | None]:
    """(competency -> estimate row, covariance, error variance of one more rating) for the packet.

    With the run's incremental-update state, the candidate's current ratings are solved again
    with the run's components and globals held: a scorecard submitted after the run counts at
    once, without waiting for a refit. Older runs give their stored estimates, as independent.
    """
    if run is None:
        return {}, {}, None
    state = None
    if run.posterior is not None:
        try:
            state = pickle.loads(bytes(run.posterior))  # noqa: S301 - written by recalibrate() only
        except Exception:  # an engine upgrade may change the state's shape
            logger.warning("calibration run %s: stored posterior state unusable", run.pk)
    if state is None:
        return ({e["competency"]: e for e in CompetencyEstimate.objects.filter(run=run, application_id=app_id)
                 .values("competency", "estimate", "se", "n_ratings")}, {}, None)
    frame = evidence.ratings_frame(evidence.current_ratings().filter(scorecard__interview__application_id=app_id))
    if frame.empty:
        return {}, {}, state.rating_variance
    fresh = update(state, frame)
    rows = {str(r.competency): {"competency": str(r.competency), "estimate": float(r.estimate), "se": float(r.se),
                                "n_ratings": int(r.n_ratings)} for r in fresh.estimates.itertuples(index=False)}
    covariance = {(str(a), str(b)): v for (a, b), v in fresh.covariance.get(app_id, {}).items() if a != b}
    return rows, covariance, state.rating_variance


def _ratings(application_id: int, level_names: dict[str, str]) -> list[dict]:
    rows = list(CompetencyRating.objects.filter(
        scorecard__is_current=True, scorecard__interview__application_id=application_id
    ).values("competency_id", "score", "derived", "sources", "scorecard__interviewer_id",
             "scorecard__interviewer__first_name", "scorecard__interviewer__last_name",
             "scorecard__interviewer__username", "scorecard__interview__round__name",
             "scorecard__interview__target_level__name", "scorecard__interview__variant__name",
             ).order_by("competency_id", "scorecard__interviewer__username", "pk"))
    titles = _source_titles(rows)
    return [
        {"competency_id": r["competency_id"], "score": float(r["score"]), "interviewer_id": r["scorecard__interviewer_id"],
         "interviewer": _name(r["scorecard__interviewer__first_name"], r["scorecard__interviewer__last_name"],
                              r["scorecard__interviewer__username"]),
         "round": r["scorecard__interview__round__name"], "derived": r["derived"],
         "sources": [_provenance(s, titles, r["scorecard__interview__target_level__name"],
                                 r["scorecard__interview__variant__name"], level_names) for s in r["sources"]]}
        for r in rows
    ]


def _source_titles(rows: list[dict]) -> dict[tuple[str, int], tuple[str, str]]:
    """("question" | "part", id) -> (title, kind) of every question and part the ratings came from."""
    question_ids = {s["question"] for r in rows for s in r["sources"]}
    part_ids = {s["part"] for r in rows for s in r["sources"] if s["part"] is not None}
    titles = {("question", q["pk"]): (q["title"], q["kind"])
              for q in Question.objects.filter(pk__in=question_ids).values("pk", "title", "kind")}
    titles |= {("part", p["pk"]): (p["title"], "") for p in CaseStudyPart.objects.filter(pk__in=part_ids)
               .values("pk", "title")}
    return titles


def _provenance(source: dict, titles: dict, target: str, variant: str | None, level_names: dict[str, str]) -> dict:
    """Where one answer's rating came from, for people: "Presentation, rated Exceeds against Senior"."""
    title, kind = titles.get(("question", source["question"]), ("(removed question)", ""))
    if source["part"] is not None:
        title = f"{title} — {titles.get(('part', source['part']), ('(removed part)', ''))[0]}"
    if kind == QuestionKind.CODING and variant:
        title = f"{title} ({variant})"
    choice = source["choice"]
    label = scales.choice_label(choice, list(level_names.items()))
    if choice in scales.EXERCISE_RATINGS:
        how = f"rated {label} against {target}"
    else:
        how = f"rated {label[0].lower() + label[1:]}" if label.startswith("Between") else f"rated at {label}"
    return {"text": f"{title}, {how}", "score": source["score"], "weight": source["weight"]}


def _disagreements(competency: str, ratings: list[dict]) -> list[dict]:
    by_person: dict[str, list[float]] = defaultdict(list)
    for r in ratings:
        by_person[r["interviewer"]].append(r["score"])
    means = sorted((statistics.fmean(v), k) for k, v in by_person.items())
    out = []
    for i, (low, low_name) in enumerate(means):
        for high, high_name in means[i + 1:]:
            if high - low >= DISAGREEMENT_POINTS:
                out.append({"competency": competency, "low": low_name, "low_score": low,
                            "high": high_name, "high_score": high, "gap": high - low})
    return out


def _answers(application_id: int, levels: list[tuple[str, str]]) -> list[dict]:
    answers = (
        QuestionAnswer.objects.filter(scorecard__is_current=True, scorecard__interview__application_id=application_id,
                                      skipped=False)
        .select_related("question", "part", "scorecard__interviewer", "scorecard__interview__round",
                        "scorecard__interview__variant")
        .prefetch_related("indicators")
        .order_by("scorecard__interview__round__order", "scorecard__interviewer__username", "pk")
    )
    out = []
    for a in answers:
        indicators = sorted(a.indicators.all(), key=lambda i: (i.order, i.pk))
        if not (indicators or a.strengths or a.gaps):
            continue
        person = a.scorecard.interviewer
        variant = a.scorecard.interview.variant
        out.append({
            "question": a.question.title + (f" — {a.part.title}" if a.part_id else "")
            + (f" ({variant.name})" if variant is not None and a.question.kind == QuestionKind.CODING else ""),
            "round": a.scorecard.interview.round.name,
            "interviewer": _name(person.first_name, person.last_name, person.username),
            "choice": scales.choice_label(a.choice, levels) if a.choice else "",
            "score": None if a.score is None else float(a.score),
            "positive": [i.text for i in indicators if i.polarity == "positive"],
            "negative": [i.text for i in indicators if i.polarity == "negative"],
            "strengths": a.strengths, "gaps": a.gaps,
        })
    return out


def _skipped(application_id: int) -> list[dict]:
    """The case-study parts an interviewer skipped, in round order."""
    rows = QuestionAnswer.objects.filter(
        scorecard__is_current=True, scorecard__interview__application_id=application_id, skipped=True,
    ).values("question__title", "part__title", "scorecard__interview__round__name", "scorecard__interviewer__username",
             "scorecard__interviewer__first_name", "scorecard__interviewer__last_name").order_by(
        "scorecard__interview__round__order", "scorecard__interviewer__username", "pk")
    return [{"question": r["question__title"], "part": r["part__title"], "round": r["scorecard__interview__round__name"],
             "interviewer": _name(r["scorecard__interviewer__first_name"], r["scorecard__interviewer__last_name"],
                                  r["scorecard__interviewer__username"])} for r in rows]


def _screen(application_id: int) -> dict:
    knockouts = [
        {"question": k["question__title"], "answer": k["option__text"],
         "outcome": KnockoutOption.Outcome(k["option__outcome"]).label}
        for k in KnockoutAnswer.objects.filter(application_id=application_id)
        .values("question__title", "option__text", "option__outcome").order_by("question__order", "pk")
    ]
    resume = [
        {"criterion": r["criterion__title"], "reviewer": r["review__reviewer__username"], "score": r["score"],
         "answer": scales.resume_answer(r["score"], yes_no=r["criterion__answer_type"] == AnswerType.YES_NO)}
        for r in ResumeScore.objects.filter(review__application_id=application_id)
        .values("criterion__title", "criterion__answer_type", "review__reviewer__username", "score")
        .order_by("criterion__order", "pk")
    ]
    videos = [
        {"question": v["response__question__title"], "reviewer": v["reviewer__username"], "score": v["score"],
         "notes": v["notes"]}
        for v in VideoReview.objects.filter(response__application_id=application_id)
        .values("response__question__title", "reviewer__username", "score", "notes").order_by("response__pk", "pk")
    ]
    resume_mean = statistics.fmean(r["score"] for r in resume) if resume else None
    return {"knockouts": knockouts, "resume": resume, "resume_mean": resume_mean, "videos": videos}


def _attitudes(application_id: int) -> list[dict]:
    rows = AttitudeRating.objects.filter(
        scorecard__is_current=True, scorecard__interview__application_id=application_id
    ).values("attitude__name", "attitude__order", "score", "scorecard__interviewer__username",
             "scorecard__interviewer__first_name", "scorecard__interviewer__last_name").order_by(
        "attitude__order", "attitude__name", "scorecard__interviewer__username")
    return [{"attitude": r["attitude__name"], "score": r["score"],
             "interviewer": _name(r["scorecard__interviewer__first_name"], r["scorecard__interviewer__last_name"],
                                  r["scorecard__interviewer__username"])} for r in rows]


def _decisions(application_id: int) -> list[dict]:
    return [
        {"outcome": d["outcome"], "outcome_label": Decision.Outcome(d["outcome"]).label, "level": d["level__name"],
         "rationale": d["rationale"], "at": d["at"],
         "by": _name(d["decided_by__first_name"], d["decided_by__last_name"], d["decided_by__username"])}
        for d in Decision.objects.filter(application_id=application_id).values(
            "outcome", "level__name", "rationale", "at", "decided_by__first_name", "decided_by__last_name",
            "decided_by__username").order_by("-at", "-pk")
    ]


def build(application: Application | int, *, run: CalibrationRun | None = None) -> dict:
    """The packet's context: plain data (dicts, lists, numbers, strings) plus the chart SVG."""
    app_id = application if isinstance(application, int) else application.pk
    app = Application.objects.select_related("candidate", "requisition__role", "stage").get(pk=app_id)
    role = app.requisition.role
    levels = list(Level.objects.filter(role=role).values("pk", "key", "name", "internal_title", "rank").order_by("rank"))
    competencies = list(Competency.objects.filter(role=role).values("pk", "key", "name").order_by(
        "discipline__order", "order", "pk"))
    identity = {c["pk"]: competency_identity(role.key, c["key"]) for c in competencies}
    label_of = {c["pk"]: c["name"] for c in competencies}
    expectations = {(e["competency_id"], e["level_id"]): e for e in Expectation.objects.filter(
        competency__role=role).values("competency_id", "level_id", "behaviour", "proficiency")}
    rule, has_rule, _ = _rule(role.pk)
    pk_of = {c["key"]: c["pk"] for c in competencies}
    needs = {entry.level: entry for entry in role_needs(role.pk)}
    run = _run_for(app_id, run)
    estimates, covariance, rating_variance = _calibrated(app_id, run)
    ratings = _ratings(app_id, {lv["key"]: lv["name"] for lv in levels})
    severities = {}
    if run is not None and ratings:
        severities = dict(InterviewerSeverity.objects.filter(
            run=run, interviewer_id__in={r["interviewer_id"] for r in ratings}).values_list("interviewer_id", "severity"))
    for r in ratings:
        r["severity"] = severities.get(r["interviewer_id"])

    by_comp: dict[int, list[dict]] = defaultdict(list)
    for r in ratings:
        by_comp[r["competency_id"]].append(r)

    # What each level needs is rubrics.needs' one rule, as the loop overview and publishing apply it.
    specs, implicit = [], []
    for lv in levels:
        entry = needs[lv["key"]]
        reqs = [(pk_of[key], weight) for key, weight in entry.needs]
        if entry.implicit:
            implicit.append(lv["name"])
        specs.append(leveling.LevelSpec(lv["key"], lv["name"], lv["rank"], tuple(
            leveling.Requirement(identity[cid], float(expectations[(cid, lv["pk"])]["proficiency"])
                                 if (cid, lv["pk"]) in expectations else 0.0, w, label_of[cid]) for cid, w in reqs)))
    est_objects = {k: leveling.Estimate(v["estimate"], v["se"], v["n_ratings"]) for k, v in estimates.items()}
    attitudes = _attitudes(app_id)
    result = leveling.assess(specs, est_objects, rule, [
        leveling.AttitudeScore(a["attitude"], a["interviewer"], a["score"]) for a in attitudes], covariance)
    next_steps = {}
    if rating_variance:
        for spec, verdict in zip(sorted(specs, key=lambda sp: sp.rank), result.levels, strict=True):
            if verdict.verdict == leveling.NOT_ENOUGH_EVIDENCE:
                step = what_would_decide(spec, est_objects, rule, rating_variance=rating_variance,
                                         covariance=covariance)
                next_steps[spec.key] = asdict(step) if step else None

    names = {identity[c["pk"]]: c["name"] for c in competencies}
    comp_rows, disagreements = [], []
    for c in competencies:
        ident, rs = identity[c["pk"]], by_comp.get(c["pk"], [])
        est = estimates.get(ident)
        raw_mean = statistics.fmean(r["score"] for r in rs) if rs else None
        comp_rows.append({
            "identity": ident, "name": c["name"], "ratings": rs, "raw_mean": raw_mean,
            "estimate": est["estimate"] if est else None, "se": est["se"] if est else None,
            "low": est["estimate"] - Z95 * est["se"] if est else None,
            "high": est["estimate"] + Z95 * est["se"] if est else None,
            "adjustment": est["estimate"] - raw_mean if est and raw_mean is not None else None,
            "expectations": [
                {"level": lv["name"], "behaviour": expectations[(c["pk"], lv["pk"])]["behaviour"],
                 "proficiency": float(expectations[(c["pk"], lv["pk"])]["proficiency"])}
                for lv in levels if (c["pk"], lv["pk"]) in expectations
            ],
        })
        disagreements += _disagreements(c["name"], rs)

    level_rows = []
    for lv, verdict in zip(levels, result.levels, strict=True):
        level_rows.append({
            "key": lv["key"], "name": lv["name"], "internal_title": lv["internal_title"], "verdict": verdict.verdict,
            "probability": verdict.probability, "reason": verdict.reason, "implicit": lv["name"] in implicit,
            "joint": rule.combine == leveling.CONJUNCTIVE, "next": next_steps.get(lv["key"]),
            "unassessed": [names[u] for u in verdict.unassessed],
            "checks": [{"competency": names[ch.competency], "bar": ch.bar, "weight": ch.weight,
                        "probability": ch.probability, "verdict": ch.verdict,
                        "estimate": ch.estimate.mean if ch.estimate else None} for ch in verdict.checks],
        })
    next_step.next_steps(application_id=app_id, loop_id=app.requisition.loop_id, level_rows=level_rows)
    recommended = next((lv["name"] for lv in levels if lv["key"] == result.recommended), None)
    data = {
        "application_id": app_id, "candidate": app.candidate.name, "requisition": app.requisition.title,
        "role": str(role), "stage": app.stage.name, "status": app.get_status_display(),
        "recommended": recommended, "rule": {**asdict(rule), "configured": has_rule, "low": 1 - rule.probability}, "implicit_levels": implicit,
        "levels": level_rows, "competencies": comp_rows, "attitudes": attitudes,
        "red_flags": [asdict(f) for f in result.red_flags],
        "answers": _answers(app_id, [(lv["key"], lv["name"]) for lv in levels]), "skipped": _skipped(app_id),
        "disagreements": disagreements, "disagreement_points": DISAGREEMENT_POINTS,
        "unassessed": sorted({u for lv in level_rows for u in lv["unassessed"]}),
        "screen": _screen(app_id), "decisions": _decisions(app_id),
        "run": None if run is None else {"id": run.pk, "finished_at": run.finished_at, "n_ratings": run.n_ratings,
                                         "converged": run.converged, "iterations": run.iterations},
        "uncalibrated": [r["name"] for r in comp_rows if r["ratings"] and r["estimate"] is None],
    }
    data["content_hash"] = content_hash(data)
    bars = _bars(levels, competencies, expectations, identity)
    scale = (float(role.scale_min), float(role.scale_max))
    data["chart_svg"] = _chart(comp_rows, bars, scale)
    data["chart_svg_narrow"] = _chart(comp_rows, bars, scale, width=chart.NARROW)
    data["chart_legend"] = chart.legend(comp_rows, bars)
    data["generated_at"] = timezone.now()
    return data


def _chart(rows: list[dict], bars: list[tuple[str, dict]], scale: tuple[float, float],
           width: float = chart.WIDE) -> str:
    # Drawing is most of a packet's render time and depends on these inputs alone: reopening an
    # unchanged packet reuses the drawing.
    key = "packet-chart:" + hashlib.sha256(json.dumps([rows, bars, scale, width], sort_keys=True, default=str)
                                           .encode()).hexdigest()
    return cache.get_or_set(key, lambda: chart.svg(rows, bars, scale, width=width), timeout=CHART_CACHE_SECONDS)


def _bars(levels: list[dict], competencies: list[dict], expectations: dict, identity: dict) -> list[tuple[str, dict]]:
    return [(lv["name"], {identity[c["pk"]]: float(expectations[(c["pk"], lv["pk"])]["proficiency"])
                          for c in competencies if (c["pk"], lv["pk"]) in expectations}) for lv in levels]


def content_hash(data: dict) -> str:
    """SHA-256 of the packet's inputs: equal for equal evidence, run and decisions."""
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
