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
