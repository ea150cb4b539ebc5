"""The membership office at scale: enquiries bulk-created over three years in every state
(with history, applications and contacts) on PostgreSQL, served by gunicorn with production
settings, and the staff screens, exports, purge and the public enquiry POST measured.

    make bench-office                 # or: .venv/bin/python bench/office.py --sizes 100,10000

Times are medians of --rounds requests after one warm-up request; query counts come from the
same view run once in this process; worker memory growth is the largest rise of a gunicorn
worker's resident memory during one export. Only talks to 127.0.0.1. Figures go in
docs/performance.md ("The membership office at 100,000 enquiries").

Each size is measured as the data grows, minutes apart, and the machine's drift between them
can be larger than the growth measured (the same view at 100 took 47-114 ms in three runs).
So each size's database is also copied as it stands (`<database>_at_<size>`), and at the end
one server per copy answers every staff view in --alternating-rounds rounds, each round
asking each size in turn: the growth is the median of the rounds' ratios, as `make bench`
takes its ratios."""

import argparse
import contextlib
import csv
import http.client
import io
import json
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CITIES = [
    ("Lisbon", "Portugal", "europe"),
    ("Aarhus", "Denmark", "europe"),
    ("Mombasa", "Kenya", "sub_saharan_africa"),
    ("Dakar", "Senegal", "sub_saharan_africa"),
    ("Amman", "Jordan", "middle_east_north_africa"),
    ("Tunis", "Tunisia", "middle_east_north_africa"),
    ("Almaty", "Kazakhstan", "central_asia"),
    ("Dhaka", "Bangladesh", "south_asia"),
    ("Pune", "India", "south_asia"),
    ("Osaka", "Japan", "east_asia"),
    ("Manila", "Philippines", "south_east_asia"),
    ("Auckland", "New Zealand", "oceania"),
    ("Montréal", "Canada", "north_america"),
    ("Denver", "United States", "north_america"),
    ("Medellín", "Colombia", "latin_america_caribbean"),
    ("Valparaíso", "Chile", "latin_america_caribbean"),
]
# Each generated city name is one of these plus a number, so that a search for "Lisbon"
# matches about one enquiry in sixteen, as a real city would match a few.
NAMES = ["Amina", "Lars", "Inés", "Kenji", "Olga", "Omar", "Priya", "Tomás", "Zoran", "Lena"]
SURNAMES = ["Diallo", "Jensen", "Rojas", "Sato", "Ivanova", "Haddad", "Rao", "Silva", "Petrov"]
# (final status, probability, the chain of statuses before it)
STATES = [
    ("received", 0.08, []),
    ("received", 0.02, ["application_sent", "application_received", "declined"]),  # reopened
    ("application_sent", 0.14, ["application_sent"]),
    ("application_received", 0.06, ["application_sent", "application_received"]),
    ("confirmed", 0.1, ["application_sent", "application_received", "confirmed"]),
    ("declined", 0.1, ["declined"]),
    ("declined", 0.05, ["application_sent", "application_received", "declined"]),
    ("withdrawn", 0.15, ["application_sent", "withdrawn"]),
    ("spam", 0.3, ["spam"]),
]
WAITING = {"received", "application_received"}


def bench_env(database: str, scratch: Path, redis_db: int) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="scn_wagtail.settings.production",
        SECRET_KEY="office-bench-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        WAGTAILADMIN_BASE_URL="http://127.0.0.1",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{database}",
        REDIS_URL=f"redis://127.0.0.1:6379/{redis_db}",
        CACHE_KEY_PREFIX=f"office-bench-{secrets.token_hex(4)}",
        MEMBERSHIP_RATE_LIMIT_PER_MINUTE="100000",
        MEMBERSHIP_RATE_LIMIT_PER_DAY="100000",
        MEMBERSHIP_MIN_FILL_SECONDS="0",
        MEDIA_ROOT=str(scratch / "media"),
        STATIC_ROOT=str(scratch / "static"),
        PYTHONPATH=str(ROOT),
    )
    env.pop("DEBUG", None)
    return env


def recreate_database(name: str) -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{name}"')


