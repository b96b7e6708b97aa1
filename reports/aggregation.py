"""Raw events → daily counts (`DailyCount`), then the raw events past their retention purged: the order that
keeps every figure of the programme's report after its searches are gone.

`aggregate()` recounts whole local days: the days never counted, and the last RECOUNT_DAYS again (searches
written late by the batches, questions answered or marked since, votes of today), up to today. A day's
rows are replaced, never added to, so running it twice changes nothing; one run at a time (a locked row).
A day before today, once counted, is marked (`AggregatedDay`); `purge()` removes raw events only of marked
days, and only past SEARCH_RECORD_RETENTION_DAYS.
"""
import logging
from collections import Counter, defaultdict
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, Min, Q, Sum
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import TruncDate
from django.utils import timezone

from alerts.models import Delivery, Status
from analytics.models import SearchRecord, UsageEvent
from analytics.privacy import masked_query
from feedback.models import VoteCount
from kb.models import AlertPage, Commodity, GuidePage, Region
from questions.models import FarmerQuestion
from reports.grouping import Grouper
from reports.models import AggregatedDay, AggregationLock, DailyCount, Metric, Outcome

logger = logging.getLogger(__name__)
RECOUNT_DAYS = 7
BATCH = 5000


def start_of(day):
    return timezone.make_aware(datetime.combine(day, time.min))


FIELDS = [field for field in DailyCount._meta.concrete_fields if not field.primary_key]
DEFAULTS = {field.attname: field.get_default() for field in FIELDS}
PREPARED = {field.attname for field in FIELDS if field.get_internal_type() in ("DateField", "JSONField")}


def row(**values):
    """One DailyCount row as a dict of its columns (a year's first count writes hundreds of thousands: model
    instances and the ORM's insert would take most of the minute)."""
    return {**DEFAULTS, **values}


def write(rows):
    """Insert `rows` (of `row`) with one prepared statement."""
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(DailyCount._meta.db_table)} ({', '.join(quote(f.column) for f in FIELDS)}) "
           f"VALUES ({', '.join(['%s'] * len(FIELDS))})")
    prepared = [field for field in FIELDS if field.attname in PREPARED]
    with connection.cursor() as cursor:
        for first in range(0, len(rows), BATCH):
            values = []
            for each in rows[first:first + BATCH]:
                for field in prepared:
                    each[field.attname] = field.get_db_prep_save(each[field.attname], connection)
                values.append([each[field.attname] for field in FIELDS])
            cursor.executemany(sql, values)


def _rows(counts, metric, **fixed):
    """Rows from {(dimension pairs…): value}."""
    return [row(metric=metric, value=value, **fixed, **dict(key)) for key, value in counts.items() if value]


def searches(first, last, grouper):
    """SEARCH rows (found / empty); an empty search's words grouped, with the form typed most."""
    slugs = {"commodity": dict(Commodity.objects.values_list("slug", "pk")),
             "region": dict(Region.objects.values_list("slug", "pk"))}
    counts, typed = Counter(), defaultdict(Counter)
    for day, language, sector, commodity, topic, region, found, query, n in _searched(first, last):
        words, named = grouper.key(query) if query else ("", None)
        key = (("day", day), ("language", language), ("sector", sector),
               ("commodity_id", slugs["commodity"].get(commodity) or named), ("topic", (topic or "")[:100]),
               ("region_id", slugs["region"].get(region)), ("outcome", Outcome.FOUND if found else Outcome.EMPTY),
               ("words", "" if found else words))
        counts[key] += n
        if not found:
            typed[key][query] += n
    return [row(metric=Metric.SEARCH, value=value, **dict(key), text=typed[key].most_common(1)[0][0] if key in typed
                else "") for key, value in counts.items()]


def _searched(first, last):
    """(day, language, sector, commodity, topic and region filters, found, query, searches), a day at a time: a
    range of the indexed time per query, where grouping by a computed local date would call a function per
    record (SQLite)."""
    day = first
    while day <= last:
        yield from ((day, *values) for values in SearchRecord.objects.filter(
            created_at__gte=start_of(day), created_at__lt=start_of(day + timedelta(1)))
            .annotate(found=ExpressionWrapper(Q(result_count__gt=0), BooleanField()),
                      commodity_slug=KeyTextTransform("commodity", "filters"),
                      topic_slug=KeyTextTransform("topic", "filters"),
                      region_slug=KeyTextTransform("region", "filters"))
            .values_list("language", "sector", "commodity_slug", "topic_slug", "region_slug", "found", "query")
            .annotate(n=Count("id")).order_by())
        day += timedelta(1)


