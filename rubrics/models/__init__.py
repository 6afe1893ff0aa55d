from rubrics.models.base import PublishedVersionError, RubricModel, RubricQuerySet
from rubrics.models.framework import Attitude, Competency, Discipline, Expectation, Level, Role
from rubrics.models.loops import DecisionRule, LevelRequirement, LoopTemplate, Round, RoundQuestion, Stage
from rubrics.models.questions import (
    EXERCISE_KINDS,
    LIST_FIELDS,
    ROLE_LIST_FIELDS,
    SCORED_KINDS,
    SCREEN_KINDS,
    AnswerType,
    CaseStudyPart,
    CodingVariant,
    Indicator,
    KnockoutOption,
    Question,
    QuestionKind,
    ScenarioRole,
    ScoringAnchor,
    lines,
    validate_knockout_options,
)

__all__ = [
    "EXERCISE_KINDS", "LIST_FIELDS", "ROLE_LIST_FIELDS", "SCORED_KINDS", "AnswerType", "lines", "SCREEN_KINDS", "Attitude", "CaseStudyPart", "CodingVariant", "Competency",
    "DecisionRule", "Discipline", "Expectation", "Indicator", "KnockoutOption", "LevelRequirement",
    "Level", "LoopTemplate", "PublishedVersionError", "Question", "QuestionKind", "Role", "Round",
    "RoundQuestion", "RubricModel", "RubricQuerySet", "ScenarioRole", "ScoringAnchor", "Stage",
    "validate_knockout_options",
]
