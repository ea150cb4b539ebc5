"""The public enquiry form (built from the editor's fields plus the fixed spam checks) and
the admin form that refuses to publish a page whose answers would not fill an enquiry."""

import re
import unicodedata

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.core import validators
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.forms.forms import BaseForm, FormBuilder, WagtailAdminFormPageForm

from captcha.fields import CaptchaField, CaptchaTextInput

from . import spam

# Names editors cannot produce (their field names are snake_case), so never clash.
CAPTCHA_FIELD = "security-check"
HONEYPOT_FIELD = "your-website"
STARTED_FIELD = "form-started"
# The button that asks for new captcha letters (the script does it in place; without it,
# the form comes back with the answers kept).
CAPTCHA_REFRESH_FIELD = "captcha-refresh"
RESERVED_FIELDS = (CAPTCHA_FIELD, HONEYPOT_FIELD, STARTED_FIELD)

SINGLE_LINE_MAX_LENGTH = 255
MULTI_LINE_MAX_LENGTH = 3000
EMAIL_MAX_LENGTH = 254
URL_MAX_LENGTH = 500
NUMBER_MAX_DIGITS = 15

# C0 and C1 control characters except tab, line feed and carriage return. The null
# character is refused (with a message) rather than silently removed.
CONTROL_CHARACTERS = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
LINE_BREAKS_AND_TABS = re.compile(r"[\t\r\n]+")

NULL_CHARACTER_MESSAGE = _(
    "This answer contains an invisible “null” character, which often comes from copying "
    "text out of another program. Please type the answer again."
)
INVALID_CHOICE_MESSAGE = _("Please choose one of the options listed.")

# Which field types may fill which column of the enquiry.
MAPPABLE_FIELD_TYPES = {
    "contact_email": {"email"},
    "region": {"dropdown", "radio"},
    "contact_name": {"singleline"},
    "organisation": {"singleline", "dropdown", "radio"},
    "city": {"singleline", "dropdown", "radio"},
    "country": {"singleline", "dropdown", "radio"},
}
REQUIRED_MAPPINGS = ("contact_email", "city")
# Lets browsers fill in what they know (WCAG 2.2, 1.3.5 Identify Input Purpose).
AUTOCOMPLETE = {
    "contact_name": "name",
    "contact_email": "email",
    "organisation": "organization-title",
    "city": "address-level2",
    "country": "country-name",
}


def tidy_text(value: str, *, multiline: bool) -> str:
    """Normalise to NFC and drop control characters; single-line answers lose line breaks
    and tabs too. Right-to-left and other scripts, and their direction marks, are kept."""
    value = CONTROL_CHARACTERS.sub("", unicodedata.normalize("NFC", value))
    if multiline:
        return value.replace("\r\n", "\n").replace("\r", "\n").strip()
    return LINE_BREAKS_AND_TABS.sub(" ", value).strip()


class TidyTextMixin:
    multiline = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.validators = [
            validators.ProhibitNullCharactersValidator(message=NULL_CHARACTER_MESSAGE)
            if isinstance(validator, validators.ProhibitNullCharactersValidator)
            else validator
            for validator in self.validators
        ]

    def to_python(self, value):
        value = super().to_python(value)
        return tidy_text(value, multiline=self.multiline) if isinstance(value, str) else value

    def bound_data(self, data, initial):
        # What the applicant sees again after an error: their answer, minus characters
        # that have no business in an HTML page.
        data = super().bound_data(data, initial)
        if isinstance(data, str):
            return CONTROL_CHARACTERS.sub("", data.replace("\x00", ""))
        return data


class TextField(TidyTextMixin, forms.CharField):
    pass


class MultiLineTextField(TidyTextMixin, forms.CharField):
    multiline = True


class EmailField(TidyTextMixin, forms.EmailField):
    pass


class URLField(TidyTextMixin, forms.URLField):
    pass


class ChoiceField(forms.ChoiceField):
    default_error_messages = {"invalid_choice": INVALID_CHOICE_MESSAGE}


class MultipleChoiceField(forms.MultipleChoiceField):
    default_error_messages = {"invalid_choice": INVALID_CHOICE_MESSAGE}


class CaptchaInput(CaptchaTextInput):
    """django-simple-captcha's widget with a described picture, a refresh link and the
    audio version when the server can speak it (CAPTCHA_FLITE_PATH)."""

    template_name = "membership_forms/widgets/captcha.html"
    # One text box to label; the picture and the hidden key belong to it.
    use_fieldset = False

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # The hidden key takes none of the answer box's attributes (and HTML allows no
        # autocomplete="off" on hidden inputs; the page is no-store, so nothing restores it).
        key_attrs = context["widget"]["subwidgets"][0]["attrs"]
        for attribute in ("aria-describedby", "aria-invalid", "required", "autocomplete"):
            key_attrs.pop(attribute, None)
        context["refresh_url"] = self.refresh_url()
        return context


