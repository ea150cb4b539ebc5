"""Hostile requests, as an attacker or a careless client sends them, against every public
form, the membership listings' filters (as a signed-in reviewer) and the query strings of the
public pages: never a 5xx, a polite page where the input cannot be read, and nothing already
saved (enquiries, applications, members, users' passwords) changed by any of them."""

from urllib.parse import quote

from django.contrib.auth import get_user_model
from django.test import Client

import pytest

from membership_forms.models import Application, EnquiryStatus, Member, MembershipEnquiry
from tests.membership_forms.factories import make_enquiry, make_member, make_reviewer, make_user
from tests.news.utils import make_index, make_story

from .forms import PUBLIC_FORMS, open_form

pytestmark = pytest.mark.django_db

# Values a field or a query parameter should never have.
VALUES = {
    "nul": "a\x00b",
    "controls": "\x01\x07\x08\x1b[31m\x7f\x9b",
    "overlong": "x" * 100_000,
    "huge number": "9" * 400,
    "negative": "-1",
    "zero": "0",
    "float": "1e309",
    "sql": "' OR 1=1; DROP TABLE auth_user; --",
    "html": '"><script>alert(1)</script><img src=x onerror=alert(2)>',
    "template": "{{ settings.SECRET_KEY }}{% debug %}${7*7}",
    "direction override": "\u202egpj.exe\u202d\u2066\u200f",
    "astral": "\U0001d518\U0001f4a9\ufeff\ufffe",
    "empty": "",
}

# Raw query-string fragments that are not valid UTF-8 or not one value.
RAW_QUERY_VALUES = {"undecodable": "%ff%fe%c3%28", "lone surrogate": "%ed%a0%80"}

EVIL_VALUES = [*VALUES.items(), *((name, None) for name in RAW_QUERY_VALUES)]


def query_value(name, value) -> str:
    return RAW_QUERY_VALUES[name] if value is None else quote(value)


@pytest.fixture
def client():
    # As the live site answers (a 500 page rather than a raised exception), checking CSRF.
    return Client(enforce_csrf_checks=True, raise_request_exception=False)


def saved_rows():
    """Everything already saved that a hostile request must not change."""
    # Usable passwords only: the set-password form is meant to set the one unusable one.
    users = get_user_model().objects.exclude(password__startswith="!")
    return {
        model.__name__: {row["id"]: row for row in model.objects.values()}
        for model in (MembershipEnquiry, Application, Member)
    } | {"passwords": dict(users.values_list("pk", "password"))}


def accepted(response) -> bool:
    """The form took the submission (its valid answers were all there, the junk beside them
    ignored): the application form then moves its own enquiry on, as it should."""
    return response.status_code == 303


def unchanged(before) -> bool:
    """Whether every row saved before is still there as it was (new rows may be added)."""
    after = saved_rows()
    return all({pk: after[kind].get(pk) for pk in rows} == rows for kind, rows in before.items())


@pytest.fixture
def bystanders(home_page):
    """Rows that exist before any hostile request: someone else's enquiry and application,
    a member, and accounts with passwords."""
    make_user("bystander@example.org", password="a-bystander-password-1")
    make_enquiry(status=EnquiryStatus.APPLICATION_RECEIVED)
    make_member()
    return home_page


def assert_polite(response, what):
    assert response.status_code < 500, (what, response.status_code)
    if response.status_code == 400:
        assert b"</html>" in consume(response), what


