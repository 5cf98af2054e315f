"""SVG chart geometry: bars scale to a readable axis top and stay inside the plot."""

from projects.charts import bar_chart, column_chart, nice_ceiling


def test_nice_ceiling_rounds_up_to_a_readable_number():
    assert [nice_ceiling(value) for value in (0, 1, 3, 7, 40, 120, 2600)] == [1, 1, 5, 10, 50, 200, 5000]


def test_column_heights_are_proportional_and_inside_the_plot():
    chart = column_chart([("a", 0), ("b", 25), ("c", 50)], height=220, top=8, bottom=24)
    heights = [bar.height for bar in chart["bars"]]
    assert heights == [0, 94.0, 188.0]
    assert all(bar.y >= 8 and bar.y + bar.height <= chart["baseline"] + 0.01 for bar in chart["bars"])
    assert [tick["value"] for tick in chart["ticks"]] == [0, 25, 50]


def test_empty_series_draws_no_bars_without_dividing_by_zero():
    assert column_chart([])["bars"] == []
    assert bar_chart([])["rows"] == []


def test_longest_horizontal_bar_fills_the_plot():
    chart = bar_chart([("signup", 40), ("login", 10)], width=720, label_width=200, right=60)
    widths = [row["bar"].width for row in chart["rows"]]
    assert widths == [460.0, 115.0]
