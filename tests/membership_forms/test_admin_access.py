"""Who may reach the membership admin: a permission matrix over every moderation address."""

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import Page

import pytest

from membership_forms.models import REVIEWERS_GROUP_NAME, EnquiryStatus, Member, MembershipEnquiry

from .factories import make_editor, make_enquiry, make_reviewer, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def enquiry():
    return make_enquiry(status=EnquiryStatus.RECEIVED)


@pytest.fixture
def member(enquiry):
    return Member.objects.create(city="Aarhus", country="Denmark", region="europe")


def moderation_requests(enquiry, member):
    """(method, url, data, what a permitted user gets) for every moderation address."""
    pk = enquiry.pk
    index = reverse("membership_enquiries_modeladmin_index")
    inspect = reverse("membership_enquiries_modeladmin_inspect", args=[pk])
    step = reverse("membership_forms:enquiry_step", args=[pk, "decline"])
    return [
        ("get", index, None, 200),
        ("get", index + "?export=csv", None, 200),
        ("get", index + "?export=xlsx", None, 200),
        ("get", index + "?overdue=yes&status__exact=received", None, 200),
        ("get", inspect, None, 200),
        ("get", reverse("membership_forms:enquiry", args=[pk]), None, 302),
        ("get", step, None, 200),
        ("post", step, {"version": enquiry.version, "note": "No reply"}, 302),
        (
            "post",
            reverse("membership_forms:enquiry_assign", args=[pk]),
            {"assignee": "", "seen_assignee": 0},
            302,
        ),
        (
            "post",
            reverse("membership_forms:enquiry_add_note", args=[pk]),
            {"text": "Called the mayor's office."},
            302,
        ),
        ("get", reverse("membership_members_modeladmin_index"), None, 200),
        ("get", reverse("membership_members_modeladmin_edit", args=[member.pk]), None, 200),
    ]


def login(client, who):
    if who == "anonymous":
        return None
    user = {
        "editor": lambda: make_editor(),
        "reviewer": lambda: make_reviewer(),
        "superuser": lambda: make_user("admin", is_superuser=True, is_staff=True),
    }[who]()
    client.force_login(user)
    return user


@pytest.mark.parametrize("who", ["anonymous", "editor", "reviewer", "superuser"])
def test_permission_matrix_over_every_moderation_address(client, who, enquiry, member):
    login(client, who)
    for method, url, data, allowed_status in moderation_requests(enquiry, member):
        enquiry.refresh_from_db()
        if method == "post" and data and "version" in data:
            data = {**data, "version": enquiry.version}
        response = getattr(client, method)(url, data or {})
        where = f"{method.upper()} {url} as {who}"
        if who == "anonymous":
            assert response.status_code == 302, where
            assert response["Location"].startswith("/admin/login/?next="), where
        elif who == "editor":
            assert response.status_code == 403, where
            assert b"do not have permission" in response.content, where
        else:
            assert response.status_code == allowed_status, where


def test_refused_users_change_nothing(client, enquiry):
    login(client, "editor")
    client.post(
        reverse("membership_forms:enquiry_step", args=[enquiry.pk, "decline"]),
        {"version": enquiry.version},
    )
    client.post(reverse("membership_forms:enquiry_add_note", args=[enquiry.pk]), {"text": "Sneaky"})
    client.post(
        reverse("membership_forms:enquiry_assign", args=[enquiry.pk]),
        {"assignee": "", "seen_assignee": 0},
    )
    enquiry.refresh_from_db()
    assert (enquiry.status, enquiry.version) == (EnquiryStatus.RECEIVED, 1)
    assert not enquiry.events.exists()


def test_enquiries_of_other_pages_are_not_moderated_here(client, home_page):
    """A row whose page is not a membership enquiry page: a refused user gets the same 403
    as for any enquiry (learning nothing), a reviewer a 404, and it is not listed."""
    stray = make_enquiry(page=Page.objects.get(pk=home_page.pk), city="Elsewhere")
    urls = [
        reverse("membership_enquiries_modeladmin_inspect", args=[stray.pk]),
        reverse("membership_forms:enquiry", args=[stray.pk]),
        reverse("membership_forms:enquiry_step", args=[stray.pk, "decline"]),
    ]
    login(client, "editor")
    for url in urls:
        assert client.get(url).status_code == 403
    assert (
        client.get(reverse("membership_enquiries_modeladmin_inspect", args=[99999])).status_code
        == 403
    )

    client.force_login(make_reviewer())
    for url in urls:
        assert client.get(url).status_code == 404
    for url in [
        reverse("membership_forms:enquiry_add_note", args=[stray.pk]),
        reverse("membership_forms:enquiry_assign", args=[stray.pk]),
    ]:
        assert (
            client.post(url, {"text": "x", "assignee": "", "seen_assignee": 0}).status_code == 404
        )
    listing = client.get(reverse("membership_enquiries_modeladmin_index"))
    assert b"Elsewhere" not in listing.content
    assert not stray.events.exists()


