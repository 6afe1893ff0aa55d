from rubrics.models.base import PublishedVersionError, RubricModel, RubricQuerySet
from rubrics.models.framework import Attitude, Competency, Discipline, Expectation, Level, Role
from rubrics.models.loops import DecisionRule, LevelRequirement, LoopTemplate, Round, RoundQuestion, Stage
from rubrics.models.questions import (
    EXERCISE_KINDS,
    SCREEN_KINDS,
    CaseStudyPart,
    CodingVariant,
    Indicator,
    KnockoutOption,
    Question,
    QuestionKind,
    ScenarioRole,
    ScoringAnchor,
    validate_knockout_options,
)

__all__ = [
    "EXERCISE_KINDS", "SCREEN_KINDS", "Attitude", "CaseStudyPart", "CodingVariant", "Competency",
    "DecisionRule", "Discipline", "Expectation", "Indicator", "KnockoutOption", "LevelRequirement",
    "Level", "LoopTemplate", "PublishedVersionError", "Question", "QuestionKind", "Role", "Round",
    "RoundQuestion", "RubricModel", "RubricQuerySet", "ScenarioRole", "ScoringAnchor", "Stage",
    "validate_knockout_options",
]
