"""The demo's screen evidence for candidates past the application screen: qualifying knockout
answers, a resume (a one-page PDF made here), a video answer per video question (a 3-second
WebM recorded once from Chromium's test camera and shipped in demo_files/) and the recruiter's
resume review, so that every move in a demo history has the record it names.
"""

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.core.files.base import ContentFile

from interviews.models import Application, KnockoutAnswer, ResumeReview, ResumeScore, VideoResponse
from rubrics.models import KnockoutOption, Question, QuestionKind, Stage

VIDEO = Path(__file__).resolve().parent / "demo_files" / "video-answer.webm"
ADVANCED_SCORES, ARCHIVED_SCORES = (3, 4), (2, 1)  # per criterion, in turn: means 3.5 and 1.5


def resume_pdf(name: str, lines: list[str]) -> bytes:
    """A valid one-page PDF with ``name`` as heading and ``lines`` below it (Helvetica, built by hand)."""
    def text(value: str) -> str:
        return value.encode("latin-1", "replace").decode("latin-1").replace("\\", "\\\\").replace(
            "(", "\\(").replace(")", "\\)")

    stream = "BT /F1 20 Tf 72 760 Td (" + text(name) + ") Tj /F1 11 Tf"
    stream += "".join(f" 0 -22 Td ({text(line)}) Tj" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        "/Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def _questions(application: Application, kind: str, stage_kind: str) -> list[Question]:
    return list(Question.objects.filter(kind=kind, round_questions__round__stage__template=application.requisition.loop,
                                        round_questions__round__stage__kind=stage_kind)
                .order_by("round_questions__round__order", "round_questions__order", "pk").distinct())


def add_screen_evidence(application: Application, *, recruiter, advanced: bool, years: int) -> str:
    """Write the screen evidence; returns the resume rule's reason for the move it made."""
    for question in _questions(application, QuestionKind.KNOCKOUT, Stage.Kind.APPLICATION):
        option = question.options.filter(outcome=KnockoutOption.Outcome.QUALIFIES).order_by("-order", "-pk").first()
        if option is not None:
            KnockoutAnswer.objects.create(application=application, question=question, option=option)
    name = application.candidate.name
    application.resume.save(f"{name.lower().replace(' ', '-')}.pdf", ContentFile(resume_pdf(name, [
        f"Data scientist, {years} years of experience.", "Experiment design, causal inference, SQL, Python.",
        "Led the analytics of a product launch; mentored two analysts."])), save=False)
    application.save(update_fields=["resume"])
    video = VIDEO.read_bytes()
    for question in _questions(application, QuestionKind.VIDEO, Stage.Kind.APPLICATION):
        response = VideoResponse(application=application, question=question, content_type="video/webm",
                                 size=len(video), duration_seconds=3)
        response.file.save(f"{question.key}.webm", ContentFile(video), save=False)
        response.save()
    criteria = _questions(application, QuestionKind.RESUME, Stage.Kind.RESUME)
    scores = ADVANCED_SCORES if advanced else ARCHIVED_SCORES
    review = ResumeReview.objects.create(application=application, reviewer=recruiter,
                                         notes="Strong, relevant experience." if advanced else
                                         "Little of the experience this role needs.")
    given = [scores[i % len(scores)] for i in range(len(criteria))]
    ResumeScore.objects.bulk_create(ResumeScore(review=review, criterion=q, score=s)
                                    for q, s in zip(criteria, given, strict=True))
    bar = Decimal(application.requisition.resume_advance_at).quantize(Decimal("0.01"))
    mean = (Decimal(sum(given)) / len(given) if given else Decimal(scores[0])).quantize(Decimal("0.01"),
                                                                                          rounding=ROUND_HALF_UP)
    if advanced:
        return f"Resume score {mean} ≥ {bar}: advanced by the resume rule."
    return f"Resume score {mean} < {bar}: archived by the resume rule."