def copy_database(source: str, name: str) -> None:
    """`name`, a copy of `source` as it stands (which nothing may be connected to)."""
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')


def database_exists(name: str) -> bool:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
        return bool(db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone())


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


# Data


def seed(total: int, *, rng: random.Random, reviewers: list) -> None:
    """Add enquiries until there are `total`, in bulk, spread over the last three years."""
    from django.db import connection, transaction
    from django.utils import timezone

    from membership_forms.models import (
        Application,
        ApplicationContact,
        EnquiryEvent,
        EnquiryReferenceCounter,
        Member,
        MembershipEnquiry,
        MembershipEnquiryPage,
        Region,
    )

    page = (
        MembershipEnquiryPage.objects.filter(slug="join").order_by("pk").first()
    )  # the English page; its translations share the slug
    missing = total - MembershipEnquiry.objects.count()
    if missing <= 0:
        return
    now = timezone.now()
    span = 3 * 365 * 24 * 3600
    counters = dict(EnquiryReferenceCounter.objects.values_list("year", "last_number"))
    labels = dict(Region.choices)
    weights = [state[1] for state in STATES]
    # Drawn apart from `rng`, so that the rest of the data is what earlier runs made.
    languages = random.Random(total)
    started = time.perf_counter()
    batch = 10_000
    for offset in range(0, missing, batch):
        size = min(batch, missing - offset)
        enquiries, plans = [], []
        for _ in range(size):
            submitted = now - timedelta(seconds=rng.randrange(span))
            year = timezone.localtime(submitted).year
            counters[year] = counters.get(year, 0) + 1
            city, country, region = rng.choice(CITIES)
            city = f"{city} {rng.randrange(1000)}" if rng.random() < 0.9 else city
            name = f"{rng.choice(NAMES)} {rng.choice(SURNAMES)}"
            email = f"{name.split()[0].lower()}.{rng.randrange(10**6)}@city.example"
            status, _weight, chain = rng.choices(STATES, weights)[0]
            moments, moment = [], submitted
            for _step in chain:
                moment = min(now, moment + timedelta(hours=rng.randrange(2, 24 * 20)))
                moments.append(moment)
            waiting_since = moments[-1] if moments else submitted
            # Half of those asked for their application a month ago or more were reminded.
            reminded = (
                waiting_since + timedelta(days=14)
                if status == "application_sent"
                and now - waiting_since > timedelta(days=30)
                and languages.random() < 0.5
                else None
            )
            enquiries.append(
                MembershipEnquiry(
                    page=page,
                    submit_time=submitted,
                    reference=f"SCN-{year}-{counters[year]:05d}",
                    contact_name=name,
                    contact_email=email,
                    organisation="Office of the Mayor",
                    city=city,
                    country=country,
                    region=region,
                    language=languages.choices(["en", "fr", "ar"], [6, 2, 2])[0],
                    status=status,
                    waiting_since=waiting_since,
                    reminder_sent_at=reminded,
                    expected_reply_by=(submitted + timedelta(days=5)).date(),
                    assigned_to=rng.choice(reviewers) if rng.random() < 0.4 else None,
                    form_data={
                        "your_name": name,
                        "your_role": "Office of the Mayor",
                        "city": city,
                        "country": country,
                        "region": str(labels[region]),
                        "email_address": email,
                        "phone_number": "+351 21 000 0000",
                        "why_would_your_city_like_to_join": "We want to learn from others "
                        "about youth outreach and community cohesion.",
                    },
                )
            )
            plans.append((chain, moments))
        with transaction.atomic():
            MembershipEnquiry.objects.bulk_create(enquiries, batch_size=5000)
            events, applications, duplicates = [], [], []
            for enquiry, (chain, moments) in zip(enquiries, plans, strict=True):
                previous = "received"
                waited = enquiry.submit_time
                for to_status, moment in zip(chain, moments, strict=True):
                    events.append(
                        EnquiryEvent(
                            enquiry=enquiry,
                            kind="status_change",
                            created_at=moment,
                            actor=None if to_status == "application_received" else reviewers[0],
                            from_status=previous,
                            to_status=to_status,
                            waited_since=waited if previous in WAITING else None,
                            note="Checked with the regional lead." if rng.random() < 0.3 else "",
                        )
                    )
                    previous, waited = to_status, moment
                if enquiry.assigned_to_id:
                    events.append(
                        EnquiryEvent(
                            enquiry=enquiry,
                            kind="assignment",
                            created_at=enquiry.submit_time + timedelta(hours=1),
                            actor=reviewers[0],
                            assignee_id=enquiry.assigned_to_id,
                        )
                    )
                if "application_received" in chain:
                    applications.append(
                        Application(
                            enquiry=enquiry,
                            submitted_at=moments[chain.index("application_received")],
                            background="Youth outreach and a cohesion strategy since 2022.",
                            principles=[{"id": "local-ownership", "title": "Local ownership"}],
                            data_consent=True,
                        )
                    )
                if rng.random() < 0.03 and len(duplicates) < len(enquiries) - 1:
                    duplicates.append(enquiry)
            EnquiryEvent.objects.bulk_create(events, batch_size=5000)
            Application.objects.bulk_create(applications, batch_size=5000)
            contacts = []
            for application in applications:
                for number in range(rng.choice((2, 2, 3))):
                    contacts.append(
                        ApplicationContact(
                            application=application,
                            name=f"{rng.choice(NAMES)} {rng.choice(SURNAMES)}",
                            job_title="Adviser",
                            email=f"contact{number}.{application.enquiry_id}@city.example",
                            kind=("political_lead", "practitioner", "other")[number],
                        )
                    )
            ApplicationContact.objects.bulk_create(contacts, batch_size=5000)
            for enquiry in duplicates:
                enquiry.possible_duplicate_of = enquiries[0]
            MembershipEnquiry.objects.bulk_update(duplicates, ["possible_duplicate_of"])
            Member.objects.bulk_create(
                [
                    Member(enquiry=e, city=e.city, country=e.country, region=e.region)
                    for e in enquiries
                    if e.status == "confirmed"
                ],
                batch_size=5000,
            )
    for year, number in counters.items():
        EnquiryReferenceCounter.objects.update_or_create(
            year=year, defaults={"last_number": number}
        )
    # VACUUM as well as ANALYZE: a table that grew over years has been vacuumed by autovacuum,
    # so its visibility map is set and index-only scans need no heap fetches; a table
    # bulk-loaded a minute ago has not (and autovacuum would get to it mid-measurement).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    connection.close()
    print(f"  seeded {missing} enquiries in {time.perf_counter() - started:.1f} s")


