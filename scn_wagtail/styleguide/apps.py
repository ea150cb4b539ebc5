from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StyleGuideConfig(AppConfig):
    """The living style guide (docs/style-guide.md): the site's components and their states
    as django-pattern-library patterns. Installed by the dev and test settings only."""

    name = "scn_wagtail.styleguide"
    label = "styleguide"
    verbose_name = _("Style guide")
