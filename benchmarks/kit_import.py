"""Speed benchmark: validate, import and export a large kit (500 questions) on a throwaway SQLite database.

Run: python benchmarks/kit_import.py [--questions 500] [--runs 5] [--profile]
Times are medians of --runs runs. The first import goes into the empty database, the others
replace that draft (import_kit --replace). Target: import under 2 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Realistic proportions of the kinds of question in a large role library; they add up to 1.
KIND_SHARES = {"competency": 0.40, "attitude": 0.14, "resume_criterion": 0.12, "knockout": 0.06, "video": 0.05,
               "coding_test": 0.06, "presentation": 0.05, "work_simulation": 0.06, "case_study": 0.06}
LEVELS = ("junior", "mid", "senior", "staff")
TEXT = "A sentence long enough to look like the guidance a hiring manager really writes for interviewers."


def kind_counts(total: int) -> dict[str, int]:
    counts = {kind: int(total * share) for kind, share in KIND_SHARES.items()}
    counts["competency"] += total - sum(counts.values())
    return counts


def question(kind: str, n: int, competencies: list[str], attitudes: list[str]) -> dict:
    item: dict = {"key": f"{kind.replace('_', '-')}-{n}", "kind": kind, "title": f"{kind} question {n}",
                  "prompt": f"{TEXT} ({n})", "rationale": TEXT}
    if kind != "knockout":
        item["competencies"] = [competencies[i] for i in sorted({n % 12, (n + 5) % 12})]  # as export orders them
    if kind == "attitude":
        item["attitudes"] = [attitudes[n % 6]]
    if kind in ("competency", "attitude"):
        item["guidance"] = {"evaluates": TEXT, "strong_answer": f"{TEXT}\n{TEXT}\n", "difficulty": "medium"}
        item["indicators"] = {"positive": [TEXT, TEXT], "negative": [TEXT]}
        item["anchors"] = {"exceeds": TEXT, "meets": TEXT, "below": TEXT}
    if kind == "knockout":
        item["options"] = [{"text": "Yes", "outcome": "qualifies"}, {"text": "No", "outcome": "auto_decline"}]
    elif kind == "video":
        item.update(response_seconds=120, format="Recorded video")
    elif kind == "coding_test":
        item.update(response_seconds=3600, format="Shared notebook", duration_minutes=60, variants=[
            {"key": "without-ai", "name": "Without AI", "instructions": TEXT, "prompt": TEXT},
            {"key": "with-ai", "name": "With AI", "instructions": TEXT, "prompt": TEXT,
             "indicators": {"negative": [TEXT]}},
        ])
    elif kind == "presentation":
        item.update(format="Video call", duration_minutes=30, prep_minutes=60, audience=TEXT,
                    what_to_prepare=[TEXT, TEXT], deliverables=[TEXT], ground_rules=[TEXT, TEXT])
    elif kind == "work_simulation":
        item.update(scenario=TEXT, problem=TEXT, format="Role play", duration_minutes=20, prep_minutes=10,
                    success_criteria=[TEXT, TEXT], scenario_roles=[
                        {"name": "Priya", "title": "Product manager", "stance": TEXT, "played_by": "an interviewer",
                         "motivation": TEXT, "guidance": [TEXT, TEXT]},
                        {"name": "Sam"},
                    ])
    elif kind == "case_study":
        item.update(scenario=TEXT, duration_minutes=45, prep_minutes=15, parts=[
            {"key": f"part-{p}", "title": f"Part {p}", "focus": "analysis", "prompt": TEXT,
             "competencies": [competencies[(n + p) % 12]], "strong_answer": TEXT,
             "probes": [TEXT], "anchors": {"exceeds": TEXT, "meets": TEXT, "below": TEXT}}
            for p in range(3)
        ])
    return item


def make_kit(total: int) -> dict:
    """A role with 4 levels, 12 competencies, 6 attitudes, ``total`` questions and one loop using them all."""
    disciplines = ["analytics", "engineering", "communication"]
    competencies = [f"competency-{c}" for c in range(12)]
    attitudes = [f"attitude-{a}" for a in range(6)]
    questions = [question(kind, n, competencies, attitudes)
                 for kind, count in kind_counts(total).items() for n in range(count)]
    by_kind: dict[str, list[str]] = {}
    for item in questions:
        by_kind.setdefault(item["kind"], []).append(item["key"])
    interview_keys = [item["key"] for item in questions
                      if item["kind"] not in ("knockout", "video", "resume_criterion")]
    interview_rounds = [
        {"key": f"interview-{r}", "name": f"Interview {r}", "duration_minutes": 60,
         "questions": interview_keys[r::8], "covers": competencies[r:r + 4]}
        for r in range(8)
    ]
    return {
        "format": "hiring-kit/2",
        "role": {"key": "benchmark", "title": "Benchmark role", "summary": TEXT,
                 "why_hard": {"author": "Hana Manager", "text": f"{TEXT}\n{TEXT}"}},
        "scale": {"min": 1, "max": 5},
        "exercise_conversion": {"below": -1, "exceeds": 1},
        "levels": [{"key": key, "name": key.title()} for key in LEVELS],
        "disciplines": [{"key": key, "name": key.title()} for key in disciplines],
        "competencies": [
            {"key": key, "name": f"Competency {c}", "discipline": disciplines[c % 3], "description": TEXT,
             "expectations": {level: {"proficiency": 1.5 + rank, "behaviour": TEXT}
                              for rank, level in enumerate(LEVELS)}}
            for c, key in enumerate(competencies)
        ],
        "attitudes": [{"key": key, "name": f"Attitude {a}", "definition": TEXT} for a, key in enumerate(attitudes)],
        "questions": questions,
        "loops": [{"key": "standard", "name": "Standard loop", "description": TEXT, "stages": [
            {"key": "application", "name": "Application screen", "kind": "application_screen", "rounds": [
                {"key": "screen", "name": "Screening", "duration_minutes": 10,
                 "questions": by_kind["knockout"] + by_kind["video"]}]},
            {"key": "resume", "name": "Resume screen", "kind": "resume_screen", "rounds": [
                {"key": "review", "name": "Resume review", "duration_minutes": 15,
                 "questions": by_kind["resume_criterion"]}]},
            {"key": "interviews", "name": "Interviews", "kind": "interviews", "rounds": interview_rounds},
        ]}],
        "decision_rule": {"combine": "compensatory", "probability": 0.75, "red_flag_rating": 2,
                          "red_flags_block": True, "requirements": {
                              level: [{"competency": key, "weight": 1} for key in competencies[: 4 + 2 * rank]]
                              for rank, level in enumerate(LEVELS)}},
    }


def median_seconds(runs: int, action: Callable[[int], object]) -> tuple[float, list[float]]:
    times = []
    for run in range(runs):
        started = time.perf_counter()
        action(run)
        times.append(time.perf_counter() - started)
    return statistics.median(times), times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="profile one replacing import (pyinstrument)")
    args = parser.parse_args()

    folder = tempfile.TemporaryDirectory(prefix="kit-benchmark-")
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(folder.name) / 'db.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hiring.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from rubrics.kits import export_kit, import_kit, parse_kit
    from rubrics.kits.export import dump_kit

    call_command("migrate", verbosity=0)
    text = dump_kit(make_kit(args.questions))
    lines, size_kb = text.count("\n"), len(text.encode()) / 1024

    validate, validate_runs = median_seconds(args.runs, lambda _: parse_kit(text))
    results = []
    imported, import_runs = median_seconds(
        args.runs, lambda run: results.append(import_kit(text=text, replace=run > 0)))
    role = results[-1].role
    exported, export_runs = median_seconds(args.runs, lambda _: export_kit(role=role))

    print(f"kit: {args.questions} questions, {lines} lines, {size_kb:.0f} KB")
    print(f"validation: {validate:.3f} s  (median of {args.runs}; {fmt(validate_runs)})")
    print(f"import:     {imported:.3f} s  (median of {args.runs}, first into an empty database, "
          f"then --replace; {fmt(import_runs)})")
    print(f"export:     {exported:.3f} s  (median of {args.runs}; {fmt(export_runs)})")
    print(f"round trip byte-identical: {export_kit(role=role) == text}")
    print(f"target import < 2 s: {'met' if imported < 2 else 'MISSED'}")
    if args.profile:
        from pyinstrument import Profiler

        with Profiler() as profiler:
            import_kit(text=text, replace=True)
        print(profiler.output_text(unicode=True, color=False))
    folder.cleanup()


def fmt(times: list[float]) -> str:
    return ", ".join(f"{t:.3f}" for t in times)


if __name__ == "__main__":
    main()