def counts() -> dict:
    from django.db import connection

    from membership_forms.models import (
        Application,
        ApplicationContact,
        EnquiryEvent,
        MembershipEnquiry,
    )

    result = {
        "enquiries": MembershipEnquiry.objects.count(),
        "events": EnquiryEvent.objects.count(),
        "applications": Application.objects.count(),
        "contacts": ApplicationContact.objects.count(),
    }
    connection.close()
    return result


# HTTP


class Server:
    def __init__(self, env: dict, port: int, workers: int = 2):
        self.port = port
        self.process = subprocess.Popen(  # noqa: S603
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "scn_wagtail.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--log-level",
                "error",
                "--chdir",
                str(ROOT),
            ],
            cwd=ROOT,
            env=env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                self.get("/robots.txt")
                return
            except OSError:
                time.sleep(0.3)
        raise SystemExit("gunicorn did not start")

    def workers(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)

    def request(self, method, path, *, cookies=None, body=None, headers=None, timeout=120):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        all_headers = {"Host": "127.0.0.1", **(headers or {})}
        if cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        connection.request(method, path, body=body, headers=all_headers)
        return connection, connection.getresponse()

    def get(self, path, cookies=None) -> tuple[int, float, bytes]:
        started = time.perf_counter()
        connection, response = self.request("GET", path, cookies=cookies)
        body = response.read()
        connection.close()
        return response.status, time.perf_counter() - started, body


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def timed(server: Server, path: str, cookies: dict, rounds: int) -> dict:
    status, _seconds, _body = server.get(path, cookies)  # warm-up
    times = []
    for _ in range(rounds):
        status, seconds, _body = server.get(path, cookies)
        times.append(seconds)
    return {"status": status, "ms": statistics.median(times) * 1000}


