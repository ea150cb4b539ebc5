from wagtail.models import Page, PageLogEntry, Revision

import pytest

from membership_forms import demo
from membership_forms.models import MembershipEnquiryPage

pytestmark = pytest.mark.django_db


def test_demo_creates_the_enquiry_page_once_and_links_it_from_home(client, home_page):
    demo.load(home_page)
    counts = (Page.objects.count(), Revision.objects.count(), PageLogEntry.objects.count())
    demo.load(home_page)
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
    response = client.get("/en/")
    assert f'href="{page.url}">Ask to join the network</a>' in response.content.decode()
    assert client.get(page.url).status_code == 200


def test_an_existing_call_to_action_is_left_alone(home_page):
    other = MembershipEnquiryPage(title="Elsewhere", slug="elsewhere")
    home_page.add_child(instance=other)
    home_page.call_to_action_page = other
    home_page.call_to_action_label = "Talk to us"
    home_page.save()
    demo.load(home_page)
    home_page.refresh_from_db()
    assert (home_page.call_to_action_page_id, home_page.call_to_action_label) == (
        other.pk,
        "Talk to us",
    )
