import re

from hiring.packets import chart


def test_chart_of_an_application_nobody_rated_yet_draws_axes_and_has_no_legend():
    rows, bars = [{"name": "SQL", "identity": "ds:sql", "estimate": None, "se": None}], [("Junior", {})]
    text = chart.svg(rows, bars)
    assert text.startswith("<svg")
    assert "SQL" in text and "Proficiency" in text
    assert chart.legend(rows, bars) == []


def test_legend_lists_the_estimate_and_each_level_with_a_bar_in_its_own_marker_and_colour():
    rows = [{"name": "SQL", "identity": "ds:sql", "estimate": 3.2, "se": 0.3}]
    bars = [("Junior", {"ds:sql": 2.0}), ("Mid", {}), ("Senior", {"ds:sql": 4.0})]
    entries = chart.legend(rows, bars)
    assert [e["label"] for e in entries] == ["Estimate ± 95 %", "Junior bar", "Senior bar"]
    assert [e["glyph"] for e in entries] == ["●", "▽", "□"]  # Senior is the third level: its marker, not the second
    assert len({e["colour"] for e in entries}) == 3


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
    monkeypatch.setattr(chart, "svg", lambda rows, bars, scale: calls.append(rows) or "<svg/>")
    rows = [{"name": "SQL", "identity": "ds:sql", "estimate": 3.2, "se": 0.3}]
    bars = [("Junior", {"ds:sql": 2.0})]
    assert context._chart(rows, bars, (1.0, 5.0)) == context._chart(rows, bars, (1.0, 5.0)) == "<svg/>"
    context._chart([{**rows[0], "estimate": 3.4}], bars, (1.0, 5.0))
    assert len(calls) == 2
