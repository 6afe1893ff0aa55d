"""The packet's chart: calibrated estimate ± 95 % interval per competency, each level's bar marked.

Rendered by matplotlib as SVG with text kept as text (svg.fonttype 'none'), to be inlined in HTML.
"""

import io

import matplotlib
from matplotlib.figure import Figure

Z95 = 1.959964
MARKERS = "v^sDPX*o"


def svg(competencies: list[dict], bars: list[tuple[str, dict[str, float]]], scale: tuple[float, float] = (1, 5)) -> str:
    """competencies: dicts with name, identity, estimate, se (None when not calibrated);
    bars: (level name, {competency identity: expected proficiency}); scale: the role's (min, max)
    proficiency. Returns an <svg> string."""
    rows = list(reversed(competencies))  # first competency at the top
    height = 1.0 + 0.38 * max(len(rows), 1)
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "packet", "font.size": 8,
                                "font.family": "DejaVu Sans"}):
        fig = Figure(figsize=(7.0, height))
        ax = fig.add_axes((0.3, 0.6 / height + 0.02, 0.66, 1 - 0.95 / height))
        ys = range(len(rows))
        rated = [(row["estimate"], y, Z95 * row["se"]) for y, row in zip(ys, rows, strict=True)
                 if row["estimate"] is not None]
        if rated:
            x, yy, err = zip(*rated, strict=True)
            ax.errorbar(x, yy, xerr=err, fmt="o", color="#2456c7", capsize=3, ms=4, label="Estimate ± 95 %")
        for i, (level, cells) in enumerate(bars):
            points = [(cells[row["identity"]], y) for y, row in zip(ys, rows, strict=True) if row["identity"] in cells]
            if points:
                ax.scatter([p[0] for p in points], [p[1] for p in points], marker=MARKERS[i % len(MARKERS)],
                           s=22, facecolors="none", edgecolors=f"C{i + 1}", label=f"{level} bar", zorder=3)
        ax.set_yticks(list(ys), [row["name"] for row in rows])
        ax.set_ylim(-0.6, len(rows) - 0.4)
        low, high = float(scale[0]), float(scale[1])
        ax.set_xlim(low - 0.5, high + 0.5)
        ax.set_xticks([v / 2 for v in range(int(2 * low), int(2 * high) + 1)])
        ax.set_xlabel("Proficiency (calibrated estimate, 95 % interval)")
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        if ax.get_legend_handles_labels()[0]:  # nothing rated and no bars: no legend to draw
            ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=min(len(bars) + 1, 6),
                      frameon=False, fontsize=7)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    return text[text.index("<svg"):]