def export(server: Server, path: str, cookies: dict, kind: str) -> dict:
    """One export: total time, time to the first data row, rows received, whether the stream
    was complete, and the largest growth of a worker's resident memory meanwhile."""
    pids = server.workers()
    before = {pid: rss_kb(pid) for pid in pids}
    peak = dict(before)
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            for pid in pids:
                with contextlib.suppress(FileNotFoundError):
                    peak[pid] = max(peak[pid], rss_kb(pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.perf_counter()
    first_row = None
    chunks, complete, status = [], True, 0
    try:
        connection, response = server.request("GET", path, cookies=cookies, timeout=300)
        status = response.status
        newlines = 0
        while True:
            chunk = response.read1(65536) if hasattr(response, "read1") else response.read(65536)
            if not chunk:
                break
            chunks.append(chunk)
            if first_row is None:
                if kind == "csv":
                    newlines += chunk.count(b"\n")
                    if newlines >= 2:
                        first_row = time.perf_counter() - started
                else:
                    first_row = time.perf_counter() - started
        connection.close()
    except (http.client.IncompleteRead, http.client.RemoteDisconnected, ConnectionError):
        complete = False
    total = time.perf_counter() - started
    stop.set()
    sampler.join()
    body = b"".join(chunks)
    rows = None
    if status == 200 and complete:
        try:
            if kind == "csv":
                rows = len(list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))) - 1
            else:
                from openpyxl import load_workbook

                sheet = load_workbook(io.BytesIO(body), read_only=True).active
                rows = sum(1 for _row in sheet.iter_rows(values_only=True)) - 1
        except Exception:  # noqa: BLE001 (a broken file is a result, not a bench failure)
            complete = False
    return {
        "status": status,
        "complete": complete,
        "rows": rows,
        "s": total,
        "first_row_s": first_row,
        "mb": max(peak[pid] - before[pid] for pid in pids) / 1024,
    }


def queries(path: str, user) -> int:
    """How many queries the view runs for one request (in this process, same code)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
        if response.streaming:
            for _chunk in response.streaming_content:
                pass
    connection.close()
    return len(context)


def pages_read(path: str, user) -> int:
    """The 8 kB pages PostgreSQL touched (shared hit + read) over every SELECT of one request,
    from EXPLAIN (ANALYZE, BUFFERS): the view's work, which the machine's load cannot change."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    client.get(path)  # the same request once more, measured: warm caches, as a reviewer's
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
        if response.streaming:
            for _chunk in response.streaming_content:
                pass
    total = 0
    with connection.cursor() as cursor:
        for query in context.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}")
            plan = cursor.fetchone()[0][0]["Plan"]
            total += plan.get("Shared Hit Blocks", 0) + plan.get("Shared Read Blocks", 0)
    connection.close()
    return total


def session_cookie(user) -> dict:
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    cookie = {"sessionid": client.cookies["sessionid"].value}
    connection.close()
    return cookie


def public_post(server: Server, rounds: int) -> dict:
    """The public enquiry form: GET it, solve its captcha, POST it (the POST is timed)."""
    from django.db import connection

    from captcha.models import CaptchaStore

    times = []
    for round_ in range(rounds + 1):
        connection_, response = server.request("GET", "/en/join/")
        html = response.read().decode()
        cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie", "")).group(1)
        connection_.close()
        fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', html))
        key = fields["security-check_0"]
        answer = CaptchaStore.objects.get(hashkey=key).response
        connection.close()
        data = {
            "csrfmiddlewaretoken": fields["csrfmiddlewaretoken"],
            "form-started": fields["form-started"],
            "security-check_0": key,
            "security-check_1": answer,
            "your_name": "Bench Applicant",
            "your_role": "Deputy Mayor",
            "city": f"Benchtown {round_}",
            "country": "Portugal",
            "region": "Europe",
            "email_address": f"bench{round_}.{secrets.token_hex(3)}@example.org",
            "why_would_your_city_like_to_join": "To learn.",
        }
        time.sleep(0.05)
        started = time.perf_counter()
        connection_, response = server.request(
            "POST",
            "/en/join/",
            cookies={"csrftoken": cookie},
            body=urlencode(data),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        response.read()
        connection_.close()
        if response.status != 303:
            raise SystemExit(f"the enquiry POST answered {response.status}")
        if round_:
            times.append(time.perf_counter() - started)
    return {"status": 303, "ms": statistics.median(times) * 1000}


def purge() -> dict:
    """`purge_membership_data --older-than 365`, in this process, with its query count."""
    import resource

    from django.core.management import call_command
    from django.db import connection

    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        call_command("purge_membership_data", older_than=365, stdout=io.StringIO())
    seconds = time.perf_counter() - started
    growth = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss) / 1024
    connection.close()
    return {"s": seconds, "queries": count, "mb": growth}


