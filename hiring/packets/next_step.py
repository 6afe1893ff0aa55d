"""Which rounds to run for a level that has "not enough evidence", so that the packet can offer them.

The competency comes from the calibration engine's next step for the level (``lv["next"]``,
what would most likely decide it); when that names none, or no round left evidences it, every
competency the level lacks evidence on counts (never assessed first, then intervals too wide).
The rounds are the interview rounds of the requisition's loop that evidence it (through their
questions or what they must cover) and that this application has not had yet.
"""

from hiring import leveling
from interviews.models import Interview
from rubrics.models import Competency, LoopTemplate, Round, Stage
from rubrics.needs import round_evidence


def missing_competencies(level_row: dict) -> list[str]:
    """Names of the competencies the level lacks evidence on: unassessed ones, then undecided ones."""
    undecided = [ch["competency"] for ch in level_row["checks"] if ch["verdict"] == leveling.NOT_ENOUGH_EVIDENCE]
    return list(dict.fromkeys([*level_row["unassessed"], *undecided]))


def _offer(wanted: list[str], open_rounds: dict[int, dict]) -> list[dict]:
    return [{"pk": r["pk"], "name": r["name"], "evidences": [c for c in wanted if c in r["evidences"]]}
            for r in open_rounds.values() if r["evidences"] & set(wanted)]


def rounds_evidencing(*, application_id: int, loop_id: int) -> dict[int, dict]:
    """Interview rounds of the loop not yet held for the application: pk -> {pk, name, competency names}.

    What a round evidences is the loop overview's rule (``rubrics.needs.round_evidence``): its
    questions' declared evidence, case-study parts and exercises included, and what it must cover.
    """
    template = LoopTemplate.objects.select_related("role").get(pk=loop_id)
    reached = round_evidence(template)
    names = dict(Competency.objects.filter(role_id=template.role_id).values_list("pk", "name"))
    held = set(Interview.objects.filter(application_id=application_id).values_list("round_id", flat=True))
    rounds = (Round.objects.filter(stage__template_id=loop_id, stage__kind=Stage.Kind.INTERVIEWS)
              .exclude(pk__in=held).order_by("stage__order", "order", "pk"))
    return {pk: {"pk": pk, "name": name, "evidences": {names[c] for c in reached.get(pk, ()) if c in names}}
            for pk, name in rounds.values_list("pk", "name")}


def next_steps(*, application_id: int, loop_id: int, level_rows: list[dict]) -> None:
    """Adds "missing" and "rounds" to each level row; both stay empty unless the level lacks evidence.

    The open rounds are read whatever the verdicts, so the packet's query count stays constant.
    """
    open_rounds = rounds_evidencing(application_id=application_id, loop_id=loop_id)
    for row in level_rows:
        row["missing"], row["rounds"] = [], []
        if row["verdict"] != leveling.NOT_ENOUGH_EVIDENCE:
            continue
        step = row.get("next")
        if step:
            row["missing"] = [step["label"]]
            row["rounds"] = _offer(row["missing"], open_rounds)
        if not row["rounds"]:
            row["missing"] = missing_competencies(row)
            row["rounds"] = _offer(row["missing"], open_rounds)