def test_enquiries_are_never_added_edited_or_deleted_in_the_admin(client, enquiry):
    client.force_login(make_user("admin", is_superuser=True, is_staff=True))
    for url in [
        "/admin/membership/enquiries/create/",
        f"/admin/membership/enquiries/edit/{enquiry.pk}/",
        f"/admin/membership/enquiries/delete/{enquiry.pk}/",
        f"/admin/membership/enquiries/history/{enquiry.pk}/",
        "/admin/membership/enquiries/inspect/not-a-number/",
    ]:
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url
    listing = client.get(reverse("membership_enquiries_modeladmin_index"))
    assert b"/admin/membership/enquiries/create/" not in listing.content
    assert MembershipEnquiry.objects.filter(pk=enquiry.pk).exists()


def test_menu_shows_membership_only_to_users_with_the_permission(client):
    client.force_login(make_editor())
    assert b"Membership" not in client.get("/admin/").content

    client.force_login(make_reviewer())
    dashboard = client.get("/admin/").content.decode()
    assert "Membership" in dashboard
    assert reverse("membership_enquiries_modeladmin_index") in dashboard
    assert reverse("membership_members_modeladmin_index") in dashboard


def test_reviewers_group_has_exactly_the_membership_permissions():
    group = Group.objects.get(name=REVIEWERS_GROUP_NAME)
    assert set(group.permissions.values_list("content_type__app_label", "codename")) == {
        ("membership_forms", "view_membershipenquiry"),
        ("membership_forms", "moderate_membershipenquiry"),
        ("membership_forms", "view_member"),
        ("membership_forms", "change_member"),
        ("membership_forms", "change_membershipemailsettings"),
        ("wagtailadmin", "access_admin"),
    }


def test_view_only_user_sees_enquiries_but_cannot_act(client, enquiry):
    from django.contrib.auth.models import Permission

    user = make_user("auditor")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_membershipenquiry"),
    )
    client.force_login(user)
    inspect = client.get(reverse("membership_enquiries_modeladmin_inspect", args=[enquiry.pk]))
    assert inspect.status_code == 200
    assert b"Assign to me" not in inspect.content
    assert b"Add note" not in inspect.content
    step = reverse("membership_forms:enquiry_step", args=[enquiry.pk, "decline"])
    assert client.post(step, {"version": 1}).status_code == 403
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.RECEIVED


def test_wagtail_form_submissions_are_no_back_door_for_page_editors(client, enquiry):
    """Page editors may edit the enquiry page, but Wagtail's forms area neither lists nor
    exports nor deletes its enquiries for them; superusers keep it."""
    submissions = reverse("wagtailforms:list_submissions", args=[enquiry.page_id])
    client.force_login(make_editor())
    assert client.get(reverse("wagtailforms:index")).status_code in (200, 302)
    response = client.get(submissions)
    assert response.status_code == 302  # Wagtail's own refusal: back to the dashboard
    assert enquiry.contact_email.encode() not in client.get(submissions, follow=True).content
    assert client.get(submissions + "?export=csv").status_code == 302
    delete = reverse("wagtailforms:delete_submissions", args=[enquiry.page_id])
    client.post(delete + f"?selected-submissions={enquiry.pk}")
    assert MembershipEnquiry.objects.filter(pk=enquiry.pk).exists()

    client.force_login(make_reviewer())
    assert client.get(submissions).status_code == 302

    client.force_login(make_user("admin", is_superuser=True, is_staff=True))
    assert client.get(submissions).status_code == 200


def test_enquiries_are_not_listed_as_usages_of_their_page(client, enquiry):
    from wagtail.models import ReferenceIndex

    assert not ReferenceIndex.objects.filter(object_id=str(enquiry.pk)).exists()
    assert not ReferenceIndex.get_references_to(enquiry.page).exists()
    client.force_login(make_editor())
    usage = client.get(reverse("wagtailadmin_pages:usage", args=[enquiry.page_id]))
    assert enquiry.reference.encode() not in usage.content
