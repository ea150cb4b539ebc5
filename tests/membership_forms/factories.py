"""Small builders for membership tests; every default can be overridden by keyword."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from wagtail.models import Site

from membership_forms.models import (
    REVIEWERS_GROUP_NAME,
    Application,
    ApplicationContact,
    ContactKind,
    EnquiryStatus,
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
    """A member of the "Membership reviewers" group that migration 0003 creates."""
    user = make_user(username, **kwargs)
    user.groups.add(Group.objects.get(name=REVIEWERS_GROUP_NAME))
    return user


def make_editor(username="editor", **kwargs):
    """A page editor (Wagtail's own "Editors" group) with no membership permissions."""
    user = make_user(username, **kwargs)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def make_application(enquiry, *, contacts=None, **kwargs) -> Application:
    kwargs.setdefault("background", "Youth outreach with schools and sports clubs.")
    kwargs.setdefault("principles", [{"id": 1, "title": "Local ownership"}])
    kwargs.setdefault("data_consent", True)
    application = Application.objects.create(enquiry=enquiry, **kwargs)
    if contacts is None:
        contacts = [
            {"name": "Ada Example", "kind": ContactKind.POLITICAL_LEAD},
            {"name": "Ben Example", "kind": ContactKind.PRACTITIONER},
        ]
    for number, contact in enumerate(contacts):
        contact = dict(contact)
        contact.setdefault("job_title", "Adviser")
        contact.setdefault("email", f"contact{number}@example.org")
        ApplicationContact.objects.create(application=application, **contact)
    return application
