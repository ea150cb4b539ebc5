"""Requests no browser of a real visitor sends, but an attacker or a careless client does:
a polite 400 page, never a 500 (PostgreSQL refuses NUL bytes in text; Django refuses form
bodies that are not UTF-8)."""

from urllib.parse import quote

from django.test import Client

import pytest

from .forms import PUBLIC_FORMS, open_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    # A client that checks CSRF as a browser's request would be checked, and answers as the
    # live site does (a 500 page) instead of raising.
    return Client(enforce_csrf_checks=True, raise_request_exception=False)


@pytest.mark.parametrize("query", ["%00", "a%00b", "%00%00", "council%00"])
def test_a_nul_byte_in_the_search_gets_a_polite_400(client, home_page, query):
    response = client.get(f"/en/search/?q={query}")
    assert response.status_code == 400
    assert "We could not read that request" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    ["/abc%00/", "/en/news/?page=%00", "/en/search/?q=ok&%00=1", "/en/news/topic/%00/"],
)
def test_a_nul_byte_anywhere_in_the_address_gets_a_400(client, home_page, url):
    assert client.get(url).status_code == 400


def test_a_nul_byte_in_the_session_cookie_gets_a_400(client, home_page):
    # Quoted cookie values may carry octal escapes, which Django's cookie parser decodes.
    response = client.get("/en/account/login/", HTTP_COOKIE='sessionid="abcdefghijkl\\000"')
    assert response.status_code == 400


@pytest.mark.parametrize("charset", ["latin-1", "utf-16", "iso-8859-15"])
@pytest.mark.parametrize("make_form", PUBLIC_FORMS, ids=lambda make: make.__name__)
def test_a_form_sent_in_another_charset_gets_a_polite_400(client, home_page, make_form, charset):
    form = make_form(home_page)
    token = open_form(client, form)
    body = "&".join(
        f"{quote(key)}={quote(str(value))}"
        for key, value in {**form.data, "csrfmiddlewaretoken": token}.items()
    )
    response = client.post(
        form.url,
        body.encode(),
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
        HTTP_REFERER="http://testserver/",
    )
    assert response.status_code == 400, form.name
    assert "We could not read that request" in response.content.decode()


@pytest.mark.parametrize("make_form", PUBLIC_FORMS, ids=lambda make: make.__name__)
def test_a_nul_byte_in_a_form_field_is_refused_on_the_form(client, home_page, make_form):
    form = make_form(home_page)
    token = open_form(client, form)
    data = {key: f"{value}\x00" for key, value in form.data.items()}
    response = client.post(form.url, {**data, "csrfmiddlewaretoken": token})
    assert response.status_code in {200, 400}, form.name  # the form again, with its errors
