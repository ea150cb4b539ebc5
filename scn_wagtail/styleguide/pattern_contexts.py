"""Contexts that a YAML file cannot give (django-pattern-library's context modifiers, found
in each installed app's `pattern_contexts` module): real form fields sent back empty, and the
error summary the forms make from them, so the patterns show the ids, `aria-describedby` and
messages the site's forms really have."""

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from pattern_library import register_context_modifier

from membership_forms.forms import (
    ChoiceField,
    EmailField,
    MultiLineTextField,
    TextField,
    error_summary,
)

PATTERNS = "patterns/components"


@register_context_modifier(order=-1)  # before the others, which may translate
def language(context, request):
    """?lang=fr or ?lang=ar shows a pattern in that language and its direction (the site's
    strings; the sample text stays as the YAML writes it)."""
    code = request.GET.get("lang") if request is not None else None
    if code in dict(settings.LANGUAGES):
        translation.activate(code)
        request.LANGUAGE_CODE = code


class SampleForm(forms.Form):
    """One answer of each kind the enquiry and application forms ask."""

    city = TextField(label="City", max_length=255)
    why_would_your_city_like_to_join = MultiLineTextField(
        label="Why would your city like to join?", widget=forms.Textarea
    )
    email_address = EmailField(
        label="Email address",
        required=False,
        help_text="We write to this address about your enquiry and nothing else.",
    )
    region = ChoiceField(
        label="Region",
        choices=[("africa", "Sub-Saharan Africa"), ("europe", "Europe"), ("mena", "MENA")],
        widget=forms.RadioSelect,
    )
    data_consent = forms.BooleanField(
        label="I agree that the network keeps these details to answer the enquiry."
    )


def sample_form() -> SampleForm:
    """The sample form sent with nothing but a malformed email address."""
    form = SampleForm(data={"email_address": "amina@"})
    form.is_valid()
    return form


@register_context_modifier(template=f"{PATTERNS}/form_field/form_field.html")
def form_fields(context, request):
    context["form"] = sample_form()


@register_context_modifier(template=f"{PATTERNS}/error_summary/error_summary.html")
def summary_of_errors(context, request):
    form = sample_form()
    context["form"] = form
    # The enquiry page's own words (so they follow ?lang=).
    context.setdefault("title", gettext("There is a problem with your enquiry"))
    context.setdefault(
        "intro",
        gettext("Nothing has been sent yet. Please correct the following and send the form again:"),
    )
    context["errors"] = error_summary(form)


@register_context_modifier(template=f"{PATTERNS}/progress/progress.html")
def progress_steps(context, request):
    """The YAML names the steps as selectors.enquiry_progress does, in English."""
    for step in context.get("steps", []):
        step["label"] = gettext(step["label"])
