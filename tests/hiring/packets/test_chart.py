from hiring.packets import chart


def test_chart_of_an_application_nobody_rated_yet_draws_axes_without_a_legend():
    text = chart.svg([{"name": "SQL", "identity": "ds:sql", "estimate": None, "se": None}], [("Junior", {})])
    assert text.startswith("<svg")
    assert "SQL" in text
    assert "Junior bar" not in text


def test_chart_labels_each_level_bar_and_the_estimate():
    text = chart.svg([{"name": "SQL", "identity": "ds:sql", "estimate": 3.2, "se": 0.3}],
                     [("Junior", {"ds:sql": 2.0}), ("Senior", {"ds:sql": 4.0})])
    assert ("Junior bar" in text, "Senior bar" in text, "Estimate ± 95 %" in text) == (True, True, True)


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
