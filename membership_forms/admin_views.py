"""The staff admin's views for membership enquiries. They read, check permissions and render;
every change goes through services.py."""

from functools import wraps

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.core.paginator import InvalidPage
from django.db.models import Prefetch
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wagtail.admin import messages
from wagtail.admin.paginator import WagtailPaginator
from wagtail_modeladmin.views import IndexView, InspectView, WMABaseView

from . import exports, selectors, services
from .admin_forms import STEP_FORMS, AssignForm, NoteForm, StepForm
from .emails import STAFF_KINDS, format_answer
from .models import EnquiryEvent, EnquiryStatus, FormField, MembershipEmail, MembershipEnquiry
from .permissions import user_can_moderate_enquiries


def permission_denied(request):
    """A 403 in the admin's frame. (Wagtail's own handling of PermissionDenied in admin views
    redirects to the dashboard with a message, which hides the refusal from tools and tests.)"""
    return TemplateResponse(request, "membership_forms/admin/permission_denied.html", status=403)


def require_permission(test):
    """Refuse with a 403 unless `test(user)`, before looking anything up, so that a refused
    user learns nothing about which enquiries exist."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not test(request.user):
                return permission_denied(request)
            try:
                return view(request, *args, **kwargs)
            except PermissionDenied:
                return permission_denied(request)

        return wrapped

    return decorator


def inspect_url(enquiry: MembershipEnquiry) -> str:
    return reverse("membership_enquiries_modeladmin_inspect", args=[quote(enquiry.pk)])


def enquiry_answers(enquiry: MembershipEnquiry) -> list[tuple[str, str]]:
    """Every stored answer, labelled with its form field's label (in the reviewer's language
    where the form is translated into it), in the form's order; answers to fields removed
    since come last, labelled with their stored name."""
    fields = list(FormField.objects.filter(page_id=enquiry.page_id).order_by("sort_order", "pk"))
    labels = selectors.labels_in_language(fields, get_language())
    data = enquiry.form_data or {}
    answers, known = [], set()
    for field in fields:
        known.add(field.clean_name)
        if field.clean_name in data:
            answer = format_answer(data[field.clean_name], field.field_type)
            answers.append((labels[field.clean_name], answer))
    for name, value in data.items():
        if name not in known:
            answers.append((capfirst(name.replace("_", " ")), format_answer(value, "")))
    return answers


def person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def has_nul(query: QueryDict) -> bool:
    """Whether a query string carries a NUL character, which no database column can hold
    (PostgreSQL refuses a query that compares a column with one)."""
    return any(
        "\x00" in key or "\x00" in value for key, values in query.lists() for value in values
    )


# Longer than any name, city or reference; SQLite refuses LIKE patterns of 50,000 characters.
SEARCH_TERM_MAX_LENGTH = 200
# The emails written in the applicant's language (those to staff are always in English).
APPLICANT_EMAIL_KINDS = frozenset(MembershipEmail.Kind.values) - STAFF_KINDS


class DeferredJoinPaginator(WagtailPaginator):
    """A page read in two steps: the ids of its rows first, in the listing's order (read
    from an index alone when one holds the order and the filters), then those rows. In one
    step, every row skipped on the way (other years, earlier pages) is fetched from the
    table only to be tested or thrown away."""

    # Set when a search matched more enquiries than it counted (selectors.SEARCH_COUNT_LIMIT):
    # the pages then hold the first `count` matches.
    more_matches = False

    @cached_property
    def items_count_label(self):
        if not self.more_matches:
            return super().items_count_label
        return ngettext(
            "The first %(count)s of more than %(count)s enquiries: add a word or a filter "
            "to narrow the search.",
            "The first %(count)s of more than %(count)s enquiries: add a word or a filter "
            "to narrow the search.",
            self.count,
        ) % {"count": number_format(self.count, force_grouping=True)}

    def page(self, number):
        number = self.validate_number(number)
        start = (number - 1) * self.per_page
        end = min(start + self.per_page, self.count)
        ids = list(self.object_list.values_list("pk", flat=True)[start:end])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids).order_by()}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


class StrictIndexView(IndexView):
    """modeladmin's listing, turning any query parameter that is not one of its filters, or
    a filter value out of range, into a 400: wagtail-modeladmin would otherwise apply it as a
    database lookup (a way to probe related fields such as a user's password hash) or fail
    with a server error. Everything is checked before an export starts streaming."""

    more_matches = False  # a search that matched more rows than it counted
    listed = None  # the rows to page through, when counting found them more directly

    def dispatch(self, request, *args, **kwargs):
        if (
            has_nul(request.GET)
            or len(request.GET.get(self.SEARCH_VAR, "")) > SEARCH_TERM_MAX_LENGTH
        ):
            return self.bad_request(request)
        try:
            return super().dispatch(request, *args, **kwargs)
        except IncorrectLookupParameters:
            return self.bad_request(request)

    def bad_request(self, request):
        return TemplateResponse(
            request,
            "membership_forms/admin/bad_filter.html",
            {"index_url": self.index_url},
            status=400,
        )

    def get_filters(self, request):
        filter_specs, has_filters, remaining, use_distinct = super().get_filters(request)
        if remaining:
            raise IncorrectLookupParameters(sorted(remaining))
        return filter_specs, has_filters, remaining, use_distinct

    def get_queryset(self, request=None):
        """Built once per request: modeladmin asks for it in dispatch and again for the page,
        and each time every filter would look up its choices again."""
        if not hasattr(self, "_listing"):
            self._listing = super().get_queryset(request)
        return self._listing

    def count_all(self) -> int:
        return self.get_base_queryset().count()

    def count_results(self, queryset) -> int:
        return queryset.count()

    def get_context_data(self, **kwargs):
        """modeladmin's context with the total counted once, and the filtered rows once when
        there is a filter or search (modeladmin counts three times: for the total, for the
        filtered total and for the paginator)."""
        queryset = self.get_queryset()
        filtered = bool(self.get_filters_params()) or bool(self.query)
        all_count = self.count_all()
        result_count = self.count_results(queryset) if filtered else all_count
        listed = queryset if self.listed is None else self.listed
        paginator = self.paginator_class(listed, self.items_per_page)
        paginator.count = result_count
        paginator.more_matches = self.more_matches
        try:
            page_obj = paginator.page(self.page_num)
        except InvalidPage:
            page_obj = paginator.page(1)
        context = {
            "view": self,
            "all_count": all_count,
            "result_count": result_count,
            "paginator": paginator,
            "page_obj": page_obj,
            "elided_page_range": paginator.get_elided_page_range(self.page_num),
            "object_list": page_obj.object_list,
            "user_can_create": self.permission_helper.user_can_create(self.request.user),
            "show_search": self.search_handler.show_search_form,
            **kwargs,
        }
        return super(IndexView, self).get_context_data(**context)


class EnquiryIndexView(StrictIndexView):
    """The enquiry listing, its search, and its streamed CSV/XLSX export of the filtered rows
    (see exports.py)."""

    paginator_class = DeferredJoinPaginator
    # Both downloads as labelled buttons (Wagtail's own puts CSV behind an unlabelled arrow).
    export_buttons_template_name = "membership_forms/admin/export_buttons.html"

    def get_search_results(self, request, queryset, search_term):
        self.unsearched = queryset
        return selectors.enquiries_matching(queryset, search_term)

    def count_all(self) -> int:
        return selectors.moderated_enquiries_total()

    def count_results(self, queryset) -> int:
        if not self.query.split():
            return queryset.count()
        limit = selectors.SEARCH_COUNT_LIMIT
        filtered = bool(self.get_filters_params())
        ids = selectors.ids_matching(self.unsearched, self.query, filtered=filtered, limit=limit)
        self.more_matches = len(ids) > limit
        if not self.more_matches:
            # The page is read from these few, by id: along the listing's order the database
            # would test row after row for a rare pair of words (450 ms at 100,000).
            self.listed = self.unsearched.filter(pk__in=ids)
        return min(len(ids), limit)

    def get_ordering(self, request, queryset):
        """A column's order, ties broken by id in the same direction (modeladmin always adds
        newest first), so that one index on (column, id) serves both directions."""
        ordering = super().get_ordering(request, queryset)
        if self.ORDER_VAR in self.params and len(ordering) > 1 and ordering[-1] == "-id":
            ordering[-1] = "-id" if ordering[-2].startswith("-") else "id"
        return ordering

    def as_spreadsheet(self, queryset, spreadsheet_format):
        # Reached only once the filters and search are checked, before any row is sent.
        return exports.enquiry_export_response(
            queryset, spreadsheet_format, filename="membership-enquiries"
        )


class EnquiryInspectView(InspectView):
    """Everything about one enquiry, its history, and the actions open to the reviewer."""

    def __init__(self, model_admin, instance_pk):
        WMABaseView.__init__(self, model_admin)
        self.instance_pk = self.pk_quoted = instance_pk
        self.instance = get_object_or_404(
            selectors.moderated_enquiries()
            .select_related("assigned_to", "possible_duplicate_of", "application", "member")
            .prefetch_related(
                "application__contacts",
                Prefetch("events", EnquiryEvent.objects.select_related("actor", "assignee")),
                Prefetch("emails", MembershipEmail.objects.select_related("contact")),
                Prefetch(
                    "possible_duplicates",
                    selectors.moderated_enquiries().only(
                        "pk", "reference", "status", "possible_duplicate_of"
                    ),
                ),
            ),
            pk=instance_pk,
        )

    def get_page_title(self):
        return _("Enquiry %(reference)s") % {"reference": self.instance.reference}

    def get_page_subtitle(self):
        return ", ".join(part for part in (self.instance.city, self.instance.country) if part)

    def get_meta_title(self):
        return self.get_page_title()

    def get_template_names(self):
        return ["membership_forms/admin/enquiry_inspect.html"]

    def get_context_data(self, **kwargs):
        enquiry = self.instance
        user = self.request.user
        application = getattr(enquiry, "application", None)
        can_moderate = user_can_moderate_enquiries(user)
        context = {
            "enquiry": enquiry,
            "answers": enquiry_answers(enquiry),
            "due_date": selectors.due_date(enquiry),
            "working_days_waiting": selectors.working_days_waiting(enquiry),
            "overdue": selectors.is_overdue(enquiry),
            "application": application,
            "guidance_warnings": application.guidance_warnings() if application else [],
            "events": enquiry.events.all(),
            "outbox": enquiry.emails.all(),
            "applicant_email_kinds": APPLICANT_EMAIL_KINDS,
            "duplicates": enquiry.possible_duplicates.all(),
            "member": getattr(enquiry, "member", None),
            "can_moderate": can_moderate,
            "assignee_name": person(enquiry.assigned_to),
        }
        if can_moderate:
            context.update(
                transitions=[
                    {
                        "label": transition.label,
                        "url": reverse(
                            "membership_forms:enquiry_step", args=[enquiry.pk, transition.name]
                        ),
                        "target": transition.target,
                    }
                    for transition in services.allowed_transitions(enquiry)
                ],
                assign_form=AssignForm(
                    initial={
                        "assignee": enquiry.assigned_to_id,
                        "seen_assignee": enquiry.assigned_to_id or 0,
                    },
                    reviewers=selectors.reviewers(),
                ),
                note_form=NoteForm(),
            )
        context.update(kwargs)
        return super(InspectView, self).get_context_data(**context)


def moderated_enquiry(pk: int) -> MembershipEnquiry:
    return get_object_or_404(selectors.moderated_enquiries(), pk=pk)


def render_action(
    request, enquiry, *, heading, form, action_url, submit_label, status=200, **extra
):
    """The page of one action (confirming a step, or a note or assignment that needs fixing)."""
    return TemplateResponse(
        request,
        "membership_forms/admin/enquiry_action.html",
        {
            "enquiry": enquiry,
            "step_heading": heading,
            "form": form,
            "form_action": action_url,
            "submit_label": submit_label,
            "inspect_url": inspect_url(enquiry),
            **extra,
        },
        status=status,
    )


def render_step(request, enquiry, transition, *, form, error="", status=200):
    """The confirmation page of a step: its form while the step is open from the enquiry's
    status, otherwise why not."""
    is_open = enquiry.status in transition.sources
    if not is_open and not error:
        error = _("An enquiry that is “%(status)s” cannot take the step “%(step)s”.") % {
            "status": enquiry.get_status_display(),
            "step": transition.label,
        }
    return render_action(
        request,
        enquiry,
        heading=transition.label,
        form=form if is_open else None,
        action_url=reverse("membership_forms:enquiry_step", args=[enquiry.pk, transition.name]),
        submit_label=transition.label,
        status=status,
        error=error,
        from_status=enquiry.get_status_display(),
        to_status=EnquiryStatus(transition.target).label,
    )


@require_permission(user_can_moderate_enquiries)
@require_http_methods(["GET", "POST"])
def enquiry_step(request, pk: int, step: str):
    """Confirm, then take, one step of the workflow (send the application form, confirm,
    decline, withdraw, mark as spam, reopen)."""
    if step not in services.STAFF_TRANSITIONS:
        raise Http404
    enquiry = moderated_enquiry(pk)
    transition = services.TRANSITIONS[step]
    form_class = STEP_FORMS.get(step, StepForm)

    if request.method == "GET":
        status = 200 if enquiry.status in transition.sources else 409
        form = form_class(initial={"version": enquiry.version})
        return render_step(request, enquiry, transition, form=form, status=status)

    form = form_class(request.POST)
    if not form.is_valid():
        return render_step(request, enquiry, transition, form=form, status=400)
    step_function = getattr(services, f"enquiry_{step}")
    try:
        step_function(
            enquiry=enquiry,
            by=request.user,
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
            **form.step_options(),
        )
    except (services.EnquiryChanged, services.TransitionNotAllowed) as refusal:
        error = str(refusal)
        if form.cleaned_data["version"] != enquiry.version:
            error = _(
                "Enquiry %(reference)s was changed by someone else while you were looking at "
                "it. Nothing was changed: check its current state below."
            ) % {"reference": enquiry.reference}
        # Offer the step again (if still open) as the enquiry is now, keeping the answers.
        form = form_class(initial={**form.cleaned_data, "version": enquiry.version})
        return render_step(request, enquiry, transition, form=form, error=error, status=409)
    messages.success(
        request,
        _("%(reference)s: %(step)s. It is now “%(status)s”.")
        % {
            "reference": enquiry.reference,
            "step": transition.label,
            "status": enquiry.get_status_display(),
        },
    )
    return redirect(inspect_url(enquiry))


@require_permission(user_can_moderate_enquiries)
@require_POST
def enquiry_assign(request, pk: int):
    enquiry = moderated_enquiry(pk)

    def assign_again(form, *, status, error=""):
        return render_action(
            request,
            enquiry,
            heading=_("Assign"),
            form=form,
            action_url=reverse("membership_forms:enquiry_assign", args=[enquiry.pk]),
            submit_label=_("Assign"),
            status=status,
            error=error,
        )

    form = AssignForm(request.POST, reviewers=selectors.reviewers())
    if not form.is_valid():
        return assign_again(form, status=400)
    assignee = form.cleaned_data["assignee"]
    try:
        services.enquiry_assign(
            enquiry=enquiry,
            by=request.user,
            assignee=assignee,
            seen_assignee_id=form.seen_assignee_id(),
        )
    except services.EnquiryChanged:
        enquiry.refresh_from_db()
        error = _(
            "While you were looking at %(reference)s, someone else assigned it to %(name)s. "
            "Nothing was changed: assign it again below if you still want to."
        ) % {"reference": enquiry.reference, "name": person(enquiry.assigned_to) or _("nobody")}
        form = AssignForm(
            initial={"assignee": assignee, "seen_assignee": enquiry.assigned_to_id or 0},
            reviewers=selectors.reviewers(),
        )
        return assign_again(form, status=409, error=error)
    if assignee:
        message = _("%(reference)s is now assigned to %(name)s.") % {
            "reference": enquiry.reference,
            "name": person(assignee),
        }
    else:
        message = _("%(reference)s is no longer assigned to anyone.") % {
            "reference": enquiry.reference
        }
    messages.success(request, message)
    return redirect(inspect_url(enquiry))


@require_permission(user_can_moderate_enquiries)
@require_POST
def enquiry_add_note(request, pk: int):
    enquiry = moderated_enquiry(pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return render_action(
            request,
            enquiry,
            heading=_("Add a note"),
            form=form,
            action_url=reverse("membership_forms:enquiry_add_note", args=[enquiry.pk]),
            submit_label=_("Add note"),
            status=400,
        )
    services.enquiry_add_note(enquiry=enquiry, by=request.user, text=form.cleaned_data["text"])
    messages.success(request, _("Note added to %(reference)s.") % {"reference": enquiry.reference})
    return redirect(inspect_url(enquiry) + "#history")
