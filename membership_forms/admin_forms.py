"""Forms of the staff admin: confirm a step, assign, add a note."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .models import EnquiryEvent, ReviewerPreferences

NOTE_MAX_LENGTH = EnquiryEvent._meta.get_field("note").max_length


class StepForm(forms.Form):
    """Confirms a step. `version` is the version of the enquiry the reviewer saw, so that a
    change made meanwhile by someone else is refused rather than overwritten."""

    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Kept in the enquiry's history for staff; the applicant does not see it."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def step_options(self) -> dict:
        """Keyword arguments that this step's service function takes besides the note."""
        return {}


class ConfirmStepForm(StepForm):
    show_in_directory = forms.BooleanField(
        label=_("Show this city in the public member directory"),
        required=False,
        initial=True,
        help_text=_(
            "Untick it if the city prefers not to be listed. "
            "You can change this later under Membership › Members."
        ),
    )

    def step_options(self) -> dict:
        return {"show_in_directory": self.cleaned_data["show_in_directory"]}


STEP_FORMS = {"confirm": ConfirmStepForm}


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only staff see notes. Notes cannot be changed once added."),
        error_messages={"required": _("A note needs some text.")},
    )


class ReviewerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.get_username()


class AssignForm(forms.Form):
    """`seen_assignee` is whom the reviewer saw the enquiry assigned to (0: nobody), so that
    of two reviewers assigning at once the second is told rather than overwriting."""

    assignee = ReviewerChoiceField(
        label=_("Assign to"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Nobody"),
    )
    seen_assignee = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = reviewers

    def seen_assignee_id(self) -> int | None:
        return self.cleaned_data["seen_assignee"] or None


class DigestPreferenceForm(forms.ModelForm):
    class Meta:
        model = ReviewerPreferences
        fields = ["daily_digest"]