def consume(response) -> bytes:
    """The whole body, streamed or not: a stream that breaks half-way is a failure too."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


# --- every public form ---------------------------------------------------------------


def form_body(data: dict, token: str) -> dict:
    return {**data, "csrfmiddlewaretoken": token}


def urlencoded(pairs) -> bytes:
    return "&".join(f"{quote(str(k))}={quote(str(v))}" for k, v in pairs).encode()


def post_raw(client, form, body: bytes, content_type: str):
    """POST these exact bytes: `client.post` would re-encode them in the declared charset."""
    return client.generic(
        "POST", form.url, body, content_type=content_type, HTTP_REFERER="http://testserver/"
    )


BODIES = {
    "missing fields": lambda data, token: urlencoded([("csrfmiddlewaretoken", token)]),
    "duplicate fields": lambda data, token: urlencoded(
        [*form_body(data, token).items(), *((k, "other") for k in data)]
    ),
    "arrays for scalars": lambda data, token: urlencoded(
        [("csrfmiddlewaretoken", token), *((f"{k}[]", v) for k, v in data.items())]
    ),
    "undecodable bytes": lambda data, token: (
        urlencoded(form_body(data, token).items()) + b"&name=%ff%fe&email=\xff\xfe"
    ),
    "truncated escape": lambda data, token: urlencoded(form_body(data, token).items()) + b"&a=%",
    "empty body": lambda data, token: b"",
}
CONTENT_TYPES = {
    "latin-1 charset": "application/x-www-form-urlencoded; charset=latin-1",
    "utf-16 charset": "application/x-www-form-urlencoded; charset=utf-16",
    "unknown charset": "application/x-www-form-urlencoded; charset=klingon",
    "json": "application/json",
    "broken multipart": "multipart/form-data; boundary=",
    "no content type": "",
}


@pytest.fixture(params=PUBLIC_FORMS, ids=lambda make: make.__name__)
def form(request, home_page):
    made = request.param(home_page)
    request.getfixturevalue("bystanders")  # after the form: they share its enquiry page
    return made


@pytest.mark.parametrize(("kind", "value"), VALUES.items(), ids=list(VALUES))
def test_hostile_values_in_every_field(client, form, kind, value):
    token = open_form(client, form)
    before = saved_rows()
    data = dict.fromkeys(form.data, value)
    response = client.post(form.url, form_body(data, token), HTTP_REFERER="http://testserver/")
    assert_polite(response, (form.name, kind))
    assert unchanged(before)


@pytest.mark.parametrize("kind", BODIES)
def test_hostile_bodies(client, form, kind):
    token = open_form(client, form)
    before = saved_rows()
    body = BODIES[kind](form.data, token)
    response = post_raw(client, form, body, "application/x-www-form-urlencoded")
    assert_polite(response, (form.name, kind))
    assert unchanged(before) or accepted(response)


@pytest.mark.parametrize("kind", CONTENT_TYPES)
def test_wrong_content_types(client, form, kind):
    token = open_form(client, form)
    before = saved_rows()
    body = urlencoded(form_body(form.data, token).items())
    if kind == "utf-16 charset":
        body = body.decode().encode("utf-16")
    response = post_raw(client, form, body, CONTENT_TYPES[kind])
    assert_polite(response, (form.name, kind))
    assert unchanged(before) or accepted(response)


@pytest.mark.parametrize("method", ["put", "patch", "delete", "options", "trace"])
def test_wrong_methods(client, form, method):
    token = open_form(client, form)
    before = saved_rows()
    response = getattr(client, method)(form.url, urlencoded(form_body(form.data, token).items()))
    assert response.status_code < 500, (form.name, method)
    assert unchanged(before)


# --- the membership listings' filters and query strings, as a reviewer -----------------

ADMIN_PARAMETERS = [
    ("/admin/membership/enquiries/", name)
    for name in ("q", "status", "region", "overdue", "assignee", "year", "p", "o", "export")
] + [("/admin/membership/members/", name) for name in ("q", "region", "show_in_directory", "p")]
EXPORTS = ["", "&export=csv", "&export=xlsx"]


@pytest.fixture
def reviewer_client(client, bystanders):
    client.force_login(make_reviewer())
    return client


@pytest.mark.parametrize(("kind", "value"), EVIL_VALUES, ids=[k for k, _ in EVIL_VALUES])
@pytest.mark.parametrize(
    ("listing", "parameter"), ADMIN_PARAMETERS, ids=[f"{u}?{p}" for u, p in ADMIN_PARAMETERS]
)
def test_hostile_admin_filters(reviewer_client, listing, parameter, kind, value):
    before = saved_rows()
    response = reviewer_client.get(f"{listing}?{parameter}={query_value(kind, value)}")
    assert_polite(response, (listing, parameter, kind))
    assert unchanged(before)


@pytest.mark.parametrize("export", EXPORTS, ids=["listing", "csv", "xlsx"])
@pytest.mark.parametrize(
    "query",
    [
        "year=0",
        "year=10000",
        "year=99999999",
        "year=-1",
        "year=2024&year=2025",
        "status=received&status=nonsense",
        "q=a%00b",
        "p=0",
        "p=-1",
        "p=99999999999999999999",
        "o=999",
        "o=0.1.-2.x",
        "unknown=1",
        "user__password__startswith=pbkdf2",
    ],
)
def test_hostile_filter_combinations_and_exports(reviewer_client, query, export):
    before = saved_rows()
    response = reviewer_client.get(f"/admin/membership/enquiries/?{query}{export}")
    assert_polite(response, (query, export))
    assert unchanged(before)


# --- the public pages' query strings --------------------------------------------------


@pytest.fixture
def news(bystanders):
    index = make_index(bystanders)
    make_story(index, title="A story")
    return index


PUBLIC_QUERIES = [
    ("/en/search/", "q"),
    ("/en/search/?q=story&", "page"),
    ("/en/news/", "page"),
    ("/en/news/2024/", "page"),
    ("/en/news/topic/city/", "page"),
    ("/en/news/feed/rss/", "page"),
    ("/", "page"),
]


@pytest.mark.parametrize(("kind", "value"), EVIL_VALUES, ids=[k for k, _ in EVIL_VALUES])
@pytest.mark.parametrize(
    ("address", "parameter"), PUBLIC_QUERIES, ids=[f"{a}{p}" for a, p in PUBLIC_QUERIES]
)
def test_hostile_public_query_strings(client, news, address, parameter, kind, value):
    before = saved_rows()
    joiner = "" if address.endswith("&") else "?"
    response = client.get(f"{address}{joiner}{parameter}={query_value(kind, value)}")
    assert_polite(response, (address, parameter, kind))
    assert unchanged(before)


@pytest.mark.parametrize(
    "address",
    [
        "/en/news/0000/",
        "/en/news/9999/",
        "/en/news/topic/%ff/",
        "/en/news/topic/" + "x" * 5000 + "/",
        "/en/news/feed/atom/?page=1&page=2",
        "/en/search/?q=1&q=2&q=3",
        "/en/search/?q[]=story",
        "/%e2%80%ae/",
        "/en/news/2024/?page=" + "9" * 400,
    ],
)
def test_hostile_public_addresses(client, news, address):
    before = saved_rows()
    assert_polite(client.get(address), address)
    assert unchanged(before)
