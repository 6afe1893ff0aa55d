import pytest

from accounts.access import INTERVIEWER
from interviews.services.scorecards import AnswerInput, DraftInput
from tests.factories import build_scored_round


@pytest.fixture
def peer(make_user):
    return make_user("petra", INTERVIEWER, first_name="Petra", last_name="Peer")


@pytest.fixture
def loop(interviewer, peer):
    return build_scored_round(interviewers=[interviewer, peer])


def complete_draft(loop, **changes) -> DraftInput:
    """A draft that satisfies every submission rule for ``loop``'s round."""
    draft = DraftInput(
        answers=[
            AnswerInput(question_id=loop.q_comp.pk, choice="mid+", strengths="Checked every join."),
            AnswerInput(question_id=loop.q_att.pk, choice="3"),
            AnswerInput(question_id=loop.q_case.pk, part_id=loop.parts[0].pk, choice="exceeds"),
            AnswerInput(question_id=loop.q_case.pk, part_id=loop.parts[1].pk, skipped=True),
            AnswerInput(question_id=loop.q_code.pk, choice="meets"),
        ],
        competency_choices={loop.analysis.pk: "mid+", loop.communication.pk: "senior"},
        attitude_scores={loop.curiosity.pk: 3},
        recommendation=3,
        summary="Solid mid-level analyst.",
    )
    for name, value in changes.items():
        setattr(draft, name, value)
    return draft