# The run


def listing_paths(reviewer_id: int, year: int) -> dict:
    listing = "/admin/membership/enquiries/"
    paths = {"listing, default order": listing}
    for label, query in [
        ("status", "status__exact=received"),
        ("region", "region__exact=europe"),
        ("language", "language__exact=fr"),
        ("reminded", "reminded=yes"),
        ("overdue", "overdue=yes"),
        ("not overdue", "overdue=no"),
        ("assigned to me", "assignee=me"),
        ("assigned to nobody", "assignee=nobody"),
        ("assigned to a colleague", f"assignee={reviewer_id}"),
        ("year", f"year={year}"),
    ]:
        paths[f"filter: {label}"] = f"{listing}?{query}"
    # The listing's sortable columns, by position (wagtail_hooks.EnquiryAdmin.list_display).
    for number, label in [
        (0, "reference"),
        (1, "city"),
        (2, "region"),
        (3, "language"),
        (4, "status"),
        (5, "received"),
        (7, "due"),
    ]:
        paths[f"sort: {label}"] = f"{listing}?o=-{number}"
    paths["page 50"] = f"{listing}?p=50"
    paths["search q=Lisbon"] = f"{listing}?q=Lisbon"
    paths["members listing"] = "/admin/membership/members/"
    paths["dashboard"] = "/admin/"
    return paths


def run_size(
    server, size, *, reviewer, superuser, rounds, rng, reviewers, skip_exports, pages=False
):
    from django.db import connection
    from django.utils import timezone

    from membership_forms.models import MembershipEnquiry, MembershipEnquiryPage

    seed(size, rng=rng, reviewers=reviewers)
    figures = {"counts": counts()}
    print(f"{size}: {figures['counts']}")
    page = (
        MembershipEnquiryPage.objects.filter(slug="join").order_by("pk").first()
    )  # the English page; its translations share the slug
    inspected = (
        MembershipEnquiry.objects.filter(status="confirmed").order_by("-submit_time").first()
    )
    home_id = page.get_parent().pk
    connection.close()
    cookies = session_cookie(reviewer)
    super_cookies = session_cookie(superuser)
    year = timezone.now().year - 1
    paths = listing_paths(reviewers[1].pk, year)
    paths["inspect view"] = f"/admin/membership/enquiries/inspect/{inspected.pk}/"
    views = {}
    for label, path in paths.items():
        views[label] = timed(server, path, cookies, rounds)
        views[label]["queries"] = queries(path, reviewer)
        if pages:
            views[label]["pages"] = pages_read(path, reviewer)
        view = views[label]
        read = f" {view['pages']:7d} pages" if pages else ""
        print(f"  {label:28} {view['status']} {view['ms']:8.1f} ms {view['queries']:5d} q{read}")
    others = [("admin page editor", f"/admin/pages/{home_id}/edit/"), ("/en/about/", "/en/about/")]
    for label, path in others:
        views[label] = timed(server, path, super_cookies, rounds)
        print(f"  {label:28} {views[label]['ms']:8.1f} ms")
    views["public enquiry POST"] = public_post(server, rounds)
    print(f"  public enquiry POST          {views['public enquiry POST']['ms']:8.1f} ms")
    figures["views"] = views
    figures["paths"] = {
        **paths,
        **dict(others),
        "cookies": {"reviewer": cookies, "superuser": super_cookies},
    }
    exports = {}
    if not skip_exports:
        listing = "/admin/membership/enquiries/"
        wagtail = f"/admin/forms/submissions/{page.pk}/"
        export_rounds = rounds if size < 100_000 else min(rounds, 3)
        for label, path, kind, cookie, user in [
            ("our CSV", f"{listing}?export=csv", "csv", cookies, reviewer),
            ("our XLSX", f"{listing}?export=xlsx", "xlsx", cookies, reviewer),
            ("Wagtail's forms CSV", f"{wagtail}?export=csv", "csv", super_cookies, superuser),
            ("Wagtail's forms XLSX", f"{wagtail}?export=xlsx", "xlsx", super_cookies, superuser),
        ]:
            runs = [export(server, path, cookie, kind) for _ in range(export_rounds)]
            result = {
                "status": runs[-1]["status"],
                "complete": all(r["complete"] for r in runs),
                "rows": runs[-1]["rows"],
                "s": statistics.median(r["s"] for r in runs),
                "first_row_s": statistics.median(r["first_row_s"] or 0 for r in runs),
                "mb": max(r["mb"] for r in runs),
                "rounds": export_rounds,
            }
            result["queries"] = queries(path, user) if result["complete"] else None
            exports[label] = result
            print(f"  {label:28} {json.dumps(result)}")
    figures["exports"] = exports
    return figures