class EnquiryCaptchaField(CaptchaField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("Type the letters in the picture"),
            help_text=_("This check keeps automated spam out. Capital or small letters both work."),
            error_messages={
                "required": _("Please type the letters you see in the picture."),
                "incomplete": _("Please type the letters you see in the picture."),
                "invalid": _(
                    "Those letters did not match the picture, or the picture had expired. "
                    "Please type the letters in the new picture."
                ),
            },
            widget=CaptchaInput(),
            **kwargs,
        )


# As long as any password a person chooses; longer ones only cost the server time to check.
PASSWORD_MAX_LENGTH = 4096


class SetPasswordForm(auth_forms.SetPasswordForm):
    """Django's form, refusing (politely, before any checking or hashing) a password longer
    than PASSWORD_MAX_LENGTH characters."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        message = _("Please choose a password of at most %(limit_value)d characters.")
        for name in ("new_password1", "new_password2"):
            self.fields[name].validators.append(
                validators.MaxLengthValidator(PASSWORD_MAX_LENGTH, message=message)
            )


# A label ending so (a question, an exclamation, a full stop, a colon) is a sentence of its own:
# the message follows it as the next one, not after a colon ("…join?: This field is required.").
SENTENCE_ENDS = ("?", "؟", "!", ".", ":", "…")


def error_line(label, message) -> str:
    """The line of the error summary that names an answer and says what is wrong with it, as
    HTML: "City: This field is required." (the colon as the language writes it), or, after a
    label that is a question, "Why would your city like to join? This field is required.".
    The label is isolated (<bdi>), so that an English label in an Arabic form keeps its
    question mark at its end."""
    label = str(label or "").strip()
    if not label:
        return conditional_escape(message)
    parts = {"label": format_html("<bdi>{}</bdi>", label), "message": conditional_escape(message)}
    if label.endswith(SENTENCE_ENDS):
        return format_html("{label} {message}", **parts)
    # The translators' pattern is trusted; what goes into it is escaped above.
    return mark_safe(_("%(label)s: %(message)s") % parts)  # noqa: S308


def summary_entry(*, anchor: str = "", label: str = "", message) -> dict:
    """One error of the summary: the id it links to, the answer's label, the message, and the
    line the summary shows (error_line)."""
    return {
        "anchor": anchor,
        "label": label,
        "message": message,
        "text": error_line(label, message),
    }


def error_summary(form, *, label_prefix: str = "", labels: dict | None = None) -> list[dict]:
    """Every error of `form` with the id of the input it belongs to, for the links of the
    error summary at the top of the page. `labels` can name fields more briefly there."""
    labels = labels or {}
    summary = [summary_entry(message=error) for error in form.non_field_errors()]
    for field in form:
        # A group of options links to its first option; a hidden field to nothing.
        anchor = "" if field.is_hidden else field.id_for_label or f"{field.auto_id}_0"
        label = f"{label_prefix}{labels.get(field.name, field.label)}"
        for error in field.errors:
            summary.append(summary_entry(anchor=anchor, label=label, message=error))
    return summary


def without_captcha_answer(data):
    """The posted answers without the captcha's key and letters, which new letters replace."""
    data = data.copy()
    for part in ("0", "1"):
        data.pop(f"{CAPTCHA_FIELD}_{part}", None)
    return data


class EnquiryForm(BaseForm):
    """The applicant's form: the editor's fields, then the spam checks."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = TextField(
            label=_("Leave this box empty"),
            required=False,
            max_length=SINGLE_LINE_MAX_LENGTH,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        self.fields[CAPTCHA_FIELD] = EnquiryCaptchaField()

    @property
    def honeypot(self):
        return self[HONEYPOT_FIELD]

    @property
    def captcha(self):
        return self[CAPTCHA_FIELD]

    @property
    def page_id(self):
        return self.page.pk if self.page else 0

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.is_bound and self.data.get(HONEYPOT_FIELD, "").strip())

    @property
    def started_token(self) -> str:
        """The applicant's original start time if it is intact, otherwise now."""
        token = self.data.get(STARTED_FIELD, "") if self.is_bound else ""
        if spam.seconds_since_started(token, page_id=self.page_id) is None:
            return spam.started_token(page_id=self.page_id)
        return token

    def clean(self):
        cleaned_data = super().clean()
        elapsed = spam.seconds_since_started(self.data.get(STARTED_FIELD, ""), page_id=self.page_id)
        if elapsed is None:
            self.add_error(
                None,
                _("We could not check when this form was opened. Please send it again."),
            )
        elif elapsed < settings.MEMBERSHIP_MIN_FILL_SECONDS:
            self.add_error(
                None,
                _(
                    "That was quicker than a person can usually fill in this form, so we "
                    "held it back to keep automated spam out. Please check your answers "
                    "and send it again."
                ),
            )
        return cleaned_data

    def show_again_unchecked(self):
        """Show the posted answers again without checking them (and so without errors)."""
        self._errors = forms.utils.ErrorDict()

    def editor_fields(self):
        return [field for field in self if field.name not in RESERVED_FIELDS]

    def answers(self) -> dict:
        """The cleaned answers to the editor's fields, as stored with the enquiry."""
        return {
            name: value for name, value in self.cleaned_data.items() if name not in RESERVED_FIELDS
        }

    def error_summary(self) -> list[dict]:
        return error_summary(self)


