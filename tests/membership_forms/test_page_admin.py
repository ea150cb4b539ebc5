"""Editors' side: where the page goes, editing and previewing it, and the refusal to
publish a form whose answers would not fill an enquiry."""

from django.contrib.auth.models import Group, Permission
from django.core.cache import cache

from wagtail.models import GroupPagePermission, Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from home.models import HomePage, StandardPage
from membership_forms.models import MembershipEnquiry, MembershipEnquiryPage

from .conftest import make_enquiry_page


def field_row(label, field_type="singleline", maps_to="", **extra):
    return {
        "label": label,
        "help_text": "",
        "required": "on",
        "field_type": field_type,
        "choices": "",
        "default_value": "",
        "maps_to": maps_to,
        **extra,
    }


def page_data(fields, **extra):
    return nested_form_data(
        {
            "title": "Join us",
            "slug": "join-us",
            "intro": rich_text("<p>Tell us about your city.</p>"),
            "form_fields": inline_formset(fields),
            "thank_you_text": rich_text("<p>Thank you.</p>"),
            "from_address": "",
            "to_address": "membership@example.org",
            "subject": "Enquiry",
            **extra,
        }
    )


MAPPED = [
    field_row("Your name", maps_to="contact_name"),
    field_row("Email", "email", maps_to="contact_email"),
    field_row("City", maps_to="city"),
]


class EnquiryPageAdminTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = Site.objects.get(is_default_site=True).root_page.specific

    def setUp(self):
        cache.clear()
        self.user = self.login()

    def add_url(self):
        return f"/admin/pages/add/membership_forms/membershipenquirypage/{self.home.pk}/"

    def test_where_it_can_be_created(self):
        self.assertCanCreateAt(HomePage, MembershipEnquiryPage)
        self.assertCanNotCreateAt(StandardPage, MembershipEnquiryPage)
        self.assertCanNotCreateAt(Page, MembershipEnquiryPage)
        self.assertAllowedSubpageTypes(MembershipEnquiryPage, set())

    def test_renders_previews_and_edits(self):
        page = make_enquiry_page(self.home)
        self.assertPageIsRenderable(page)
        self.assertPageIsPreviewable(page, mode="form", post_data=page_data(MAPPED))
        self.assertPageIsPreviewable(page, mode="landing", post_data=page_data(MAPPED))
        self.assertPageIsEditable(page, post_data=page_data(MAPPED))

    def test_the_form_builder_offers_to_add_a_form_field(self):
        page = make_enquiry_page(self.home)
        response = self.client.get(f"/admin/pages/{page.pk}/edit/")
        self.assertContains(response, "Add a form field")
        self.assertNotContains(response, "Add Form fields")

    def test_publishes_with_the_email_and_city_mapped(self):
        data = page_data([*MAPPED, field_row("Region", "dropdown", maps_to="region")])
        self.assertCanCreate(self.home, MembershipEnquiryPage, {**data, "action-publish": "1"})
        page = MembershipEnquiryPage.objects.get(slug="join-us")
        self.assertTrue(page.live)
        self.assertEqual(
            [f.maps_to for f in page.form_fields.all()],
            ["contact_name", "contact_email", "city", "region"],
        )
        # The region question offers the network's regions, whatever the editor typed.
        response = self.client.get(page.url)
        self.assertContains(response, '<option value="Middle East and North Africa">')

    def test_publishing_without_a_mapped_email_is_refused_with_a_clear_message(self):
        data = page_data([field_row("Email", "email"), field_row("City", maps_to="city")])
        response = self.client.post(self.add_url(), {**data, "action-publish": "1"})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(MembershipEnquiryPage.objects.filter(slug="join-us").exists())
        self.assertContains(
            response,
            "This page cannot be published until form fields are mapped to: Contact email.",
        )

    def test_publishing_an_edit_that_unmaps_the_city_is_refused(self):
        page = make_enquiry_page(self.home)
        data = page_data([field_row("Email", "email", maps_to="contact_email"), field_row("City")])
        response = self.client.post(
            f"/admin/pages/{page.pk}/edit/", {**data, "slug": page.slug, "action-publish": "1"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "mapped to: City.")
        page.refresh_from_db()
        self.assertEqual(
            page.live_revision.as_object().form_fields.filter(maps_to="city").count(), 1
        )

    def test_a_draft_may_be_saved_before_the_mapping_is_done(self):
        data = page_data([field_row("Email", "email")])
        response = self.client.post(self.add_url(), data)
        self.assertEqual(response.status_code, 302)
        page = MembershipEnquiryPage.objects.get(slug="join-us")
        self.assertFalse(page.live)

    def test_mapping_must_suit_the_field_type_and_be_unique(self):
        data = page_data(
            [
                field_row("Email", "singleline", maps_to="contact_email"),
                field_row("City", maps_to="city"),
                field_row("Town", maps_to="city"),
            ]
        )
        response = self.client.post(self.add_url(), {**data, "action-publish": "1"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response, "A field that fills the Contact email must be of type: email."
        )
        self.assertContains(response, "Another field already fills the City.")
        self.assertFalse(MembershipEnquiryPage.objects.filter(slug="join-us").exists())

    def test_wagtails_submissions_listing_shows_the_reference(self):
        page = make_enquiry_page(self.home)
        enquiry = MembershipEnquiry.objects.create(page=page, form_data={"city": "Dakar"})
        response = self.client.get(f"/admin/forms/submissions/{page.pk}/")
        self.assertContains(response, enquiry.reference)
        self.assertContains(response, "Dakar")


class EnquiryAdminLinkTests(WagtailPageTestCase):
    """The enquiry's address in staff emails, /admin/membership/enquiries/<pk>/."""

    @classmethod
    def setUpTestData(cls):
        cls.home = Site.objects.get(is_default_site=True).root_page.specific
        cls.page = make_enquiry_page(cls.home)
        cls.enquiry = MembershipEnquiry.objects.create(page=cls.page, form_data={})
        cls.url = f"/admin/membership/enquiries/{cls.enquiry.pk}/"

    def test_leads_staff_to_the_enquiry_in_the_membership_admin(self):
        self.login()
        response = self.client.get(self.url)
        self.assertRedirects(response, f"/admin/membership/enquiries/inspect/{self.enquiry.pk}/")

    def test_anonymous_visitors_are_sent_to_log_in(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])

    def test_editors_without_rights_on_the_form_are_refused(self):
        user = self.create_user("editor", password="password")  # noqa: S106
        group = Group.objects.create(name="News editors")
        group.permissions.add(Permission.objects.get(codename="access_admin"))
        user.groups.add(group)
        news = StandardPage(title="News", slug="news")
        self.home.add_child(instance=news)
        GroupPagePermission.objects.create(group=group, page=news, permission_type="change")
        self.client.force_login(user)
        self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_unknown_enquiry_is_not_found(self):
        self.login()
        self.assertEqual(self.client.get("/admin/membership/enquiries/999999/").status_code, 404)


class EnquiryPageDeletionTests(WagtailPageTestCase):
    """Deleting a form page would delete its submissions: refused while it holds enquiries."""

    @classmethod
    def setUpTestData(cls):
        cls.home = Site.objects.get(is_default_site=True).root_page.specific

    def test_a_page_with_enquiries_is_not_deleted(self):
        page = make_enquiry_page(self.home)
        enquiry = MembershipEnquiry.objects.create(page=page, form_data={"city": "Dakar"})
        self.login()
        response = self.client.post(f"/admin/pages/{page.pk}/delete/", follow=True)
        self.assertContains(response, "cannot be deleted: membership enquiries were sent")
        self.assertTrue(MembershipEnquiryPage.objects.filter(pk=page.pk).exists())
        self.assertTrue(MembershipEnquiry.objects.filter(pk=enquiry.pk).exists())

    def test_a_page_without_enquiries_can_be_deleted(self):
        page = make_enquiry_page(self.home)
        self.login()
        self.client.post(f"/admin/pages/{page.pk}/delete/")
        self.assertFalse(MembershipEnquiryPage.objects.filter(pk=page.pk).exists())