def alternate(servers: dict, paths: dict, rounds: int) -> dict:
    """Every view of `paths` (by size: the same views, with each size's own objects and
    cookies) asked of each size's server in turn, `rounds` times after a warm-up: each size's
    median, and the median over the rounds of each size's time over the first size's."""
    sizes = list(servers)
    first = paths[sizes[0]]
    figures = {}
    for label in first:
        if label == "cookies":
            continue
        role = "superuser" if label in ("admin page editor", "/en/about/") else "reviewer"
        times = {size: [] for size in sizes}
        for round_ in range(rounds + 1):
            for size in sizes if round_ % 2 == 0 else reversed(sizes):
                cookies = paths[size]["cookies"][role]
                _status, seconds, _body = servers[size].get(paths[size][label], cookies)
                if round_:
                    times[size].append(seconds)
        ratios = [
            statistics.median(a / b for a, b in zip(times[size], times[sizes[0]], strict=True))
            for size in sizes
        ]
        figures[label] = {
            "ms": {size: statistics.median(times[size]) * 1000 for size in sizes},
            "growth": ratios[-1],
        }
        medians = "".join(f"{figures[label]['ms'][size]:10.1f}" for size in sizes)
        print(f"  {label:32}{medians}{ratios[-1]:9.2f}x")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,10000,100000")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--port", type=int, default=8400)
    parser.add_argument("--database", default="office_bench")
    parser.add_argument("--redis-db", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--alternating-rounds",
        type=int,
        default=15,
        help="rounds of the staff views across the sizes' copies at the end (0: none)",
    )
    parser.add_argument("--skip-exports", action="store_true")
    parser.add_argument("--skip-purge", action="store_true")
    parser.add_argument(
        "--pages",
        action="store_true",
        help="also count the pages each staff view's SQL reads (EXPLAIN ANALYZE BUFFERS)",
    )
    parser.add_argument(
        "--reuse-database",
        action="store_true",
        help="keep the database of an earlier run (migrated to this code) and only add "
        "enquiries up to each size: for re-measuring at 100k without seeding again",
    )
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    sizes = [int(size) for size in args.sizes.split(",")]

    with tempfile.TemporaryDirectory() as folder:
        env = bench_env(args.database, Path(folder), args.redis_db)
        reused = args.reuse_database and database_exists(args.database)
        if not reused:
            recreate_database(args.database)
        manage(env, "migrate", "--noinput", "-v0")
        if not reused:
            manage(env, "load_demo_content", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        os.environ.update(env)
        import django

        django.setup()
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group
        from django.core.cache import cache
        from django.db import connection

        from membership_forms.models import REVIEWERS_GROUP_NAME

        cache.clear()
        User = get_user_model()
        group = Group.objects.get(name=REVIEWERS_GROUP_NAME)
        reviewers = []
        for number in range(6):
            user, _created = User.objects.get_or_create(
                username=f"reviewer{number}",
                defaults={"email": f"reviewer{number}@example.org", "first_name": f"R{number}"},
            )
            user.groups.add(group)
            reviewers.append(user)
        superuser = User.objects.filter(username="bench-admin").first() or (
            User.objects.create_superuser("bench-admin", "admin@example.org", "x")
        )
        rng = random.Random(9)
        results = {"sizes": {}, "load average at the start": os.getloadavg()[0]}
        print(f"load average at the start: {os.getloadavg()[0]:.1f}")
        copies, paths = {}, {}
        for size in sizes:
            server = Server(env, args.port)
            try:
                results["sizes"][size] = run_size(
                    server,
                    size,
                    reviewer=reviewers[0],
                    superuser=superuser,
                    rounds=args.rounds,
                    rng=rng,
                    reviewers=reviewers,
                    skip_exports=args.skip_exports,
                    pages=args.pages,
                )
            finally:
                server.stop()
            paths[size] = results["sizes"][size].pop("paths")  # holds session cookies
            if args.alternating_rounds:
                copies[size] = f"{args.database}_at_{size}"
                connection.close()
                copy_database(args.database, copies[size])
        if copies:
            print(f"\nalternating rounds ({args.alternating_rounds}), median ms and growth:")
            servers = {}
            try:
                for number, (size, name) in enumerate(copies.items(), start=1):
                    size_env = bench_env(name, Path(folder), args.redis_db)
                    servers[size] = Server(size_env, args.port + number)
                results["alternating"] = alternate(servers, paths, args.alternating_rounds)
            finally:
                for server in servers.values():
                    server.stop()
        if not args.skip_purge:
            results["purge"] = purge()
            print(f"purge at {sizes[-1]}: {results['purge']}")
        results["load average at the end"] = os.getloadavg()[0]
        print(f"load average at the end: {os.getloadavg()[0]:.1f}")
        if args.json:
            args.json.write_text(json.dumps(results, indent=2, default=str))
        print_table(results)


def print_table(results: dict) -> None:
    sizes = list(results["sizes"])
    print()
    print(f"{'view (median ms)':32}" + "".join(f"{size:>10}" for size in sizes) + "    growth")
    first = results["sizes"][sizes[0]]["views"]
    for label in first:
        values = [results["sizes"][size]["views"][label]["ms"] for size in sizes]
        print(
            f"{label:32}"
            + "".join(f"{value:10.1f}" for value in values)
            + f"{values[-1] / values[0]:9.1f}x"
        )
    if "pages" in first[next(iter(first))]:
        print(f"\n{'pages read by its SQL':32}" + "".join(f"{size:>10}" for size in sizes))
        for label, view in first.items():
            if "pages" in view:
                values = [results["sizes"][size]["views"][label]["pages"] for size in sizes]
                print(
                    f"{label:32}"
                    + "".join(f"{value:10d}" for value in values)
                    + f"{values[-1] / max(values[0], 1):9.1f}x"
                )
    if "alternating" in results:
        print(f"\n{'alternating rounds (median ms)':32}" + "".join(f"{s:>10}" for s in sizes))
        for label, view in results["alternating"].items():
            values = "".join(f"{view['ms'][size]:10.1f}" for size in sizes)
            print(f"{label:32}{values}{view['growth']:9.2f}x")
    for size in sizes:
        for label, r in results["sizes"][size]["exports"].items():
            print(
                f"{size:>7} {label:22} status {r['status']} complete {r['complete']} rows "
                f"{r['rows']} total {r['s']:.2f} s first row {r['first_row_s']:.2f} s "
                f"+{r['mb']:.0f} MB {r['queries']} queries"
            )
    if "purge" in results:
        p = results["purge"]
        print(f"purge: {p['s']:.1f} s, {p['queries']} queries, +{p['mb']:.0f} MB")


if __name__ == "__main__":
    main()
