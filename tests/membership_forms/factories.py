"""Small builders for membership tests; every default can be overridden by keyword."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.models import Site

from home.models import HubPage, Principle, PrinciplesPage, SiteSettings
from home.services import hub_restrict_to_members
from membership_forms import services
from membership_forms.models import (
    REVIEWERS_GROUP_NAME,
    Application,
    ApplicationContact,
    ContactKind,
    EnquiryStatus,
    Member,
    MembershipEnquiry,
    MembershipEnquiryPage,
    Region,
)


def make_enquiry_page(**kwargs) -> MembershipEnquiryPage:
    existing = MembershipEnquiryPage.objects.first()
    if existing and not kwargs:
        return existing
    home = Site.objects.get(is_default_site=True).root_page
    kwargs.setdefault("title", "Join the network")
    kwargs.setdefault("slug", "join")
    kwargs.setdefault("to_address", "staff@example.org")
    kwargs.setdefault("from_address", "site@example.org")
    kwargs.setdefault("subject", "New membership enquiry")
    page = MembershipEnquiryPage(**kwargs)
    home.add_child(instance=page)
    return page


def make_enquiry(**kwargs) -> MembershipEnquiry:
    kwargs.setdefault("page", make_enquiry_page())
    kwargs.setdefault("city", "Aarhus")
    kwargs.setdefault("country", "Denmark")
    kwargs.setdefault("region", Region.EUROPE)
    kwargs.setdefault("contact_name", "Ada Example")
    kwargs.setdefault("contact_email", "ada@example.org")
    kwargs.setdefault("organisation", "Mayor's office")
    kwargs.setdefault("submit_time", timezone.now())
    kwargs.setdefault(
        "form_data",
        {
            "name": kwargs["contact_name"],
            "email": kwargs["contact_email"],
            "city": kwargs["city"],
        },
    )
    return MembershipEnquiry.objects.create(**kwargs)


def make_enquiry_waiting(days_ago: int, **kwargs) -> MembershipEnquiry:
    moment = timezone.now() - timedelta(days=days_ago)
    kwargs.setdefault("status", EnquiryStatus.RECEIVED)
    return make_enquiry(submit_time=moment, waiting_since=moment, **kwargs)


def make_user(username="reviewer", **kwargs):
    kwargs.setdefault("email", f"{username}@example.org")
    kwargs.setdefault("password", "a-long-test-password")
    return get_user_model().objects.create_user(username=username, **kwargs)


def make_reviewer(username="reviewer", **kwargs):
    """A member of the "Membership reviewers" group that a migration creates."""
    user = make_user(username, **kwargs)
    user.groups.add(Group.objects.get(name=REVIEWERS_GROUP_NAME))
    return user


def make_editor(username="editor", **kwargs):
    """A page editor (Wagtail's own "Editors" group) with no membership permissions."""
    user = make_user(username, **kwargs)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def make_application_record(enquiry, contacts=None, **kwargs) -> Application:
    """An application stored directly, whatever the enquiry's state, with the given contacts
    (dicts of ApplicationContact fields); by default one political lead and one practitioner."""
    kwargs.setdefault("background", "Youth outreach and a cohesion strategy since 2022.")
    kwargs.setdefault("principles", [{"id": "local-ownership", "title": "Local ownership"}])
    kwargs.setdefault("data_consent", True)
    application = Application.objects.create(enquiry=enquiry, **kwargs)
    if contacts is None:
        contacts = [
            {
                "name": "Lena Policy",
                "email": "lena@example.org",
                "kind": ContactKind.POLITICAL_LEAD,
            },
            {
                "name": "Omar Practice",
                "email": "omar@example.org",
                "kind": ContactKind.PRACTITIONER,
            },
        ]
    for number, contact in enumerate(contacts):
        contact = dict(contact)
        contact.setdefault("job_title", "Adviser")
        contact.setdefault("email", f"contact{number}@example.org")
        ApplicationContact.objects.create(application=application, **contact)
    return application


def make_member(**kwargs) -> Member:
    kwargs.setdefault("city", "Aarhus")
    kwargs.setdefault("country", "Denmark")
    kwargs.setdefault("region", Region.EUROPE)
    return Member.objects.create(**kwargs)


# The applicant's side: the principles, the hub, the Terms of Reference and applications.

PRINCIPLES = [
    ("Human rights", "human-rights", "Prevention protects and respects human rights."),
    ("Local ownership", "local-ownership", "Cities lead, with their communities."),
]


def home_page():
    return Site.objects.get(is_default_site=True).root_page.specific


def make_principles_page(principles=PRINCIPLES, **kwargs) -> PrinciplesPage:
    kwargs.setdefault("title", "Our principles")
    kwargs.setdefault("slug", "principles")
    page = PrinciplesPage(
        principles=[
            Principle(title=title, slug=slug, explanation=explanation, sort_order=index)
            for index, (title, slug, explanation) in enumerate(principles)
        ],
        **kwargs,
    )
    home_page().add_child(instance=page)
    page.save_revision().publish()
    return page


def make_hub_page(**kwargs) -> HubPage:
    kwargs.setdefault("title", "Online Hub")
    kwargs.setdefault("slug", "online-hub")
    kwargs.setdefault("introduction", "The members' own part of the site.")
    page = HubPage(**kwargs)
    home_page().add_child(instance=page)
    page.save_revision().publish()
    hub_restrict_to_members(page=page)
    return page


def make_terms_of_reference(title="Terms of Reference"):
    document = get_document_model()(title=title)
    document.file.save("terms-of-reference.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    document.save()
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.terms_of_reference = document
    site_settings.save()
    return document


CONTACTS = [
    {
        "name": "Thandi Mokoena",
        "job_title": "Member of the Mayoral Committee for Safety",
        "department": "Office of the Mayor",
        "email": "thandi@example.org",
        "phone": "+27 21 400 0001",
        "kind": ContactKind.POLITICAL_LEAD,
    },
    {
        "name": "Pieter Botha",
        "job_title": "Prevention programme manager",
        "department": "Community Safety",
        "email": "pieter@example.org",
        "phone": "",
        "kind": ContactKind.PRACTITIONER,
    },
]


def make_application(enquiry, *, contacts=CONTACTS, **kwargs) -> Application:
    """An application as if the applicant had sent it (the enquiry moves on too)."""
    kwargs.setdefault("background", "Youth outreach in three districts since 2021.")
    kwargs.setdefault("principles", [{"id": slug, "title": t} for t, slug, _ in PRINCIPLES])
    kwargs.setdefault("data_consent", True)
    return services.application_submit(
        enquiry=enquiry, contacts=[dict(contact) for contact in contacts], **kwargs
    )


def make_enquiry_with_application(**kwargs) -> MembershipEnquiry:
    """An enquiry whose application has arrived: waiting for a reviewer's decision."""
    contacts = kwargs.pop("contacts", CONTACTS)
    enquiry = make_enquiry(status=EnquiryStatus.APPLICATION_SENT, **kwargs)
    make_application(enquiry, contacts=contacts)
    enquiry.refresh_from_db()
    return enquiry
