"""The reference Varnish configuration (deploy/varnish/default.vcl) in front of the app.

Each test runs Debian's varnishd with that file, changed only in the backend's port (the
live server's) and, for one test, the purgers ACL; Wagtail in this process purges it. Pages
today send no Cache-Control, so Varnish's default TTL (120 s) makes them cacheable.
"""

import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

from django.contrib.auth import get_user_model

from wagtail.models import Site

import pytest
import requests

from home.frontend_cache import purge_site_from_frontend_caches
from home.models import SiteSettings
from membership_forms.forms import CAPTCHA_FIELD
from tests.home.test_pages import make_standard_page
from tests.membership_forms.factories import make_enquiry_page

pytestmark = pytest.mark.varnish

VCL = Path(__file__).resolve().parents[2] / "deploy" / "varnish" / "default.vcl"
VARNISH_PORTS = range(6100, 6200)
# Wagtail's site (made by a migration) answers to this name; Varnish keys objects on it.
HOST = "localhost"


def find_varnishd() -> str | None:
    return shutil.which("varnishd") or shutil.which("varnishd", path="/usr/sbin")


@pytest.fixture(scope="session")
def varnishd():
    path = find_varnishd()
    if not path:
        reason = "varnishd was not found; install Debian's `varnish` package to run these tests."
        if os.environ.get("REQUIRE_VARNISH") == "1":
            pytest.fail(reason + " REQUIRE_VARNISH=1 makes this an error.")
        pytest.skip(reason)
    return path


def reference_vcl(*, backend_port: int, purgers: tuple[str, ...] | None = None) -> str:
    text, replaced = re.subn(
        r'(backend app1 \{.*?\.port = )"8000"',
        rf'\g<1>"{backend_port}"',
        VCL.read_text(),
        flags=re.S,
    )
    assert replaced == 1, "default.vcl no longer has backend app1 on port 8000"
    if purgers is not None:
        entries = "".join(f'    "{address}";\n' for address in purgers)
        text, replaced = re.subn(
            r"acl purgers \{\n.*?\}", f"acl purgers {{\n{entries}}}", text, flags=re.S
        )
        assert replaced == 1, "default.vcl no longer has the purgers ACL"
    return text


def free_ports(count: int) -> list[int]:
    ports = []
    for port in VARNISH_PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        ports.append(port)
        if len(ports) == count:
            return ports
    pytest.fail(f"no free ports in {VARNISH_PORTS}")


