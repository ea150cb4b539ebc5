from contextlib import suppress

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import urlencode

from home.models import HubPage
from home.selectors import current_principles

from . import selectors, services, tokens
from .admin_views import inspect_url, moderated_enquiry, require_permission
from .application_forms import CONTACTS_PREFIX, ApplicationForm, ContactFormSet
from .forms import SetPasswordForm, WithdrawForm, error_summary
from .models import OPEN_STATUSES, Application, EnquiryStatus
from .permissions import user_can_view_enquiries
from .spam import submission_rate_limit
from .tokens import hub_account_tokens


@require_permission(user_can_view_enquiries)
def enquiry(request, pk: int):
    """The enquiry's permanent admin address, used in staff emails: it leads to the enquiry in
    the moderation admin."""
    return redirect(inspect_url(moderated_enquiry(pk)))


def link_problem(request, problem: str, status: int, *, link: str = "application"):
    """What a signed link that does not work says: `link` "application" or "status"."""
    days = {
        "application": settings.MEMBERSHIP_APPLICATION_LINK_DAYS,
        "status": settings.MEMBERSHIP_STATUS_LINK_DAYS,
    }[link]
    response = TemplateResponse(
        request,
        "membership_forms/application_link_problem.html",
        {"problem": problem, "link": link, "link_days": days},
        status=status,
    )
    return private(response)


def private(response):
    """Application pages carry a personal link: never cached, and never passed on as the
    referrer to another site. (Not "no-referrer": browsers then send "Origin: null" with the
    form, which fails Django's CSRF origin check.)"""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    response["Referrer-Policy"] = "same-origin"
    return response


def application(request, token: str):
    """The application form behind the applicant's emailed link, and what it says once the
    application is in (or the enquiry has moved on without one)."""
    try:
        enquiry = services.enquiry_for_application_link(token=token)
    except services.ApplicationLinkInvalid:
        return link_problem(request, "invalid", status=404)
    except services.ApplicationLinkExpired:
        return link_problem(request, "expired", status=410)

    if enquiry.status != EnquiryStatus.APPLICATION_SENT:
        application = Application.objects.filter(enquiry=enquiry).first()
        if application is None:
            return link_problem(request, "closed", status=410)
        response = TemplateResponse(
            request,
            "membership_forms/application_received.html",
            {
                "enquiry": enquiry,
                "application": application,
                "answer_due": selectors.due_date(enquiry),
            },
            # A form sent again after it was received is not accepted a second time.
            status=409 if request.method == "POST" else 200,
        )
        return private(response)

    principles = current_principles()
    status = 200
    saving = request.method == "POST" and SAVE_DRAFT in request.POST
    draft = None
    if request.method == "POST":
        if wait := submission_rate_limit(request):
            response = TemplateResponse(
                request, "membership_forms/application_rate_limited.html", {}, status=429
            )
            response["Retry-After"] = str(wait)
            return private(response)
        form = ApplicationForm(request.POST, principles=principles)
        contacts = ContactFormSet(request.POST, prefix=CONTACTS_PREFIX)
        if saving:
            if all([form.is_valid_draft(), contacts.is_valid_draft()]):
                # Sent from another window meanwhile: the page it leads to says so.
                with suppress(services.TransitionNotAllowed):
                    services.application_draft_save(
                        enquiry=enquiry,
                        answers={**form.draft_answers(), "contacts": contacts.draft_answers()},
                    )
                return private(HttpResponseRedirect(f"{request.path}?{SAVED}", status=303))
        elif all([form.is_valid(), contacts.is_valid()]):
            # Sent twice at once, or closed meanwhile: the page it leads to says which.
            with suppress(services.TransitionNotAllowed, services.EnquiryChanged):
                services.application_submit(
                    enquiry=enquiry,
                    background=form.cleaned_data["background"],
                    principles=form.committed_principles(),
                    data_consent=form.cleaned_data["data_consent"],
                    contacts=contacts.contacts(),
                )
            return private(HttpResponseRedirect(request.path, status=303))
        status = 400
    else:
        draft = selectors.application_draft(enquiry)
        answers = draft.answers if draft and isinstance(draft.answers, dict) else {}
        form = ApplicationForm(
            principles=principles, initial=ApplicationForm.initial_from_draft(answers)
        )
        contacts = ContactFormSet(
            prefix=CONTACTS_PREFIX, initial=ContactFormSet.initial_from_draft(answers)
        )

    response = TemplateResponse(
        request,
        "membership_forms/application_form.html",
        {
            "enquiry": enquiry,
            "form": form,
            "contacts": contacts,
            "error_summary": contacts.error_summary() + form.error_summary()
            if request.method == "POST"
            else [],
            "principles_page": principles[0].page if principles else None,
            "saving": saving,
            "draft": draft,
            "just_saved": draft is not None and SAVED in request.GET,
            "link_expires": tokens.application_link_expires(token),
        },
        status=status,
    )
    return private(response)


# The name of the "Save and finish later" button, and the mark of the page it leads to.
SAVE_DRAFT = "save-draft"
SAVED = "saved"


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """A new member chooses their Online Hub password through the link in their welcome
    email (Django's password-reset page, with the hub accounts' own tokens)."""

    template_name = "membership_forms/set_password.html"
    form_class = SetPasswordForm
    token_generator = hub_account_tokens
    success_url = reverse_lazy("account_set_password_done")

    def dispatch(self, *args, **kwargs):
        response = super().dispatch(*args, **kwargs)
        if response.status_code == 200 and not self.validlink:
            response.status_code = 410  # used, expired or altered
        return response

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context.get("form") is not None:
            context["error_summary"] = error_summary(context["form"])
        return context


class SetPasswordDoneView(auth_views.PasswordResetCompleteView):
    template_name = "membership_forms/set_password_done.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        hub = HubPage.objects.live().first()
        context["login_url"] = reverse("account_login")
        if hub:
            context["login_url"] += "?" + urlencode({"next": hub.url})
        return context


def enquiry_status(request, token: str):
    """Where an applicant follows their enquiry through its signed link, and may withdraw it."""
    try:
        enquiry = services.enquiry_for_status_link(token=token)
    except services.ApplicationLinkInvalid:
        return link_problem(request, "invalid", status=404, link="status")
    except services.ApplicationLinkExpired:
        return link_problem(request, "expired", status=410, link="status")

    status = 200
    if request.method == "POST":
        form = WithdrawForm(request.POST)
        if enquiry.status not in OPEN_STATUSES:
            status = 409
        elif form.is_valid():
            with suppress(services.TransitionNotAllowed, services.EnquiryChanged):
                services.enquiry_withdraw_by_applicant(enquiry=enquiry)
            return private(HttpResponseRedirect(request.path, status=303))
        else:
            status = 400
    else:
        form = WithdrawForm()
    anonymised = enquiry.anonymised_at is not None
    response = TemplateResponse(
        request,
        "membership_forms/enquiry_status.html",
        {
            "enquiry": enquiry,
            "anonymised": anonymised,
            "steps": [] if anonymised else selectors.enquiry_progress(enquiry),
            "answer_due": selectors.due_date(enquiry),
            "application_link": services.application_link(enquiry=enquiry)
            if enquiry.status == EnquiryStatus.APPLICATION_SENT
            else "",
            "draft": selectors.application_draft(enquiry)
            if enquiry.status == EnquiryStatus.APPLICATION_SENT
            else None,
            "withdraw_form": form if enquiry.status in OPEN_STATUSES else None,
        },
        status=status,
    )
    return private(response)
