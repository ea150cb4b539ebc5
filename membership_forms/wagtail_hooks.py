from datetime import MAXYEAR, MINYEAR

from django.contrib import messages
from django.contrib.admin import SimpleListFilter, display
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import include, path, re_path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.views.account import BaseSettingsPanel, notifications_tab
from wagtail_modeladmin.helpers import AdminURLHelper, ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from . import admin_urls, selectors
from .admin_forms import DigestPreferenceForm
from .admin_views import (
    EnquiryIndexView,
    EnquiryInspectView,
    StrictIndexView,
    permission_denied,
    person,
)
from .dashboard import MembershipPanel
from .models import (
    EnquiryStatus,
    Member,
    MembershipEnquiry,
    MembershipEnquiryPage,
    ReviewerPreferences,
)
from .permissions import (
    enquiry_permission_policy,
    member_permission_policy,
    user_can_view_enquiries,
)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("membership/", include(admin_urls, namespace="membership_forms"))]


class NumericPkURLHelper(AdminURLHelper):
    """Object addresses take digits only, so a malformed id is a 404, not a server error."""

    def _get_object_specific_action_url_pattern(self, action):
        return rf"^{self.base_url_path}/{action}/(?P<instance_pk>\d+)/$"


class GuardedModelAdmin(ModelAdmin):
    """Checks the permission to list before any view runs (so nobody without it learns which
    objects exist), and answers a refusal with a 403 rather than Wagtail's redirect."""

    url_helper_class = NumericPkURLHelper
    index_view_class = StrictIndexView

    def guard(self, request, view, *args):
        if not self.permission_helper.user_can_list(request.user):
            return permission_denied(request)
        try:
            return view(request, *args)
        except PermissionDenied:
            return permission_denied(request)

    def index_view(self, request):
        return self.guard(request, super().index_view)

    def create_view(self, request):
        return self.guard(request, super().create_view)

    def inspect_view(self, request, instance_pk):
        return self.guard(request, super().inspect_view, instance_pk)

    def edit_view(self, request, instance_pk):
        return self.guard(request, super().edit_view, instance_pk)

    def delete_view(self, request, instance_pk):
        return self.guard(request, super().delete_view, instance_pk)

    def history_view(self, request, instance_pk):
        return self.guard(request, super().history_view, instance_pk)


# Enquiries


class EnquiryButtonHelper(ButtonHelper):
    """Each row's reference links to the enquiry; no extra buttons under it."""

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        return []


