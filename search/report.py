"""The officers' search report: what farmers look for, what they do not find, and how that changes.

Top queries, zero-result queries (the content gaps) and a daily trend over 7 or 30 days with an inline
SVG chart (no script, no outside library), optionally for one sector; the same rows as CSV.
"""
import csv
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncDate
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from kb.models import Sector
from search.models import SearchRecord

PERMISSION = "search.view_search_report"
PERIODS = (7, 30)
TOP = 20
CHART_WIDTH, CHART_HEIGHT = 600, 160


def _options(request):
    days = int(request.GET["days"]) if request.GET.get("days") in {str(p) for p in PERIODS} else PERIODS[0]
    sector = request.GET.get("sector") if request.GET.get("sector") in Sector.values else ""
    return days, sector


def _records(days, sector):
    since = timezone.now() - timedelta(days=days)
    records = SearchRecord.objects.filter(created_at__gte=since)
    return records.filter(sector=sector) if sector else records


def top_queries(records, zero_only=False):
    rows = records.exclude(query="")
    if zero_only:
        rows = rows.filter(result_count=0)
    return list(rows.values("query").annotate(searches=Count("id"), results=Avg("result_count"))
                .order_by("-searches", "query")[:TOP])


def daily_trend(records, days):
    """One row per day of the period (days without searches included), oldest first."""
    counts = {row["day"]: row for row in records.annotate(day=TruncDate("created_at")).values("day").annotate(
        searches=Count("id"), zero=Count("id", filter=Q(result_count=0)))}
    today = timezone.localdate()
    return [{"day": day, "searches": counts.get(day, {}).get("searches", 0), "zero": counts.get(day, {}).get("zero", 0)}
            for day in (today - timedelta(days=offset) for offset in range(days - 1, -1, -1))]


def chart(trend):
    """Bars for searches, with the zero-result part of each day darker, scaled to the busiest day."""
    peak = max((row["searches"] for row in trend), default=0) or 1
    step = CHART_WIDTH / max(len(trend), 1)
    bars = []
    for index, row in enumerate(trend):
        height = CHART_HEIGHT * row["searches"] / peak
        zero = CHART_HEIGHT * row["zero"] / peak
        bars.append({"x": round(index * step + 1, 1), "width": round(max(step - 2, 1), 1),
                     "y": round(CHART_HEIGHT - height, 1), "height": round(height, 1),
                     "zero_y": round(CHART_HEIGHT - zero, 1), "zero_height": round(zero, 1), **row})
    return {"bars": bars, "width": CHART_WIDTH, "height": CHART_HEIGHT, "peak": peak}


def _allowed(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def report_view(request):
    _allowed(request)
    days, sector = _options(request)
    records = _records(days, sector)
    trend = daily_trend(records, days)
    return render(request, "search/report.html", {
        "days": days, "sector": sector, "periods": PERIODS, "sectors": Sector.choices,
        "total": records.count(), "zero_total": records.filter(result_count=0).count(),
        "top": top_queries(records), "gaps": top_queries(records, zero_only=True),
        "trend": trend, "chart": chart(trend),
    })


def csv_view(request):
    """Top and zero-result queries and the daily trend of the chosen period, as one CSV file."""
    _allowed(request)
    days, sector = _options(request)
    records = _records(days, sector)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tim-kiem-{days}-ngay{"-" + sector if sector else ""}.csv"'
    response.write("\ufeff")  # spreadsheet programs then read the Vietnamese text as UTF-8
    writer = csv.writer(response)
    writer.writerow(["section", "query_or_day", "searches", "average_results_or_zero_result_searches"])
    for name, rows in (("top", top_queries(records)), ("zero_results", top_queries(records, zero_only=True))):
        for row in rows:
            writer.writerow([name, row["query"], row["searches"], round(row["results"], 1)])
    for row in daily_trend(records, days):
        writer.writerow(["day", row["day"].isoformat(), row["searches"], row["zero"]])
    return response
