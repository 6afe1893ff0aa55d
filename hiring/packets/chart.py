"""The packet's chart: calibrated estimate ± 95 % interval per competency, each level's bar marked.

Rendered by matplotlib as SVG with text kept as text (svg.fonttype 'none'), to be inlined in HTML.
"""

import io

import matplotlib
from matplotlib.figure import Figure

Z95 = 1.959964
MARKERS = "v^sDPX*o"


def svg(competencies: list[dict], bars: list[tuple[str, dict[str, float]]]) -> str:
    """competencies: dicts with name, identity, estimate, se (None when not calibrated);
    bars: (level name, {competency identity: expected proficiency}). Returns an <svg> string."""
    rows = list(reversed(competencies))  # first competency at the top
    height = 1.0 + 0.38 * max(len(rows), 1)
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "packet", "font.size": 8,
                                "font.family": "DejaVu Sans"}):
        fig = Figure(figsize=(7.0, height))
        ax = fig.add_axes((0.3, 0.6 / height + 0.02, 0.66, 1 - 0.95 / height))
        ys = range(len(rows))
        for y, row in zip(ys, rows, strict=True):
            if row["estimate"] is not None:
                ax.errorbar(row["estimate"], y, xerr=Z95 * row["se"], fmt="o", color="#2456c7", capsize=3, ms=4)
        for i, (level, cells) in enumerate(bars):
            points = [(cells[row["identity"]], y) for y, row in zip(ys, rows, strict=True) if row["identity"] in cells]
            if points:
                ax.scatter([p[0] for p in points], [p[1] for p in points], marker=MARKERS[i % len(MARKERS)],
                           s=22, facecolors="none", edgecolors=f"C{i + 1}", label=f"{level} bar", zorder=3)
        ax.set_yticks(list(ys), [row["name"] for row in rows])
        ax.set_ylim(-0.6, len(rows) - 0.4)
        ax.set_xlabel("Proficiency (calibrated estimate, 95 % interval)")
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        if bars:
            ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=min(len(bars), 5),
                      frameon=False, fontsize=7)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    return text[text.index("<svg"):]
