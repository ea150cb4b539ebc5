from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    label = "home"
    verbose_name = _("Site pages and settings")

    def ready(self):
        from . import checks  # noqa: F401 (registers the checks)
        from .signals import connect_signal_handlers

        connect_signal_handlers()