class EnquiryPermissionHelper(PermissionHelper):
    """Enquiries are seen with the view permission and never created, edited or deleted
    here: they come from the form, and change only through the workflow's steps."""

    def user_can_list(self, user):
        return user_can_view_enquiries(user)

    def user_can_inspect_obj(self, user, obj):
        return user_can_view_enquiries(user)

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class OverdueFilter(SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("no", _("Not overdue"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(selectors.overdue_condition())
        if self.value() == "no":
            return queryset.filter(selectors.not_overdue_condition())
        return None


class ReminderFilter(SimpleListFilter):
    """Enquiries whose applicant was reminded and has still not sent the application form."""

    title = _("reminded")
    parameter_name = "reminded"

    def lookups(self, request, model_admin):
        return [("yes", _("Reminded, no application yet"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(
                status=EnquiryStatus.APPLICATION_SENT, reminder_sent_at__isnull=False
            )
        return None


# No row's id is larger than a 64-bit integer; SQLite cannot even compare with one that is.
LARGEST_ID = 2**63 - 1


class AssigneeFilter(SimpleListFilter):
    title = _("assigned to")
    parameter_name = "assignee"

    def lookups(self, request, model_admin):
        assigned = selectors.moderated_enquiries().exclude(assigned_to=None).values("assigned_to")
        users = get_user_model().objects.filter(pk__in=assigned)
        users = sorted(users, key=lambda user: person(user).casefold())
        return [
            ("me", _("Me")),
            ("nobody", _("Nobody")),
            *((str(user.pk), person(user)) for user in users),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "me":
            return queryset.filter(assigned_to=request.user)
        if value == "nobody":
            return queryset.filter(assigned_to=None)
        if value and value.isdigit():
            if int(value) > LARGEST_ID:
                raise IncorrectLookupParameters(f"assignee {value} is out of range")
            return queryset.filter(assigned_to_id=int(value))
        return None


class YearFilter(SimpleListFilter):
    title = _("year received")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        return [(str(year), str(year)) for year in reversed(selectors.years_received())]

    def queryset(self, request, queryset):
        value = self.value()
        if not (value and value.isdigit()):
            return None
        if not MINYEAR <= int(value) <= MAXYEAR:
            raise IncorrectLookupParameters(f"year {value} is out of range")
        return queryset.filter(submit_time__year=int(value))


class EnquiryAdmin(GuardedModelAdmin):
    model = MembershipEnquiry
    base_url_path = "membership/enquiries"
    menu_label = _("Enquiries")
    menu_icon = "mail"
    permission_helper_class = EnquiryPermissionHelper
    button_helper_class = EnquiryButtonHelper
    index_view_class = EnquiryIndexView
    inspect_view_class = EnquiryInspectView
    inspect_view_enabled = True
    history_view_enabled = False
    index_view_extra_css = ["membership_forms/css/admin.css"]
    list_display = (
        "reference",
        "place",
        "region",
        "language",
        "status",
        "received_on",
        "waiting",
        "due",
        "overdue",
        "assignee",
    )
    list_filter = (
        "status",
        "region",
        "language",
        OverdueFilter,
        ReminderFilter,
        AssigneeFilter,
        YearFilter,
    )
    list_select_related = ("assigned_to",)
    list_per_page = 25
    # Shows the search box; what a search matches is selectors.enquiries_matching.
    search_fields = selectors.SEARCHED_COLUMNS
    # The export's columns are in exports.py; modeladmin offers the downloads when this is set.
    list_export = ("reference",)

    def get_queryset(self, request):
        return selectors.moderated_enquiries()

    def get_ordering(self, request):
        """Enquiries waiting on staff first, then the others still open, then closed ones;
        within each, the one waiting longest first (the `enquiry_queue` index)."""
        return ("waiting_rank", "waiting_since")

    def get_admin_urls_for_registration(self):
        """Only the listing (with its export) and the inspect view: enquiries are never added,
        edited or deleted here."""
        return tuple(
            re_path(
                self.url_helper.get_action_url_pattern(action),
                getattr(self, f"{action}_view"),
                name=self.url_helper.get_action_url_name(action),
            )
            for action in ("index", "inspect")
        )

    # The columns a reviewer acts on (due, overdue, assigned to) fit beside the filters at
    # 1280 px: city and country share a column, dates are short.
    @display(description=_("city"), ordering="city")
    def place(self, obj):
        return ", ".join(part for part in (obj.city, obj.country) if part)

    @display(description=_("received"), ordering="submit_time")
    def received_on(self, obj):
        return date_format(timezone.localdate(obj.submit_time), "SHORT_DATE_FORMAT")

    @display(description=_("days waiting"))
    def waiting(self, obj):
        return selectors.working_days_waiting(obj)

    @display(description=_("due"), ordering="waiting_since")
    def due(self, obj):
        due = selectors.due_date(obj)
        return date_format(due, "SHORT_DATE_FORMAT") if due else None

    @display(description=_("overdue"))
    def overdue(self, obj):
        if selectors.is_overdue(obj):
            return format_html('<strong class="enquiry-overdue">{}</strong>', _("Overdue"))
        if obj.status == EnquiryStatus.APPLICATION_SENT and obj.reminder_sent_at:
            return format_html('<strong class="enquiry-reminded">{}</strong>', _("Reminded"))
        return ""

    @display(description=_("assigned to"))
    def assignee(self, obj):
        return person(obj.assigned_to)


# Members


class MemberPermissionHelper(PermissionHelper):
    def user_can_list(self, user):
        return member_permission_policy.user_has_any_permission(user, ["view", "change"])


class MemberAdmin(GuardedModelAdmin):
    model = Member
    base_url_path = "membership/members"
    menu_label = _("Members")
    menu_icon = "group"
    permission_helper_class = MemberPermissionHelper
    list_display = ("city", "country", "region", "joined_on", "public")
    list_filter = ("region", "show_in_directory")
    search_fields = ("city", "country")
    list_per_page = 50

    @display(description=_("public"))
    def public(self, obj):
        return _("Yes") if obj.show_in_directory else _("No")


@modeladmin_register
class MembershipAdminGroup(ModelAdminGroup):
    menu_label = _("Membership")
    menu_icon = "group"
    menu_order = 250
    items = (EnquiryAdmin, MemberAdmin)


@hooks.register("construct_homepage_panels")
def add_membership_panel(request, panels):
    if user_can_view_enquiries(request.user):
        panels.append(MembershipPanel())


@hooks.register("filter_form_submissions_for_user")
def hide_enquiries_from_form_submissions(user, editable_forms):
    """Wagtail's forms area lists, exports and deletes a form page's submissions for anyone
    who may edit the page. Enquiries are personal data handled in the moderation admin, where
    they are never deleted; so their pages appear there only to users who may delete
    enquiries (superusers, unless granted), and page editors cannot read them through it."""
    if enquiry_permission_policy.user_has_permission(user, "delete"):
        return editable_forms
    return editable_forms.not_type(MembershipEnquiryPage)


@hooks.register("before_delete_page")
def keep_pages_that_hold_enquiries(request, page):
    """Deleting a page deletes its form submissions with it. Refuse while the page, or a page
    below it, holds enquiries: unpublish it instead, so no enquiry or its history is lost."""
    pages = page.get_descendants(inclusive=True)
    if not MembershipEnquiry.objects.filter(page__in=pages).exists():
        return None
    messages.error(
        request,
        _(
            "“%(title)s” cannot be deleted: membership enquiries were sent through it, and "
            "deleting it would delete them too. Unpublish it instead."
        )
        % {"title": page.get_admin_display_title()},
    )
    return redirect("wagtailadmin_explore", page.get_parent().pk)


class DigestSettingsPanel(BaseSettingsPanel):
    """Account › Notifications: whether the reviewer gets the daily membership digest."""

    name = "membership_digest"
    title = _("Membership")
    tab = notifications_tab
    order = 300
    form_class = DigestPreferenceForm

    def is_active(self):
        return user_can_view_enquiries(self.user)

    def get_form(self):
        preferences = ReviewerPreferences.objects.filter(user=self.user).first()
        kwargs = {
            "instance": preferences or ReviewerPreferences(user=self.user),
            "prefix": self.name,
        }
        if self.request.method == "POST":
            return self.form_class(self.request.POST, **kwargs)
        return self.form_class(**kwargs)


@hooks.register("register_account_settings_panel")
def register_digest_settings_panel(request, user, profile):
    return DigestSettingsPanel(request, user, profile)
