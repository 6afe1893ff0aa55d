"""The packet's chart: calibrated estimate ± 95 % interval and raw mean per competency, each level's bar marked.

Rendered by matplotlib as SVG with text kept as text (svg.fonttype 'none'), to be inlined in HTML.
The legend is not drawn into the SVG: ``legend`` lists its entries for the template to write as
text beside the chart, which reads better and skips matplotlib's costliest artist.
"""

import io
import textwrap

import matplotlib
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

Z95 = 1.959964
ESTIMATE_COLOUR = "#2456c7"
RAW_COLOUR = "#505a6b"
WIDE, NARROW = 7.0, 3.7  # inches: the page and the PDF; a phone screen
# matplotlib marker per level, in order, and the hollow glyph the HTML legend shows for it
MARKERS = [("v", "▽"), ("^", "△"), ("s", "□"), ("D", "◇"), ("P", "✚"), ("X", "✕"), ("*", "☆"), ("o", "○")]


def level_colour(index: int) -> str:
    return to_hex(f"C{index % 9 + 1}")


def _label(name: str, width: float) -> str:
    return "\n".join(textwrap.wrap(name, 18)) if width < WIDE else name


def svg(competencies: list[dict], bars: list[tuple[str, dict[str, float]]], scale: tuple[float, float] = (1, 5),
        width: float = WIDE) -> str:
    """competencies: dicts with name, identity, estimate, se (None when not calibrated) and raw_mean
    (the plain mean of the ratings, None when unrated); bars: (level name, {competency identity:
    expected proficiency}); scale: the role's (min, max) proficiency; width in inches (NARROW for
    phones: names wrap, the plot keeps most of the width). Returns an <svg> string."""
    rows = list(reversed(competencies))  # first competency at the top
    height = 0.75 + (0.38 if width >= WIDE else 0.5) * max(len(rows), 1)
    left = 0.3 if width >= WIDE else 0.34
    # Names are text people typed: "$" in one must stay a dollar sign, not start math markup
    # (matplotlib would parse "Exp $\frac$ design" as TeX and fail).
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "packet", "font.size": 8,
                                "font.family": "DejaVu Sans", "text.parse_math": False}):
        fig = Figure(figsize=(width, height))
        ax = fig.add_axes((left, 0.6 / height, 0.96 - left, 1 - 0.7 / height))
        rated = [(y, row["estimate"], Z95 * row["se"]) for y, row in enumerate(rows) if row["estimate"] is not None]
        if rated:
            ys = [y for y, _, _ in rated]
            lows, highs = [x - e for _, x, e in rated], [x + e for _, x, e in rated]
            ax.hlines(ys, lows, highs, color=ESTIMATE_COLOUR, linewidth=1.2)
            ax.plot(lows + highs, ys * 2, linestyle="none", marker="|", color=ESTIMATE_COLOUR, ms=6)  # the caps
            ax.plot([x for _, x, _ in rated], ys, "o", color=ESTIMATE_COLOUR, ms=4)
        raw = [(y, row["raw_mean"]) for y, row in enumerate(rows) if row.get("raw_mean") is not None]
        if raw:
            ax.plot([x for _, x in raw], [y for y, _ in raw], linestyle="none", marker="x", color=RAW_COLOUR, ms=5,
                    zorder=4)
        for i, (_level, cells) in enumerate(bars):
            points = [(y, cells[row["identity"]]) for y, row in enumerate(rows) if row["identity"] in cells]
            if points:
                ax.plot([x for _, x in points], [y for y, _ in points], linestyle="none",
                        marker=MARKERS[i % len(MARKERS)][0], ms=5, markerfacecolor="none",
                        markeredgecolor=level_colour(i), zorder=3)
        ax.set_yticks(range(len(rows)), [_label(row["name"], width) for row in rows])
        ax.tick_params(axis="y", length=0)
        ax.set_ylim(-0.6, len(rows) - 0.4)
        low, high = float(scale[0]), float(scale[1])
        ax.set_xlim(low - 0.5, high + 0.5)
        step = 2 if width >= WIDE else 1  # half steps where there is room, whole steps on a phone
        ax.set_xticks([v / step for v in range(int(step * low), int(step * high) + 1)])
        ax.set_xlabel("Proficiency")
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def legend(competencies: list[dict], bars: list[tuple[str, dict[str, float]]]) -> list[dict]:
    """The chart's legend entries (glyph, colour, label): the calibrated estimate when anything is
    calibrated, the raw mean when anything is rated, and each level that has a bar on the chart."""
    entries = [{"glyph": "●", "colour": ESTIMATE_COLOUR, "label": "Calibrated estimate ± 95 %"}] if any(
        row["estimate"] is not None for row in competencies) else []
    if any(row.get("raw_mean") is not None for row in competencies):
        entries.append({"glyph": "×", "colour": RAW_COLOUR, "label": "Raw mean of the ratings"})
    return entries + [{"glyph": MARKERS[i % len(MARKERS)][1], "colour": level_colour(i), "label": f"{level} bar"}
                      for i, (level, cells) in enumerate(bars) if any(row["identity"] in cells for row in competencies)]
