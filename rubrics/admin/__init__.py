"""The recruiter's configuration screens: one admin per thing a recruiter builds a loop from."""

from rubrics.admin import framework, loops, questions  # noqa: F401  (each module registers its admins)
