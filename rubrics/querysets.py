"""Questions about many rows of a role's configuration, each answered in one query."""

from django.db.models import QuerySet

from rubrics.models import LevelRequirement, LoopTemplate


def uncovered_requirements(template: LoopTemplate) -> QuerySet[LevelRequirement]:
    """The role's decision-rule requirements whose competency no round of `template` covers."""
    return (
        LevelRequirement.objects.filter(rule__role_id=template.role_id)
        .exclude(competency__covering_rounds__stage__template=template)
        .select_related("level", "competency")
        .order_by("competency__discipline__order", "competency__order", "competency_id", "level__rank")
    )
