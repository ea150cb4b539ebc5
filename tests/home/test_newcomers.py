"""What a newcomer meets on `make run`: the port they choose, quiet demo loading, both
demo logins, and email links that lead to the server they started."""

import logging
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

from django.core.management import call_command

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_loading_the_demo_is_quiet_and_names_both_logins(caplog, settings):
    settings.DEBUG = True
    output = StringIO()
    with caplog.at_level(logging.INFO):
        call_command("load_demo_content", stdout=output)
    assert not [record for record in caplog.records if record.name.startswith("wagtail")]
    assert "Membership reviewer: log in at /admin/ as “reviewer”" in output.getvalue()
    assert "changeme-reviewer" in output.getvalue()
    assert logging.getLogger("wagtail").level == logging.NOTSET  # as it was


@pytest.mark.django_db
def test_a_verbose_demo_load_shows_each_page_wagtail_publishes(caplog):
    with caplog.at_level(logging.INFO):
        call_command("load_demo_content", verbosity=2, stdout=StringIO())
    published = [r.getMessage() for r in caplog.records if r.name.startswith("wagtail")]
    assert any(message.startswith("Published:") for message in published)


def test_make_run_serves_on_the_port_asked_for():
    dry_run = subprocess.run(  # noqa: S603
        ["make", "-n", "run", "PORT=8123"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "runserver 127.0.0.1:8123" in dry_run.stdout


def test_links_in_development_emails_follow_the_port():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "scn_wagtail.settings.dev",
        "PORT": "8123",
    }
    env.pop("WAGTAILADMIN_BASE_URL", None)
    printed = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.WAGTAILADMIN_BASE_URL)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert printed.stdout.strip() == "http://127.0.0.1:8123"
