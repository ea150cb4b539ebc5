from django.shortcuts import redirect

from .admin_views import inspect_url, moderated_enquiry, require_permission
from .permissions import user_can_view_enquiries


@require_permission(user_can_view_enquiries)
def enquiry(request, pk: int):
    """The enquiry's permanent admin address, used in staff emails: it leads to the enquiry in
    the moderation admin."""
    return redirect(inspect_url(moderated_enquiry(pk)))
