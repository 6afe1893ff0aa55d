"""The packet's chart: calibrated estimate ± 95 % interval per competency, each level's bar marked.

Rendered by matplotlib as SVG with text kept as text (svg.fonttype 'none'), to be inlined in HTML.
The legend is not drawn into the SVG: ``legend`` lists its entries for the template to write as
text beside the chart, which reads better and skips matplotlib's costliest artist.
"""

import io

import matplotlib
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

Z95 = 1.959964
ESTIMATE_COLOUR = "#2456c7"
# matplotlib marker per level, in order, and the hollow glyph the HTML legend shows for it
MARKERS = [("v", "▽"), ("^", "△"), ("s", "□"), ("D", "◇"), ("P", "✚"), ("X", "✕"), ("*", "☆"), ("o", "○")]


def level_colour(index: int) -> str:
    return to_hex(f"C{index % 9 + 1}")


def svg(competencies: list[dict], bars: list[tuple[str, dict[str, float]]], scale: tuple[float, float] = (1, 5)) -> str:
    """competencies: dicts with name, identity, estimate, se (None when not calibrated);
    bars: (level name, {competency identity: expected proficiency}); scale: the role's (min, max)
    proficiency. Returns an <svg> string."""
    rows = list(reversed(competencies))  # first competency at the top
    height = 0.75 + 0.38 * max(len(rows), 1)
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "packet", "font.size": 8,
                                "font.family": "DejaVu Sans"}):
        fig = Figure(figsize=(7.0, height))
        ax = fig.add_axes((0.3, 0.6 / height, 0.66, 1 - 0.7 / height))
        rated = [(y, row["estimate"], Z95 * row["se"]) for y, row in enumerate(rows) if row["estimate"] is not None]
        if rated:
            ys = [y for y, _, _ in rated]
            lows, highs = [x - e for _, x, e in rated], [x + e for _, x, e in rated]
            ax.hlines(ys, lows, highs, color=ESTIMATE_COLOUR, linewidth=1.2)
            ax.plot(lows + highs, ys * 2, linestyle="none", marker="|", color=ESTIMATE_COLOUR, ms=6)  # the caps
            ax.plot([x for _, x, _ in rated], ys, "o", color=ESTIMATE_COLOUR, ms=4)
        for i, (_level, cells) in enumerate(bars):
            points = [(y, cells[row["identity"]]) for y, row in enumerate(rows) if row["identity"] in cells]
            if points:
                ax.plot([x for _, x in points], [y for y, _ in points], linestyle="none",
                        marker=MARKERS[i % len(MARKERS)][0], ms=5, markerfacecolor="none",
                        markeredgecolor=level_colour(i), zorder=3)
        ax.set_yticks(range(len(rows)), [row["name"] for row in rows])
        ax.tick_params(axis="y", length=0)
        ax.set_ylim(-0.6, len(rows) - 0.4)
        low, high = float(scale[0]), float(scale[1])
        ax.set_xlim(low - 0.5, high + 0.5)
        ax.set_xticks([v / 2 for v in range(int(2 * low), int(2 * high) + 1)])
        ax.set_xlabel("Proficiency (calibrated estimate, 95 % interval)")
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def legend(competencies: list[dict], bars: list[tuple[str, dict[str, float]]]) -> list[dict]:
    """The chart's legend entries (glyph, colour, label): the estimate when anything is rated, and
    each level that has a bar on the chart."""
    entries = [{"glyph": "●", "colour": ESTIMATE_COLOUR, "label": "Estimate ± 95 %"}] if any(
        row["estimate"] is not None for row in competencies) else []
    return entries + [{"glyph": MARKERS[i % len(MARKERS)][1], "colour": level_colour(i), "label": f"{level} bar"}
                      for i, (level, cells) in enumerate(bars) if any(row["identity"] in cells for row in competencies)]
