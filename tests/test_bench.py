"""The benchmark's own parts (bench/): its floor view, how it reads wrk, counts stale
responses, takes ratios and grows the news. No server is started here: `make bench` does."""

import datetime

from django.urls import resolve

import pytest

from bench import FLOOR_PATH, content, report, stack, wrk
from bench.freshness import Read, count_stale
from news.models import NewsIndexPage

from .news.utils import make_index, make_story


@pytest.mark.urls("bench.urls")
def test_floor_view_answers_through_the_site_middleware(client):
    response = client.get(FLOOR_PATH)
    assert response.status_code == 200
    assert response.content == b"floor\n"
    # The production middleware ran (clickjacking header), and no cache may keep it.
    assert response["X-Frame-Options"] == "DENY"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.urls("bench.urls")
def test_bench_urls_keep_the_site():
    assert resolve("/robots.txt").url_name == "robots_txt"
    assert resolve("/en/news/").url_name == "wagtail_serve"


def result(rps: float, **cache) -> wrk.Result:
    return wrk.Result(requests=int(rps * 10), seconds=10, errors=0, p50_ms=1, p99_ms=2, cache=cache)


def test_wrk_output_is_read_with_cache_states():
    output = (
        "Running 3s test @ http://127.0.0.1:8300/\n"
        'BENCH-JSON {"requests": 300, "duration_us": 3000000, "bytes": 9000, "p50_us": 2500, '
        '"p99_us": 9000, "errors": 1, "non_2xx_3xx": 2, "hit": 270, "miss": 30, "bypass": 0, '
        '"absent": 0}\n'
    )
    parsed = wrk.parse(output)
    assert parsed.rps == 100
    assert parsed.errors == 3
    assert parsed.p50_ms == 2.5
    assert parsed.hit_ratio() == 0.9
    assert result(100, absent=1000).hit_ratio() is None


def test_load_runs_only_against_loopback():
    with pytest.raises(ValueError):
        wrk.run("wrk", "http://example.org/", script=None, seconds=1, connections=1)


def test_stale_reads_are_those_started_after_a_publish_returned():
    published = {0: 1.0, 1: 2.0, 2: 3.0}
    reads = [
        Read(started=1.5, seen=0, via="app"),  # edit 1 not yet returned: fresh
        Read(started=1.9, seen=1, via="app"),  # a newer edit than due: fresh
        Read(started=2.1, seen=0, via="app"),  # stale
        Read(started=3.5, seen=-1, via="app"),  # an error or no marker: stale
        Read(started=3.5, seen=2, via="varnish"),
    ]
    assert count_stale(reads, published) == {"app": 2, "varnish": 0}


def test_ratios_are_taken_within_each_round():
    rounds = [
        {("floor", FLOOR_PATH): result(100), ("cached", "/"): result(50)},
        {("floor", FLOOR_PATH): result(300), ("cached", "/"): result(150)},
        {("floor", FLOOR_PATH): result(200), ("cached", "/"): result(20)},
    ]
    summary = report.summarise(rounds)
    # The median of 0.5, 0.5, 0.1; the ratio of the medians would say 0.25.
    assert summary["cached", "/"]["ratio"] == 0.5
    assert summary["cached", "/"]["rps"] == 50


def test_vcl_is_pointed_at_the_benchmark_server():
    vcl = (
        'probe alive { .request = "GET / HTTP/1.1" "Host: www.example.org"; }\n'
        'backend app1 { .host = "10.0.0.2"; .port = "8000"; .probe = alive; }\n'
    )
    pointed = stack.point_vcl_at(vcl, port=8300, host="localhost")
    assert '.host = "127.0.0.1"; .port = "8300";' in pointed
    assert '"Host: localhost"' in pointed
    with pytest.raises(SystemExit):
        stack.point_vcl_at("vcl 4.1;", port=8300, host="localhost")


@pytest.mark.django_db
def test_news_grows_and_shrinks_without_touching_existing_stories(home_page):
    index = make_index(home_page)
    make_story(index, title="Existing", publication_date=datetime.date(2024, 5, 1))
    extra = content.stories_prepare(base=3, grown=6)
    assert len(extra) == 3
    stories = list(NewsIndexPage.objects.get().stories())
    assert len(stories) == 6
    assert stories[0].title == "Existing"  # the added stories are older
    content.stories_show(extra, live=False)
    assert [s.title for s in index.stories()][:1] == ["Existing"]
    assert index.stories().count() == 3
    content.stories_show(extra, live=True)
    assert index.stories().count() == 6
