"""Contexts that a YAML file cannot give (django-pattern-library's context modifiers, found
in each installed app's `pattern_contexts` module): real form fields sent back empty, and the
error summary the forms make from them, so the patterns show the ids, `aria-describedby` and
messages the site's forms really have."""

from django import forms

from pattern_library import register_context_modifier

from membership_forms.forms import (
    ChoiceField,
    EmailField,
    MultiLineTextField,
    TextField,
    error_summary,
)

PATTERNS = "patterns/components"


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
    context.setdefault("title", "There is a problem with your enquiry")
    context.setdefault(
        "intro", "Nothing has been sent yet. Please correct the following and send the form again:"
    )
    context["errors"] = error_summary(form)
