from django.core.exceptions import PermissionDenied

from wagtail import hooks
from wagtail.models import PageViewRestriction

from .models import HubPage
from .rich_text import BasePageLinkHandler
from .services import hub_restrict_to_members


@hooks.register("after_create_page")
def restrict_new_hub_to_members(request, page):
    if isinstance(page, HubPage):
        hub_restrict_to_members(page=page, user=request.user)


@hooks.register("before_serve_page")
def refuse_signed_in_visitors_outside_the_group(page, request, serve_args, serve_kwargs):
    """Wagtail sends everyone who fails a group restriction to the login page. Someone who is
    already signed in could never get past it, so they get the 403 page instead."""
    if not request.user.is_authenticated:
        return
    for restriction in page.get_view_restrictions():
        if (
            restriction.restriction_type == PageViewRestriction.GROUPS
            and not restriction.accept_request(request)
        ):
            raise PermissionDenied


@hooks.register("register_rich_text_features", order=1)
def link_pages_without_their_specific_types(features):
    """After Wagtail's own registration (order 0), which this replaces."""
    features.register_link_type(BasePageLinkHandler)