def questions(first, last, grouper):
    """QUESTION (by the day asked), ANSWERED (by the day of the first answer, with each one's hours),
    NO_GUIDE (asked, marked) and SEARCH_ASKED (asked after a search: its words grouped) rows."""
    start, end = start_of(first), start_of(last + timedelta(1))
    kept = FarmerQuestion.objects.exclude(status=FarmerQuestion.Status.SPAM)
    fields = ("sector", "commodity_id", "commune_id", "district_id", "channel")
    asked, no_guide, answered, hours, after_search, typed = (Counter(), Counter(), Counter(), defaultdict(list),
                                                             Counter(), defaultdict(Counter))
    for created, answered_at, marked, query, *values in (
            kept.filter(Q(created_at__gte=start, created_at__lt=end) | Q(answered_at__gte=start, answered_at__lt=end))
            .values_list("created_at", "answered_at", "no_guide", "source_query", *fields).iterator(BATCH)):
        dimensions = tuple(zip(("sector", "commodity_id", "commune_id", "region_id", "channel"), values))
        if start <= created < end:
            day = (("day", timezone.localdate(created)),)
            asked[day + dimensions] += 1
            no_guide[day + dimensions] += marked
            if query:
                words, named = grouper.key(query)
                key = day + tuple((name, value if name != "commodity_id" else value or named)
                                  for name, value in dimensions) + (("words", words),)
                after_search[key] += 1
                typed[key][masked_query(query)] += 1
        if answered_at and start <= answered_at < end:
            key = (("day", timezone.localdate(answered_at)),) + dimensions
            answered[key] += 1
            hours[key].append(round((answered_at - created).total_seconds() / 3600, 2))
    result = _rows(asked, Metric.QUESTION) + _rows(no_guide, Metric.NO_GUIDE)
    for key, value in answered.items():
        result.append(row(metric=Metric.ANSWERED, value=value, hours=sorted(hours[key]), **dict(key)))
    for key, value in after_search.items():
        result.append(row(metric=Metric.SEARCH_ASKED, value=value, text=typed[key].most_common(1)[0][0],
                                 **dict(key)))
    return result


USAGE_METRICS = {UsageEvent.Kind.SHEET: Metric.SHEET, UsageEvent.Kind.PACK: Metric.PACK,
                 UsageEvent.Kind.SAVED: Metric.SAVED, UsageEvent.Kind.SHARED: Metric.SHARED}


def usage(first, last, grouper):
    """SHEET, PACK (and the guides packed), SAVED and SHARED rows, with the sector and first commodity of the
    guide used (as it is now)."""
    rows = list(UsageEvent.objects.filter(created_at__gte=start_of(first), created_at__lt=start_of(last + timedelta(1)))
                .annotate(day=TruncDate("created_at"))
                .values_list("day", "kind", "page_id", "via", "language").annotate(n=Count("id"), g=Sum("guides"))
                .order_by())
    guides = {page.pk: (page.sector, next((c.pk for c in page.commodities.all()), None)) for page in
              GuidePage.objects.filter(pk__in={row[2] for row in rows if row[2]}).prefetch_related("commodities")}
    result = []
    for day, kind, page_id, via, language, n, packed in rows:
        sector, commodity = guides.get(page_id, ("", None))
        fields = {"day": day, "channel": via, "language": language, "sector": sector, "commodity_id": commodity}
        result.append(row(metric=USAGE_METRICS[kind], value=n, **fields))
        if kind == UsageEvent.Kind.PACK:
            result.append(row(metric=Metric.PACK, outcome=Outcome.GUIDES, value=packed, **fields))
    return _merged(result)


def _merged(rows):
    """Rows that differ only in what the report does not keep (the page) summed into one."""
    merged = {}
    for each in rows:
        key = tuple(each[name] for name in ("day", "metric", "channel", "language", "sector", "commodity_id",
                                            "outcome"))
        if key in merged:
            merged[key]["value"] += each["value"]
        else:
            merged[key] = each
    return list(merged.values())


