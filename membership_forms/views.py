from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from wagtail.contrib.forms.utils import get_forms_for_user

from .models import MembershipEnquiry


def enquiry(request, pk: int):
    """The enquiry's permanent admin address, used in staff emails. For now it leads to the
    submissions of the enquiry's form page in Wagtail's forms area; the moderation admin can
    take this URL name over without breaking links in emails already sent."""
    enquiry = get_object_or_404(MembershipEnquiry.objects.only("pk", "page_id"), pk=pk)
    if not get_forms_for_user(request.user).filter(pk=enquiry.page_id).exists():
        raise PermissionDenied
    return redirect(reverse("wagtailforms:list_submissions", args=[enquiry.page_id]))
