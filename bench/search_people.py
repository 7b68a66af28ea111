"""Registry search at scale: p95 of a name search and a national-code lookup through the real
view (URL routing, session, middleware, scope, template), against the bare SQL query that
finds the same rows, measured in the same run on the same database.

    .venv/bin/python bench/search_people.py [--people 1000000] [--queries 300]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/search_people.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from _site import fresh_database, percentile, write_section

FIRST_F = (
    "زهرا فاطمه مریم معصومه سکینه زینب نرگس لیلا سمیه طاهره محبوبه رقیه کبری شهلا مهناز "
    "پروین اعظم فرشته الهام ریحانه سارا نازنین هانیه ملیکا آزاده شیرین مینا ژیلا"
).split()
FIRST_M = (
    "علی محمد حسین رضا مهدی حسن امیر ابوالفضل مصطفی جواد سعید احمد یوسف عباس کاظم حمید "
    "مجید اکبر ناصر بهروز فرهاد کیوان پرویز داوود"
).split()
FIRST_M = [*FIRST_M, "محمد‌رضا", "امیر‌حسین"]
LAST = (
    "احمدی محمدی حسینی رضایی کریمی موسوی جعفری قاسمی رحیمی صادقی نوری کاظمی عباسی حیدری "
    "یوسفی مرادی اکبری سلطانی شریفی نجفی طاهری بهرامی امیری زارعی فرهادی رستمی باقری "
    "ملکی سبحانی کرمانی تهرانی شیرازی اصفهانی تبریزی یزدی قربانی نیکخواه پاکزاد خسروی "
    "جمشیدی ایزدی فتحی حاتمی بابایی دهقان کشاورز آقایی اسدی منصوری نادری"
).split()


def national_code(n: int) -> str:
    from yavar.core.validators import complete_national_code

    return complete_national_code(f"{n:09d}")


def populate(count: int, rng: random.Random) -> list[tuple[str, str, str]]:
    from yavar.orgunits.models import OrgUnit
    from yavar.people.keys import keys_for
    from yavar.people.models import Person

    counties = list(OrgUnit.objects.filter(kind="county").values_list("pk", flat=True))
    samples: list[tuple[str, str, str]] = []
    batch: list[Person] = []
    started = time.perf_counter()
    for i in range(count):
        female = rng.random() < 0.5
        first = rng.choice(FIRST_F if female else FIRST_M)
        last, father = rng.choice(LAST), rng.choice(FIRST_M)
        code = national_code(100_000_000 + i * 7)
        person = Person(
            national_code=code,
            first_name=first,
            last_name=last,
            father_name=father,
            gender="female" if female else "male",
            org_unit_id=rng.choice(counties),
            birth_date=dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(25_000)),
        )
        for key, value in keys_for(first_name=first, last_name=last, father_name=father).items():
            setattr(person, key, value)
        batch.append(person)
        if rng.random() < 0.001:
            samples.append((first, last, code))
        if len(batch) == 20_000:
            Person.objects.bulk_create(batch)
            batch = []
    if batch:
        Person.objects.bulk_create(batch)
    print(f"  {count:,} people inserted in {time.perf_counter() - started:.0f} s", flush=True)
    return samples


def timed(fn, *args) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    fn(*args)
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    vendor = fresh_database()

    from django.db import connection
    from django.test import Client

    from tests.personas import PASSWORD, make_user
    from yavar.accounts.roles import Role
    from yavar.orgunits.models import OrgUnit
    from yavar.people.keys import name_key

    rng = random.Random(1405)
    print(f"Populating {vendor} …", flush=True)
    samples = populate(args.people, rng)
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            # As autovacuum would soon: fresh tables have no statistics, and without them the
            # planner repeats the trigram scan once per org unit.
            cursor.execute("ANALYZE people_person")
            cursor.execute("ANALYZE orgunits_orgunit")
    expert = make_user("bench.expert", Role.HQ_EXPERT, OrgUnit.objects.get(code="HQ"))
    client = Client()
    assert (
        client.post(
            "/accounts/login/", {"username": expert.username, "password": PASSWORD}
        ).status_code
        == 302
    )

    fts = vendor == "sqlite"
    name_sql = (
        "SELECT id, first_name, last_name FROM people_person WHERE id IN "
        "(SELECT rowid FROM people_person_fts WHERE name_key LIKE %s) "
        "ORDER BY last_key, id LIMIT 25"
        if fts
        else "SELECT id, first_name, last_name FROM people_person WHERE name_key LIKE %s "
        "ORDER BY last_key, id LIMIT 25"
    )
    code_sql = "SELECT id, first_name, last_name FROM people_person WHERE national_code = %s"

    def view(q: str) -> None:
        response = client.get("/people/", {"q": q})
        assert response.status_code == 200

    def bare(sql: str, param: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, [param])
            cursor.fetchall()

    picks = [rng.choice(samples) for _ in range(args.queries)]
    for first, last, _code in picks[:20]:  # warm caches on both paths alike
        view(f"{first} {last}")
        bare(name_sql, f"%{name_key(first, last).split('|')[0]}%")
    results = {}
    results["name (view)"] = [timed(view, f"{first} {last}") for first, last, _ in picks]
    results["name (bare SQL)"] = [
        timed(bare, name_sql, f"%{name_key(first, last).split('|')[0]}%")
        for first, last, _ in picks
    ]
    results["national code (view)"] = [timed(view, c) for _, _, c in picks]
    results["national code (bare SQL)"] = [timed(bare, code_sql, c) for _, _, c in picks]

    lines = [
        f"Run {dt.date.today().isoformat()} on this machine (2 cores), {vendor}, "
        f"{args.people:,} people, {args.queries} queries of each kind; a national HQ expert "
        "(the widest scope) searching through the real `/people/` view with Django's test "
        "client (session, middleware, scope filter, count for pagination, template).",
        "",
        "| query | p50 ms | p95 ms | max ms |",
        "|---|---|---|---|",
    ]
    for label, times in results.items():
        p50, p95 = percentile(times, 50), percentile(times, 95)
        lines.append(f"| {label} | {p50:.1f} | {p95:.1f} | {max(times):.1f} |")
    view_name = percentile(results["name (view)"], 95)
    view_code = percentile(results["national code (view)"], 95)
    bare_name = max(percentile(results["name (bare SQL)"], 95), 0.01)
    bare_code = max(percentile(results["national code (bare SQL)"], 95), 0.01)
    lines += [
        "",
        f"Goal p95 < 50 ms: name search {'met' if view_name < 50 else 'MISSED'} "
        f"({view_name:.1f} ms), national-code lookup {'met' if view_code < 50 else 'MISSED'} "
        f"({view_code:.1f} ms).",
        f"The view costs x{view_name / bare_name:.1f} (name) and x{view_code / bare_code:.1f} "
        "(code) the bare query at p95: session, middleware, scope, count, template.",
    ]
    report = "\n".join(lines)
    print(report)
    write_section(f"Person search ({vendor})", report)


if __name__ == "__main__":
    main()
