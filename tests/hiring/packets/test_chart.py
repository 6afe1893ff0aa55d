import re

from hiring.packets import chart


def test_chart_of_an_application_nobody_rated_yet_draws_axes_and_has_no_legend():
    rows, bars = [{"name": "SQL", "identity": "ds:sql", "estimate": None, "se": None}], [("Junior", {})]
    text = chart.svg(rows, bars)
    assert text.startswith("<svg")
    assert "SQL" in text and "Proficiency" in text
    assert chart.legend(rows, bars) == []


def test_legend_lists_the_estimate_and_each_level_with_a_bar_in_its_own_marker_and_colour():
    rows = [{"name": "SQL", "identity": "ds:sql", "estimate": 3.2, "se": 0.3, "raw_mean": 2.5}]
    bars = [("Junior", {"ds:sql": 2.0}), ("Mid", {}), ("Senior", {"ds:sql": 4.0})]
    entries = chart.legend(rows, bars)
    assert [e["label"] for e in entries] == ["Calibrated estimate ± 95 %", "Raw mean of the ratings", "Junior bar",
                                             "Senior bar"]
    assert [e["glyph"] for e in entries] == ["●", "×", "▽", "□"]  # Senior is the third level: its marker
    assert len({e["colour"] for e in entries}) == 4


def test_chart_draws_each_estimate_with_its_interval_and_each_bar_marker():
    rows = [{"name": "SQL", "identity": "ds:sql", "estimate": 3.2, "se": 0.3},
            {"name": "Modelling", "identity": "ds:model", "estimate": None, "se": None}]
    text = chart.svg(rows, [("Junior", {"ds:sql": 2.0, "ds:model": 2.0}), ("Senior", {"ds:sql": 4.0})])
    assert text.count("<g id=\"LineCollection_1\"") == 1  # one interval line: Modelling has no estimate
    hollow_markers = [re.findall(rf'<use [^>]*style="fill-opacity: 0; stroke: {chart.level_colour(i)}', text)
                      for i in (0, 1)]
    assert [len(found) for found in hollow_markers] == [2, 1]


def test_packet_context_draws_the_chart_once_for_unchanged_inputs(monkeypatch):
    from django.core.cache import cache

    from hiring.packets import context

    cache.clear()
    calls = []
    monkeypatch.setattr(chart, "svg", lambda rows, bars, scale, width: calls.append(rows) or "<svg/>")
    rows = [{"name": "SQL", "identity": "ds:sql", "estimate": 3.2, "se": 0.3}]
    bars = [("Junior", {"ds:sql": 2.0})]
    assert context._chart(rows, bars, (1.0, 5.0)) == context._chart(rows, bars, (1.0, 5.0)) == "<svg/>"
    context._chart([{**rows[0], "estimate": 3.4}], bars, (1.0, 5.0))
    assert len(calls) == 2


def test_chart_marks_the_raw_mean_beside_the_calibrated_estimate():
    rows = [{"name": "SQL", "identity": "ds:sql", "estimate": 3.2, "se": 0.3, "raw_mean": 2.5},
            {"name": "Modelling", "identity": "ds:model", "estimate": None, "se": None, "raw_mean": None}]
    text = chart.svg(rows, [])
    assert len(re.findall(rf'<use [^>]*style="fill: {chart.RAW_COLOUR}; stroke: {chart.RAW_COLOUR}', text)) == 1


def test_narrow_chart_wraps_long_competency_names():
    rows = [{"name": "Experiment design and analysis", "identity": "ds:x", "estimate": 3.0, "se": 0.2,
             "raw_mean": 3.0}]
    narrow, wide = chart.svg(rows, [], width=chart.NARROW), chart.svg(rows, [])
    assert ("Experiment design" in narrow, "and analysis" in narrow, "Experiment design and" in narrow) == (
        True, True, False)
    assert "Experiment design and analysis" in wide


def test_dollar_signs_in_a_competency_name_are_text_not_math():
    rows = [{"name": r"Exp $\frac$ design", "identity": "ds:exp", "estimate": 3.0, "se": 0.4},
            {"name": "Costs in $ and $$", "identity": "ds:cost", "estimate": None, "se": None}]
    text = chart.svg(rows, [("Junior", {"ds:exp": 2.0})])
    assert re.findall(r"<text [^>]*>([^<]*\$[^<]*)</text>", text) == ["Costs in $ and $$", r"Exp $\frac$ design"]
