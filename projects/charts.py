"""Server-side SVG chart geometry for dashboard pages: no JavaScript, no CDN.

The functions return plain numbers for `templates/charts/*.html` to draw; every chart
also renders its data as a table for screen readers.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float


def nice_ceiling(value):
    """The smallest 1, 2, 2.5 or 5 x 10^n at or above `value` (at least 1): a readable axis top."""
    if value <= 1:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= value:
            return int(step * magnitude) if step * magnitude == int(step * magnitude) else step * magnitude
    return 10 * magnitude


def column_chart(points, *, width=720, height=220, left=44, bottom=24, top=8, right=8):
    """Vertical bars for [(label, value)], e.g. events per day; with y ticks at 0, ½ and the top."""
    plot_width, plot_height = width - left - right, height - top - bottom
    ceiling = nice_ceiling(max((value for _, value in points), default=0))
    slot = plot_width / max(len(points), 1)
    bars = []
    for index, (label, value) in enumerate(points):
        bar_height = plot_height * value / ceiling
        bars.append(
            Bar(
                label=label,
                value=value,
                x=round(left + index * slot + slot * 0.15, 2),
                y=round(top + plot_height - bar_height, 2),
                width=round(slot * 0.7, 2),
                height=round(bar_height, 2),
            )
        )
    ticks = [
        {"value": value, "y": round(top + plot_height - plot_height * value / ceiling, 2)}
        for value in (0, ceiling / 2, ceiling)
    ]
    every = max(1, len(points) // 6)  # about six x labels, whatever the range
    labels = [{"text": bar.label, "x": round(bar.x + bar.width / 2, 2)} for bar in bars[::every]]
    return {
        "width": width,
        "height": height,
        "left": left,
        "right": width - right,
        "baseline": top + plot_height,
        "bars": bars,
        "ticks": ticks,
        "tick_x": left - 6,
        "labels": labels,
        "label_y": height - 6,
    }


def bar_chart(points, *, width=720, row=28, label_width=200, right=60):
    """Horizontal bars for [(label, value)], e.g. top events, largest first."""
    ceiling = max((value for _, value in points), default=0) or 1
    plot_width = width - label_width - right
    rows = []
    for index, (label, value) in enumerate(points):
        bar = Bar(
            label=label,
            value=value,
            x=label_width,
            y=index * row + 4,
            width=round(max(plot_width * value / ceiling, 1), 2),
            height=row - 8,
        )
        rows.append({"bar": bar, "text_y": index * row + row / 2, "value_x": round(bar.x + bar.width + 6, 2)})
    return {"width": width, "height": max(len(points), 1) * row, "rows": rows, "label_x": label_width - 8}