def alerts(first, last, grouper):
    """ALERT rows (alerts first published that day) and DELIVERY rows (messages sent that day by channel and
    commune; failed and skipped ones by the day they were tried)."""
    start, end = start_of(first), start_of(last + timedelta(1))
    issued = Counter((("day", day),) for day in AlertPage.objects.filter(
        first_published_at__gte=start, first_published_at__lt=end).annotate(day=TruncDate("first_published_at"))
        .values_list("day", flat=True))
    result = _rows(issued, Metric.ALERT)
    for status, stamp in ((Status.SENT, "sent_at"), (Status.FAILED, "claimed_at"), (Status.SKIPPED, "claimed_at")):
        for day, channel, commune, n in (Delivery.objects.filter(status=status, **{f"{stamp}__gte": start,
                                                                                     f"{stamp}__lt": end})
                                         .annotate(day=TruncDate(stamp)).values_list("day", "channel", "commune_id")
                                         .annotate(n=Count("pk")).order_by()):
            result.append(row(metric=Metric.DELIVERY, day=day, channel=channel, commune_id=commune,
                                     outcome=status, value=n))
    return result


def votes(first, last, grouper):
    """VOTE rows: "Có" and "Chưa" by day, what was voted on, channel and commune (feedback keeps them by item)."""
    result = []
    for day, kind, channel, commune, yes, no in (VoteCount.objects.filter(day__gte=first, day__lte=last)
                                                 .values_list("day", "kind", "channel", "commune_id")
                                                 .annotate(yes=Sum("yes"), no=Sum("no")).order_by()):
        for outcome, value in ((Outcome.YES, yes), (Outcome.NO, no)):
            if value:
                result.append(row(metric=Metric.VOTE, day=day, kind=kind, channel=channel,
                                         commune_id=commune, outcome=outcome, value=value))
    return result


SOURCES = (searches, questions, usage, alerts, votes)


def earliest_day():
    """The first local day any counted event happened on (None: nothing happened yet)."""
    firsts = [SearchRecord.objects.aggregate(d=Min("created_at"))["d"],
              UsageEvent.objects.aggregate(d=Min("created_at"))["d"],
              FarmerQuestion.objects.aggregate(d=Min("created_at"))["d"],
              AlertPage.objects.aggregate(d=Min("first_published_at"))["d"]]
    days = [timezone.localdate(first) for first in firsts if first]
    vote_day = VoteCount.objects.aggregate(d=Min("day"))["d"]
    return min(days + ([vote_day] if vote_day else []), default=None)


def days_to_count(today):
    """(first, last) local days this run recounts."""
    latest = AggregatedDay.objects.order_by("-day").values_list("day", flat=True).first()
    first = latest + timedelta(days=1 - RECOUNT_DAYS) if latest else earliest_day()
    return (min(first, today), today) if first else (None, None)


def aggregate(today=None):
    """Recount the days `days_to_count` names; returns (first day, last day, rows written)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        AggregationLock.objects.get_or_create(pk=1)
        AggregationLock.objects.select_for_update().get(pk=1)
        first, last = days_to_count(today)
        if first is None:
            return None, None, 0
        grouper = Grouper()
        rows = [row for source in SOURCES for row in source(first, last, grouper)]
        DailyCount.objects.filter(day__gte=first, day__lte=last).delete()
        write(rows)
        done = [first + timedelta(days=n) for n in range((today - first).days)]
        AggregatedDay.objects.filter(day__in=done).delete()
        AggregatedDay.objects.bulk_create([AggregatedDay(day=day) for day in done], batch_size=BATCH)
    logger.info("counted %s to %s: %d daily rows", first, last, len(rows))
    return first, last, len(rows)


def purge(now=None):
    """Remove search records and usage events past SEARCH_RECORD_RETENTION_DAYS whose day is counted, both in one
    transaction so no reader sees one gone and the other still there; returns how many of each."""
    now = now or timezone.now()
    counted = AggregatedDay.objects.order_by("-day").values_list("day", flat=True).first()
    if counted is None:
        return 0, 0
    before = min(now - timedelta(days=settings.SEARCH_RECORD_RETENTION_DAYS), start_of(counted + timedelta(1)))
    with transaction.atomic():
        return SearchRecord.objects.purge_before(before), UsageEvent.objects.purge_before(before)
