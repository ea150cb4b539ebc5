"""The application form an applicant reaches through the emailed link: two or three points of
contact (a formset that works without JavaScript), a short background, a commitment to each
of the network's current principles, and consent to the handling of their data.

Kept apart from forms.py, which models.py imports for the enquiry page, because these forms
are built from the models."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.forms.formsets import TOTAL_FORM_COUNT
from django.utils.translation import gettext_lazy as _

from .forms import (
    ChoiceField,
    EmailField,
    MultiLineTextField,
    TextField,
    error_summary,
    summary_entry,
)
from .models import ApplicationContact, ContactKind
from .services import MAX_CONTACTS, MIN_CONTACTS

BACKGROUND_MIN_LENGTH = 20
BACKGROUND_MAX_LENGTH = 3000
CONTACTS_PREFIX = "contacts"

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 ()./-]{3,38}$",
    _("Please give a phone number using digits, spaces and + ( ) - only."),
)


# What a draft may leave unfinished: answers missing, too short, not yet an address or a
# number, fewer than two contacts or two with one address. Too long, a null character, an
# option that is not offered, or a mangled form are still refused when saving.
DRAFT_TOLERATED_CODES = {"required", "invalid", "min_length", "too_few_forms", None}


def tolerate_unfinished(form) -> None:
    """Drop from a validated form the errors a draft may have."""
    for name, errors in list(form.errors.items()):
        kept = [error for error in errors.as_data() if error.code not in DRAFT_TOLERATED_CODES]
        if kept:
            form.errors[name] = form.error_class(kept, renderer=form.renderer)
        else:
            del form.errors[name]


def draft_value(form, name: str):
    """A field's answer as it is worth keeping in a draft: cleaned when it is valid, otherwise
    tidied as typed (an unfinished email address, an empty box)."""
    if name in form.cleaned_data:
        return form.cleaned_data[name]
    field = form.fields[name]
    raw = field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
    try:
        value = field.to_python(raw)
    except ValidationError:
        value = None
    if isinstance(field, forms.BooleanField):
        return bool(value)
    return value if isinstance(value, str) else ""


def contact_limit(name: str) -> int:
    return ApplicationContact._meta.get_field(name).max_length


class ContactForm(forms.Form):
    name = TextField(
        label=_("Full name"),
        max_length=contact_limit("name"),
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    job_title = TextField(
        label=_("Job title"),
        max_length=contact_limit("job_title"),
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    department = TextField(
        label=_("Department or office"),
        max_length=contact_limit("department"),
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    email = EmailField(
        label=_("Email address"),
        max_length=contact_limit("email"),
        help_text=_("Their Online Hub account will use this address if your city joins."),
    )
    phone = TextField(
        label=_("Phone number"),
        max_length=contact_limit("phone"),
        required=False,
        validators=[phone_validator],
        help_text=_("With the country code, e.g. +27 21 400 0000."),
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    kind = ChoiceField(
        label=_("Their role in the network"),
        choices=ContactKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose their role in the network.")},
    )


class BaseContactFormSet(forms.BaseFormSet):
    default_error_messages = {
        "too_few_forms": _("Please give at least two points of contact."),
        "too_many_forms": _("Please give no more than three points of contact."),
    }

    def clean(self):
        """Each point of contact needs their own email address."""
        first_with = {}
        for number, form in enumerate(self.forms, start=1):
            email = getattr(form, "cleaned_data", {}).get("email")
            if not email:
                continue
            key = email.casefold()
            if key in first_with:
                form.add_error(
                    "email",
                    _(
                        "Point of contact %(number)s already has this email address. Each "
                        "point of contact needs their own address."
                    )
                    % {"number": first_with[key]},
                )
            else:
                first_with[key] = number

    def initial_form_count(self):
        # Answers restored from a draft are initial values, not "initial forms": the third
        # point of contact may still be left empty.
        return super().initial_form_count() if self.is_bound else 0

    def is_valid_draft(self) -> bool:
        """Whether these answers may be saved as a draft (see DRAFT_TOLERATED_CODES)."""
        self.full_clean()
        for form in self.forms:
            tolerate_unfinished(form)
        # Without its management form the request was not sent by our page: keep nothing,
        # rather than a draft with every point of contact gone.
        tolerated = DRAFT_TOLERATED_CODES - (
            set() if self.add_prefix(TOTAL_FORM_COUNT) in self.data else {"too_few_forms"}
        )
        self._non_form_errors = self.error_class(
            [e for e in self._non_form_errors.as_data() if e.code not in tolerated],
            error_class="nonform",
            renderer=self.renderer,
        )
        return not self.non_form_errors() and not any(form.errors for form in self.forms)

    def draft_answers(self) -> list[dict]:
        """Each point of contact's answers as typed, in their places (empty ones too)."""
        return [{name: draft_value(form, name) for name in form.fields} for form in self.forms]

    @staticmethod
    def initial_from_draft(answers: dict) -> list[dict]:
        contacts = answers.get("contacts")
        if not isinstance(contacts, list):
            return []
        return [
            {
                name: value
                for name, value in contact.items()
                if name in ContactForm.base_fields and isinstance(value, str)
            }
            for contact in contacts[:MAX_CONTACTS]
            if isinstance(contact, dict)
        ]

    def contacts(self) -> list[dict]:
        """The filled-in points of contact, as `services.application_submit` takes them."""
        return [
            form.cleaned_data for form in self.forms if form.has_changed() and form.cleaned_data
        ]

    def error_summary(self) -> list[dict]:
        summary = [
            summary_entry(anchor=f"{CONTACTS_PREFIX}-heading", message=error)
            for error in self.non_form_errors()
        ]
        for number, form in enumerate(self.forms, start=1):
            prefix = _("Point of contact %(number)s: ") % {"number": number}
            summary += error_summary(form, label_prefix=prefix)
        return summary