class Varnish:
    def __init__(self, varnishd: str, vcl: str, workdir: Path):
        self.port, admin_port = free_ports(2)
        self.workdir = workdir
        (workdir / "default.vcl").write_text(vcl)
        log = workdir / "varnishd.log"
        self.log_file = log.open("w")
        self.process = subprocess.Popen(  # noqa: S603 - our own arguments
            [
                varnishd,
                "-F",
                "-j", "none",
                "-n", str(workdir / "work"),
                "-a", f"127.0.0.1:{self.port}",
                "-T", f"127.0.0.1:{admin_port}",
                "-f", str(workdir / "default.vcl"),
                "-s", "malloc,32m",
            ],
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.stop()
                pytest.fail(f"varnishd stopped: {log.read_text()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        pytest.fail("varnishd did not start listening within 30 s")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def request(self, method: str, path: str, headers=None, **kwargs) -> requests.Response:
        headers = {"Host": HOST, **(headers or {})}
        return requests.request(method, self.url + path, headers=headers, timeout=10, **kwargs)

    def ban_everything(self):
        subprocess.run(  # noqa: S603 - our own arguments
            [
                shutil.which("varnishadm") or "/usr/bin/varnishadm",
                "-n",
                str(self.workdir / "work"),
                "ban",
                "obj.http.x-url ~ .",
            ],
            check=True,
            capture_output=True,
        )

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log_file.close()


@pytest.fixture(scope="module")
def varnish_server(varnishd, live_server, tmp_path_factory):
    server = Varnish(
        varnishd,
        reference_vcl(backend_port=live_server.thread.port),
        tmp_path_factory.mktemp("varnish"),
    )
    yield server
    server.stop()


@pytest.fixture
def varnish(varnish_server, settings, django_db_serialized_rollback):
    """The reference Varnish, emptied, in front of the live server, and purged by Wagtail."""
    # Made on the first page view otherwise: a change, so that first page would not be kept.
    SiteSettings.for_site(Site.objects.get(is_default_site=True))
    varnish_server.ban_everything()
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {"BACKEND": "home.frontend_cache.HTTPBackend", "LOCATION": varnish_server.url}
    }
    return varnish_server


def publish_edit(page, **changes):
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()


def test_a_page_is_served_from_the_cache_until_publishing_purges_it(varnish, home_page):
    page = make_standard_page(home_page, introduction="Cities learning from cities.")

    first = varnish.get(page.url)
    second = varnish.get(page.url)
    assert first.status_code == second.status_code == 200
    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("MISS", "HIT")
    assert "Cities learning from cities." in second.text
    assert "x-url" not in second.headers and "x-host" not in second.headers

    publish_edit(page, introduction="Cities teaching cities.")

    after = varnish.get(page.url)
    assert after.headers["X-Cache"] == "MISS"
    assert "Cities teaching cities." in after.text
    assert varnish.get(page.url).headers["X-Cache"] == "HIT"


def test_purging_the_sites_clears_every_page(varnish, home_page):
    page = make_standard_page(home_page)
    paths = ["/en/", page.url, "/robots.txt"]
    for path in paths:
        varnish.get(path)
    assert [varnish.get(path).headers["X-Cache"] for path in paths] == ["HIT"] * 3

    # Any change to what pages show purges the whole site, not only a published page.
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.footer_text = "A new footer for every page."
    site_settings.save()

    responses = [varnish.get(path) for path in paths]
    assert [response.headers["X-Cache"] for response in responses] == ["MISS"] * 3
    assert "A new footer for every page." in responses[1].text
    assert [varnish.get(path).headers["X-Cache"] for path in paths] == ["HIT"] * 3

    purge_site_from_frontend_caches()
    assert [varnish.get(path).headers["X-Cache"] for path in paths] == ["MISS"] * 3


def test_a_purge_clears_the_page_and_what_lies_below_it_only(varnish, home_page):
    parent = make_standard_page(home_page, title="Programmes")
    child = make_standard_page(parent, title="Youth work")
    other = make_standard_page(home_page, title="Partners")
    for page in (parent, child, other):
        varnish.get(page.url)

    assert varnish.request("PURGE", parent.url).status_code == 200

    assert varnish.get(parent.url).headers["X-Cache"] == "MISS"
    assert varnish.get(child.url).headers["X-Cache"] == "MISS"
    assert varnish.get(other.url).headers["X-Cache"] == "HIT"


def test_logged_in_visitors_and_messages_bypass_the_cache(varnish, home_page, settings):
    page = make_standard_page(home_page, introduction="The cached introduction.")
    varnish.get(page.url)
    settings.WAGTAILFRONTENDCACHE = {}  # change the page without purging it
    publish_edit(page, introduction="The live introduction.")

    anonymous = varnish.get(page.url, headers={"Cookie": "csrftoken=abc; _ga=GA1.1"})
    assert anonymous.headers["X-Cache"] == "HIT"  # other cookies are ignored
    assert "The cached introduction." in anonymous.text
    for cookie in ("sessionid=abc", "csrftoken=abc; messages=xyz"):
        response = varnish.get(page.url, headers={"Cookie": cookie})
        assert response.headers["X-Cache"] == "PASS"
        assert "The live introduction." in response.text


def test_the_enquiry_form_is_never_cached(varnish):
    page = make_enquiry_page()

    responses = [varnish.get(page.url) for _ in range(3)]

    assert [response.status_code for response in responses] == [200] * 3
    assert [response.headers["X-Cache"] for response in responses] == ["MISS"] * 3
    assert all("no-store" in response.headers["Cache-Control"] for response in responses)
    captcha = re.compile(rf'name="{CAPTCHA_FIELD}_0" value="(\w+)"')
    captchas = {captcha.search(response.text)[1] for response in responses}
    assert len(captchas) == 3  # every visitor gets their own captcha


def test_admin_login_passes_with_its_cookies(varnish):
    get_user_model().objects.create_superuser("editor", "editor@example.org", "secret-words")
    browser = requests.Session()

    login = browser.get(f"{varnish.url}/admin/login/", headers={"Host": HOST}, timeout=10)
    assert login.headers["X-Cache"] == "PASS"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text)[1]
    signed_in = browser.post(
        f"{varnish.url}/admin/login/",
        data={"username": "editor", "password": "secret-words", "csrfmiddlewaretoken": token},
        headers={"Host": HOST, "Referer": f"http://{HOST}/admin/login/"},
        allow_redirects=False,
        timeout=10,
    )
    assert signed_in.status_code == 302  # the CSRF cookie reached Django with the POST
    dashboard = browser.get(f"{varnish.url}/admin/", headers={"Host": HOST}, timeout=10)
    assert dashboard.status_code == 200
    assert dashboard.headers["X-Cache"] == "PASS"
    assert "editor" in dashboard.text


def test_purges_from_outside_the_acl_are_refused(
    varnishd, live_server, tmp_path, settings, django_db_serialized_rollback, home_page, caplog
):
    outsider = Varnish(
        varnishd,
        reference_vcl(backend_port=live_server.thread.port, purgers=("192.0.2.1",)),
        tmp_path,
    )
    try:
        settings.WAGTAILFRONTENDCACHE = {
            "varnish": {"BACKEND": "home.frontend_cache.HTTPBackend", "LOCATION": outsider.url}
        }
        SiteSettings.for_site(Site.objects.get(is_default_site=True))
        page = make_standard_page(home_page, introduction="Before the edit.")
        outsider.get(page.url)

        assert outsider.request("PURGE", page.url).status_code == 403
        publish_edit(page, introduction="After the edit.")  # the purge fails, the publish not

        response = outsider.get(page.url)
        assert response.headers["X-Cache"] == "HIT"
        assert "Before the edit." in response.text
        assert "403" in caplog.text and "Could not purge" in caplog.text
    finally:
        outsider.stop()