class EnquiryFormBuilder(FormBuilder):
    """Wagtail's form builder with limits on every field type, the network's regions for the
    field mapped to the region, and autocomplete hints for the mapped fields."""

    @staticmethod
    def attrs(field, **attrs):
        autocomplete = AUTOCOMPLETE.get(getattr(field, "maps_to", ""))
        return {**attrs, "autocomplete": autocomplete} if autocomplete else attrs

    def create_singleline_field(self, field, options):
        widget = forms.TextInput(attrs=self.attrs(field, dir="auto"))
        return TextField(max_length=SINGLE_LINE_MAX_LENGTH, widget=widget, **options)

    def create_multiline_field(self, field, options):
        widget = forms.Textarea(attrs=self.attrs(field, dir="auto", rows=6))
        return MultiLineTextField(max_length=MULTI_LINE_MAX_LENGTH, widget=widget, **options)

    def create_email_field(self, field, options):
        widget = forms.EmailInput(attrs=self.attrs(field))
        return EmailField(max_length=EMAIL_MAX_LENGTH, widget=widget, **options)

    def create_url_field(self, field, options):
        return URLField(max_length=URL_MAX_LENGTH, assume_scheme="https", **options)

    def create_number_field(self, field, options):
        return forms.DecimalField(max_digits=NUMBER_MAX_DIGITS, decimal_places=4, **options)

    def create_date_field(self, field, options):
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **options)

    def create_datetime_field(self, field, options):
        widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
        return forms.DateTimeField(widget=widget, **options)

    def create_hidden_field(self, field, options):
        return TextField(max_length=SINGLE_LINE_MAX_LENGTH, widget=forms.HiddenInput, **options)

    def choices_for(self, field):
        if getattr(field, "maps_to", "") == "region":
            from .models import Region

            return [(label, label) for label in Region.labels]
        return self.get_formatted_field_choices(field)

    def create_dropdown_field(self, field, options):
        choices = [("", _("Choose…")), *self.choices_for(field)]
        widget = forms.Select(attrs=self.attrs(field))
        return ChoiceField(choices=choices, widget=widget, **options)

    def create_radio_field(self, field, options):
        return ChoiceField(choices=self.choices_for(field), widget=forms.RadioSelect, **options)

    def create_multiselect_field(self, field, options):
        return MultipleChoiceField(choices=self.choices_for(field), **options)

    def create_checkboxes_field(self, field, options):
        options["initial"] = self.get_formatted_field_initial(field)
        return MultipleChoiceField(
            choices=self.choices_for(field), widget=forms.CheckboxSelectMultiple, **options
        )

    def get_form_class(self):
        return type("MembershipEnquiryForm", (EnquiryForm,), self.formfields)


class MembershipEnquiryPageForm(WagtailAdminFormPageForm):
    """Each column is filled by at least one field of a suitable type; the contact email and
    the city must be mapped before the page can go live (or be sent for moderation)."""

    PUBLISHING_ACTIONS = ("action-publish", "action-submit", "action-restart-workflow")

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("form_fields")
        if formset is None:
            return cleaned_data
        from .models import MapsTo

        mapped = {}
        for form in formset.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            maps_to = form.cleaned_data.get("maps_to")
            field_type = form.cleaned_data.get("field_type")
            if not maps_to:
                continue
            column = MapsTo(maps_to).label
            if maps_to in mapped:
                form.add_error(
                    "maps_to",
                    _("Another field already fills the %(column)s.") % {"column": column},
                )
            elif field_type and field_type not in MAPPABLE_FIELD_TYPES[maps_to]:
                form.add_error(
                    "maps_to",
                    _("A field that fills the %(column)s must be of type: %(types)s.")
                    % {"column": column, "types": ", ".join(sorted(MAPPABLE_FIELD_TYPES[maps_to]))},
                )
            mapped.setdefault(maps_to, form)

        if any(self.data.get(action) for action in self.PUBLISHING_ACTIONS):
            missing = [MapsTo(name).label for name in REQUIRED_MAPPINGS if name not in mapped]
            if missing:
                self.add_error(
                    None,
                    _(
                        "This page cannot be published until form fields are mapped to: "
                        "%(missing)s. Set “Maps to” on those fields; you can still save a draft."
                    )
                    % {"missing": ", ".join(str(label) for label in missing)},
                )
        return cleaned_data


class WithdrawForm(forms.Form):
    """The applicant withdraws the enquiry from its status page: asked to confirm first."""

    confirm = forms.BooleanField(
        label=_("Yes, withdraw this enquiry"),
        error_messages={"required": _("Tick the box to confirm that you want to withdraw.")},
    )
