from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class MemberLoginForm(AuthenticationForm):
    """The members' login, in members' words: their username is the email address the
    network wrote to when their city joined."""

    username = forms.CharField(
        label=_("Email address"),
        help_text=_("The address we wrote to when your city joined the network."),
        max_length=254,
        # Text, not type=email: an account's username is its address, but an older or
        # de-duplicated one may not pass a browser's email check.
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "inputmode": "email"}
        ),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
