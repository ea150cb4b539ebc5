from django.core.management import call_command

from wagtail.models import Page, PageLogEntry, Revision

import pytest

from membership_forms.models import MembershipEnquiryPage

pytestmark = pytest.mark.django_db


def test_demo_creates_the_enquiry_page_once_and_links_it_from_home(client, home_page):
    call_command("load_demo_content", verbosity=0)
    counts = (Page.objects.count(), Revision.objects.count(), PageLogEntry.objects.count())
    call_command("load_demo_content", verbosity=0)
    assert counts == (Page.objects.count(), Revision.objects.count(), PageLogEntry.objects.count())

    page = MembershipEnquiryPage.objects.get(slug="join")
    assert page.live and page.title == "Join the network"
    mapped = {f.maps_to: f.label for f in page.form_fields.all() if f.maps_to}
    assert mapped == {
        "contact_name": "Your name",
        "organisation": "Your role",
        "city": "City",
        "country": "Country",
        "region": "Region",
        "contact_email": "Email address",
    }
    labels = [f.label for f in page.form_fields.all()]
    assert "Phone number" in labels and "Why would your city like to join?" in labels

    home_page.refresh_from_db()
    assert home_page.call_to_action_page_id == page.pk
    response = client.get("/")
    assert f'href="{page.url}">Ask to join the network</a>' in response.content.decode()
    assert client.get(page.url).status_code == 200
