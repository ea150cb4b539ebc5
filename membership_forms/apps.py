from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembershipFormsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "membership_forms"
    label = "membership_forms"
    verbose_name = _("Membership")