ContactFormSet = forms.formset_factory(
    ContactForm,
    formset=BaseContactFormSet,
    extra=MAX_CONTACTS - MIN_CONTACTS,
    min_num=MIN_CONTACTS,
    max_num=MAX_CONTACTS,
    absolute_max=MAX_CONTACTS,
    validate_min=True,
    validate_max=True,
)


class ApplicationForm(forms.Form):
    background = MultiLineTextField(
        label=_("Your city's challenges and approaches"),
        min_length=BACKGROUND_MIN_LENGTH,
        max_length=BACKGROUND_MAX_LENGTH,
        help_text=_(
            "In a few sentences (at most %(limit)s characters): the challenges of violent "
            "extremism and hate your city faces, and how it is working to prevent them."
        )
        % {"limit": f"{BACKGROUND_MAX_LENGTH:,}"},
        widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}),
    )
    data_consent = forms.BooleanField(
        label=_(
            "I agree that the network keeps the details in this application, including "
            "those of the points of contact, to consider it and, if our city joins, to run "
            "its membership."
        ),
        error_messages={
            "required": _("Please agree to how we handle these details, or we cannot proceed.")
        },
    )

    def __init__(self, *args, principles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.principles = list(principles)
        for principle in self.principles:
            self.fields[self.principle_field_name(principle)] = forms.BooleanField(
                label=principle.title,
                help_text=principle.explanation,
                error_messages={
                    "required": _("Please confirm your city's commitment to “%(title)s”.")
                    % {"title": principle.title}
                },
            )
        self.order_fields(["background", *self.principle_field_names(), "data_consent"])

    @staticmethod
    def principle_field_name(principle) -> str:
        return f"principle-{principle.slug}"

    def principle_field_names(self) -> list[str]:
        return [self.principle_field_name(principle) for principle in self.principles]

    def principle_fields(self):
        return [self[name] for name in self.principle_field_names()]

    def committed_principles(self) -> list[dict]:
        """The principles as they read now, for the record of what the applicant agreed to."""
        return [{"id": principle.slug, "title": principle.title} for principle in self.principles]

    def error_summary(self) -> list[dict]:
        # The checkboxes' long labels would drown their messages: name the section instead.
        labels = dict.fromkeys(self.principle_field_names(), _("Principles"))
        labels["data_consent"] = _("Your data")
        return error_summary(self, labels=labels)

    def is_valid_draft(self) -> bool:
        """Whether these answers may be saved as a draft (see DRAFT_TOLERATED_CODES)."""
        self.full_clean()
        tolerate_unfinished(self)
        return not self.errors

    def draft_answers(self) -> dict:
        """The answers as typed, for ApplicationDraft.answers (contacts apart)."""
        return {
            "background": draft_value(self, "background"),
            "data_consent": draft_value(self, "data_consent"),
            "principles": [
                principle.slug
                for principle in self.principles
                if draft_value(self, self.principle_field_name(principle))
            ],
        }

    @classmethod
    def initial_from_draft(cls, answers: dict) -> dict:
        """The form's initial values from a draft's answers (principles no longer asked for
        are left out; new ones start unticked)."""
        background = answers.get("background")
        ticked = answers.get("principles")
        initial = {
            "background": background if isinstance(background, str) else "",
            "data_consent": answers.get("data_consent") is True,
        }
        if isinstance(ticked, list):
            initial.update((f"principle-{slug}", True) for slug in ticked if isinstance(slug, str))
        return initial
