"""Wagtail's own Forms area, for the enquiry page (superusers only, see wagtail_hooks.py):
its CSV/XLSX export with spreadsheet formulas neutralised, as in the membership export."""

from wagtail.contrib.forms.views import SubmissionsListView

from .exports import neutralise_formula


class EnquirySubmissionsListView(SubmissionsListView):
    def preprocess_field_value(self, field, value, export_format):
        return neutralise_formula(super().preprocess_field_value(field, value, export_format))
