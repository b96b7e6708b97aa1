"""The programme's report over a year of synthetic activity: how long the aggregation job takes to count it
(its first run: the whole year) and how long the report takes to build (figures, communes, charts; the CSV
export and the PDF through the admin). Seeds with bulk inserts, in a throw-away SQLite database:
    .venv/bin/python bench/programme_report.py [--searches 1000000] [--questions 10000] [--votes 200000]
Targets: the report under 5 s, the aggregation under a minute.
"""
import argparse
import json
import os
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BATCH = 20_000


def load():
    return f"load average {os.getloadavg()[0]:.2f}"


def queries():
    """The demo's queries and questions, and variants of them as farmers type (without diacritics, with filler,
    a place): about 1,500 different queries, most searched ones first."""
    from kb.text import fold

    found = [json.loads(line)["q"] for name in ("demo_queries.jsonl", "demo_questions.jsonl")
             for line in (ROOT / "bench" / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    variants = []
    for q in found:
        variants += [q, fold(q), f"{q} phải làm sao", f"{fold(q)} o phu vang", f"cách {q}", f"{q} bị gì"]
    return variants


def seed(args, rng):
    from django.utils import timezone

    from analytics.models import SearchRecord, UsageEvent
    from feedback.models import VoteCount
    from kb.models import Commodity, Commune, GuidePage
    from questions.models import FarmerQuestion

    now = timezone.now()
    typed = queries()
    weights = [1 / (rank + 1) for rank in range(len(typed))]
    slugs = list(Commodity.objects.values_list("slug", flat=True))
    started = time.perf_counter()
    for first in range(0, args.searches, BATCH):
        picks = rng.choices(typed, weights, k=min(BATCH, args.searches - first))
        SearchRecord.objects.bulk_create([
            SearchRecord(query=q, created_at=now - timedelta(seconds=rng.randrange(365 * 86400)),
                         result_count=0 if rng.random() < 0.18 else rng.randrange(1, 40), duration_ms=30,
                         filters={"commodity": rng.choice(slugs)} if rng.random() < 0.1 else {},
                         language="vi" if rng.random() < 0.95 else "en") for q in picks], batch_size=BATCH)
    communes, commodities = list(Commune.objects.all()), list(Commodity.objects.all())
    asked = []
    for n in range(args.questions):
        created = now - timedelta(seconds=rng.randrange(365 * 86400))
        answered = created + timedelta(hours=rng.expovariate(1 / 20)) if rng.random() < 0.9 else None
        asked.append(FarmerQuestion(text=f"Câu hỏi thử số {n} về cây trồng vật nuôi", commune=rng.choice(communes),
                                    district_id=None, commodity=rng.choice(commodities), created_at=created,
                                    answered_at=answered if answered and answered < now else None,
                                    status="answered" if answered and answered < now else "new",
                                    no_guide=rng.random() < 0.1,
                                    source_query=rng.choice(typed) if rng.random() < 0.2 else ""))
    FarmerQuestion.objects.bulk_create(asked, batch_size=BATCH)
    guides = list(GuidePage.objects.values_list("pk", flat=True))
    counts, left, day0 = {}, args.votes, timezone.localdate()
    while left > 0:
        key = (rng.choice(guides), day0 - timedelta(days=rng.randrange(365)), rng.choice(["web", "zalo", "sms"]))
        yes = rng.random() < 0.75
        counts.setdefault(key, [0, 0])[0 if yes else 1] += 1
        left -= 1
    VoteCount.objects.bulk_create([VoteCount(kind="guide", item_id=pk, day=day, channel=channel, yes=yes, no=no)
                                   for (pk, day, channel), (yes, no) in counts.items()], batch_size=BATCH)
    UsageEvent.objects.bulk_create([
        UsageEvent(kind=rng.choice(["sheet", "saved", "shared"]), page_id=rng.choice(guides),
                   created_at=now - timedelta(seconds=rng.randrange(365 * 86400))) for _n in range(20_000)],
        batch_size=BATCH)
    print(f"seeded {args.searches} searches, {args.questions} questions, {args.votes} votes ({len(counts)} daily "
          f"vote rows), 20000 uses in {time.perf_counter() - started:.0f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--searches", type=int, default=1_000_000)
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--votes", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as var:
        os.environ.update(VAR_DIR=var, DJANGO_SETTINGS_MODULE="config.settings", ALLOWED_HOSTS="testserver",
                          PLAIN_STATICFILES="1")  # the admin pages without collectstatic
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.contrib.auth.models import User
        from django.core.management import call_command
        from django.test import Client
        from django.utils import timezone

        from reports.aggregation import aggregate
        from reports.models import DailyCount
        from reports.programme import Programme, period
        from reports.views import ChosenPeriod

        call_command("migrate", "--noinput", verbosity=0)
        call_command("load_demo", verbosity=0)
        seed(args, random.Random(1))

        started = time.perf_counter()
        first, last, rows = aggregate()
        print(f"aggregation, first run (the whole year, {first} to {last}): {time.perf_counter() - started:.1f} s, "
              f"{rows} daily rows ({load()})")
        started = time.perf_counter()
        aggregate()
        print(f"aggregation, an hourly run (the last {7} days again): {time.perf_counter() - started:.1f} s "
              f"({load()})")

        year = timezone.localdate().year
        for label, (quarter, years) in {"year": (None, [year, year - 1]), "quarter": (4, [year])}.items():
            started = time.perf_counter()
            for each in years:
                programme = Programme(*period(each, quarter))
                programme.figures(), programme.communes(), programme.monthly_searches()
            print(f"report figures, communes and chart data, {label} ({len(years)} period(s)): "
                  f"{(time.perf_counter() - started) / len(years):.2f} s each ({load()})")
        client = Client()
        client.force_login(User.objects.create_superuser("bench", password="x"))
        for name, url in (("page", "/admin/programme-report/?"), ("CSV export", "/admin/programme-report/?export=csv"),
                          ("XLSX export", "/admin/programme-report/?export=xlsx"),
                          ("PDF (the first: WeasyPrint loads its fonts)", "/admin/programme-report/pdf/?"),
                          ("PDF", "/admin/programme-report/pdf/?"),
                          ("by commune, CSV", "/admin/programme-report/?table=communes&export=csv"),
                          ("what to write next, 12 weeks", "/admin/write-next/?weeks=12")):
            started = time.perf_counter()
            response = client.get(f"{url}&year={year}")
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert response.status_code == 200, (url, response.status_code)
            print(f"{name}: {time.perf_counter() - started:.2f} s, {len(body)} bytes ({load()})")
        print(f"{DailyCount.objects.count()} daily rows hold the year; {ChosenPeriod.__name__} reads only them")


if __name__ == "__main__":
    main()
