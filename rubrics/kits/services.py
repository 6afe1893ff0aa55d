"""The three things a kit is for: import it, export it, publish a role as an immutable version."""

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils import timezone

from rubrics.kits.build import KitWriter, role_fields
from rubrics.kits.collector import collector_paused
from rubrics.kits.export import dump_kit, kit_data
from rubrics.kits.validation import KitError, Problem, line_of, read_kit_noting, validate_kit
from rubrics.models import SCORED_KINDS, CaseStudyPart, QuestionKind, Role
from rubrics.needs import uncovered

# Deleting these clears a draft role; everything else hangs off them and cascades.
DRAFT_CHILDREN = ("loop_templates", "questions", "attitudes", "disciplines", "levels")


@dataclass(frozen=True)
class ImportedKit:
    role: Role  # the draft
    created: bool  # False: an existing draft was replaced
    version: Role | None  # the published version, when publishing was asked for
    notes: list[str] = field(default_factory=list)  # how a file of the previous format was converted


@transaction.atomic
@collector_paused()
def import_kit(*, text: str, by: AbstractBaseUser | None = None, replace: bool = False,
               publish: bool = False) -> ImportedKit:
    """Create (or, with ``replace``, overwrite) the draft role a kit describes; optionally publish it.

    Raises KitError, and changes nothing, when the kit is invalid or its role exists and replace is off.
    """
    data, lines, notes = read_kit_noting(text)
    fields = role_fields(data)
    role = Role.objects.drafts().filter(key=fields["key"], published_from__isnull=True).select_for_update().first()
    if role is not None and not replace:
        message = f'a role "{fields["key"]}" already exists; import with --replace to overwrite its draft'
        raise KitError([Problem(("role", "key"), message, line_of(lines, ("role", "key")))])
    created = role is None
    if created:
        role = Role.objects.create(**fields)
    else:
        _clear_draft(role)
        for name, value in fields.items():
            setattr(role, name, value)
        role.save(update_fields=list(fields))
    KitWriter(role, data, frozen=False).write()
    version = publish_role(role=role, by=by) if publish else None
    return ImportedKit(role=role, created=created, version=version, notes=notes)


def _clear_draft(role: Role) -> None:
    if hasattr(role, "decision_rule"):
        role.decision_rule.delete()
    for relation in DRAFT_CHILDREN:
        getattr(role, relation).all().delete()


def publish_problems(role: Role) -> list[str]:
    """What a valid kit may still lack to be published, each as ``place: message``: a scored question or
    case-study part that evidences nothing (and is not notes-only), and a competency a level needs
    (rubrics.needs) that no round of a loop evidences."""
    problems = []
    parts = CaseStudyPart.objects.order_by("order", "pk").prefetch_related("competencies", "attitudes")
    questions = role.questions.order_by("order", "pk").prefetch_related(
        "competencies", "attitudes", Prefetch("parts", queryset=parts))
    for index, question in enumerate(questions):
        if question.kind not in SCORED_KINDS or question.notes_only:
            continue
        declared = bool(question.competencies.all() or question.attitudes.all())
        items = list(question.parts.all()) if question.kind == QuestionKind.CASE_STUDY else []
        if not items and not declared:
            problems.append(f"questions[{index}]: “{question.title}” evidences no competency or attitude: declare "
                            "what its rating evidences, or mark it notes_only")
        for part_index, part in enumerate(items):
            if not (part.notes_only or declared or part.competencies.all() or part.attitudes.all()):
                problems.append(f"questions[{index}].parts[{part_index}]: part “{part.title}” of “{question.title}” "
                                "evidences no competency or attitude: declare what its rating evidences, or mark "
                                "it notes_only")
    for index, loop in enumerate(role.loop_templates.order_by("name", "key")):
        for gap in uncovered(loop):
            problems.append(f"loops[{index}]: no round of “{loop.name}” evidences {gap.competency.name}, which "
                            f"{gap.level_names} {'needs' if len(gap.levels) == 1 else 'need'}")
    return problems


def export_kit(*, role: Role) -> str:
    """The role (a draft or a published version) as kit YAML text."""
    return dump_kit(kit_data(role))


@transaction.atomic
def publish_role(*, role: Role, by: AbstractBaseUser | None = None) -> Role:
    """Freeze a copy of the draft role as its next version and return that version.

    Refused when the role is itself a version, when the draft is not a valid kit (say, a level
    without expectations after an edit), and when nothing changed since the latest version.
    """
    if role.frozen or role.published_from_id:
        raise ValidationError("Only a draft can be published; this is already a published version.")
    role = Role.objects.select_for_update().get(pk=role.pk)  # one publisher at a time numbers versions
    data = kit_data(role)
    try:
        validate_kit(data)
    except KitError as exc:
        raise ValidationError(["The draft cannot be published yet:", *exc.errors]) from None
    problems = publish_problems(role)
    if problems:
        raise ValidationError(["The draft cannot be published yet:", *problems])
    latest = role.versions.order_by("-version").first()
    if latest is not None and kit_data(latest) == data:
        raise ValidationError(f"Nothing changed since version {latest.version}.")
    number = (role.versions.aggregate(last=Max("version"))["last"] or 0) + 1
    [version] = Role.objects.bulk_create([Role(
        **role_fields(data), frozen=True, published_from=role, version=number,
        published_at=timezone.now(), published_by=by,
    )])
    KitWriter(version, data, frozen=True).write()
    return version
