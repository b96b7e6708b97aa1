"""Charts drawn on the server as SVG: no script, no outside library, nothing fetched; the same markup in the
admin page and in the PDF (WeasyPrint draws inline SVG). Coordinates are plain numbers, never localised."""
CHART_WIDTH, BAR_HEIGHT, LABEL_WIDTH = 560, 18, 150


def bars(items):
    """Horizontal bars for [(label, value, part)]: each bar's length is its value against the largest; `part`
    (≤ value, or None) is drawn darker inside it (searches that found something, votes "Có")."""
    peak = max((value for _label, value, _part in items), default=0) or 1
    span = CHART_WIDTH - LABEL_WIDTH - 60
    rows = []
    for index, (label, value, part) in enumerate(items):
        rows.append({"label": label, "value": value, "y": index * (BAR_HEIGHT + 6),
                     "width": round(span * value / peak, 1), "part": round(span * (part or 0) / peak, 1),
                     "text_x": LABEL_WIDTH + round(span * value / peak, 1) + 4})
    return {"rows": rows, "width": CHART_WIDTH, "height": max(len(rows), 1) * (BAR_HEIGHT + 6),
            "label_width": LABEL_WIDTH, "bar_height": BAR_HEIGHT, "text_dy": BAR_HEIGHT - 5}
