"""Demo content: the "Join the network" enquiry page, linked from the home page's call to
action. Created once; an existing page (perhaps edited since) is left alone."""

from wagtail.rich_text import RichText

from home.demo import ensure_child
from home.models import HomePage

from .models import FormField, MapsTo, MembershipEnquiryPage, Region

FIELDS = [
    {"label": "Your name", "field_type": "singleline", "maps_to": MapsTo.CONTACT_NAME},
    {
        "label": "Your role",
        "field_type": "singleline",
        "maps_to": MapsTo.ORGANISATION,
        "help_text": "Your job title and the office, department or agency you work for.",
    },
    {"label": "City", "field_type": "singleline", "maps_to": MapsTo.CITY},
    {"label": "Country", "field_type": "singleline", "maps_to": MapsTo.COUNTRY},
    {
        "label": "Region",
        "field_type": "dropdown",
        "maps_to": MapsTo.REGION,
        "choices": "\n".join(str(label) for label in Region.labels),
    },
    {
        "label": "Email address",
        "field_type": "email",
        "maps_to": MapsTo.CONTACT_EMAIL,
        "help_text": "We will send our answer and your application form here.",
    },
    {
        "label": "Phone number",
        "field_type": "singleline",
        "required": False,
        "help_text": "With the country code, e.g. +44 20 7946 0000.",
    },
    {
        "label": "Why would your city like to join?",
        "field_type": "multiline",
        "help_text": "A few sentences are enough: what your city hopes to learn or share.",
    },
]


def load_enquiry_page(home: HomePage) -> MembershipEnquiryPage:
    existing = MembershipEnquiryPage.objects.child_of(home).filter(slug="join").first()
    if existing:
        return existing
    form_fields = [FormField(sort_order=index, **field) for index, field in enumerate(FIELDS)]
    return ensure_child(
        home,
        MembershipEnquiryPage,
        "join",
        title="Join the network",
        show_in_menus=True,
        search_description="Ask to join the network on behalf of your city, town or region.",
        intro=RichText(
            "<p>If you work for your city, town or region, either on the political or policy "
            "team or as a practitioner in a frontline service, tell us a little about "
            "yourself and your city here.</p><p>We answer every enquiry within two to three "
            "working days and then send you a short application form.</p>"
        ),
        thank_you_text=RichText(
            "<p>Our next email will include a short application form asking for two or "
            "three points of contact in your city and some background on local "
            "prevention work. Ideally one contact speaks for the mayor's office or policy "
            "team, and another works on prevention in practice.</p>"
        ),
        to_address="membership@strongcities.example",
        subject="Membership enquiry",
        form_fields=form_fields,
    )


def link_call_to_action(home: HomePage, page: MembershipEnquiryPage) -> None:
    if home.call_to_action_page_id:
        return
    home.call_to_action_page = page
    home.call_to_action_label = home.call_to_action_label or "Ask to join the network"
    home.save_revision().publish()


def load(home: HomePage) -> MembershipEnquiryPage:
    page = load_enquiry_page(home)
    link_call_to_action(home, page)
    return page
