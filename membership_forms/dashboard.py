"""The membership panel on the admin dashboard, with its chart drawn on the server."""

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.components import Component

from . import selectors
from .models import EnquiryStatus

RESPONSE_WINDOW_DAYS = 90
CHART_MONTHS = 12

# The chart's series: how many enquiries arrived in a month, and how many of them reached
# each later stage. Colours differ in lightness too, and the table beside the chart gives
# the same figures as text.
SERIES = (
    ("received", _("Received"), "#1d3557"),
    (EnquiryStatus.APPLICATION_SENT, _("Application sent"), "#2a7f8f"),
    (EnquiryStatus.APPLICATION_RECEIVED, _("Application received"), "#7fb7be"),
    (EnquiryStatus.CONFIRMED, _("Confirmed"), "#e9a23b"),
)
WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 36, 8, 12, 40


MAX_TICK_INTERVALS = 4


def axis_step(peak: int) -> int:
    """The smallest round step (1, 2 or 5 times a power of ten) that covers `peak` in at most
    MAX_TICK_INTERVALS steps, so that the axis reads 0, 5, 10, 15, 20 rather than 0, 8, 17."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            if step * MAX_TICK_INTERVALS >= peak:
                return step
        magnitude *= 10


def chart(rows: list[dict]) -> dict:
    """Geometry of a grouped bar chart of `rows` (from selectors.monthly_stage_counts)."""
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    peak = max((row[key] for row in rows for key, _label, _colour in SERIES), default=0)
    step = axis_step(peak)
    scale_top = max(-(-peak // step) * step, 1)
    group_width = plot_width / max(len(rows), 1)
    bar_width = group_width / (len(SERIES) + 1)
    bars, months = [], []
    for index, row in enumerate(rows):
        group_x = LEFT + index * group_width + bar_width / 2
        month = date_format(row["month"], "M Y")
        for position, (key, label, colour) in enumerate(SERIES):
            height = plot_height * row[key] / scale_top
            bars.append(
                {
                    "x": round(group_x + position * bar_width, 1),
                    "y": round(TOP + plot_height - height, 1),
                    "width": round(bar_width - 1, 1),
                    "height": round(height, 1),
                    "colour": colour,
                    "title": f"{month}: {row[key]} {label}",
                }
            )
        months.append(
            {
                "x": round(LEFT + index * group_width + group_width / 2, 1),
                "short": date_format(row["month"], "M"),
                "year": row["month"].year if row["month"].month == 1 or index == 0 else "",
                "label": month,
                "values": [row[key] for key, _label, _colour in SERIES],
            }
        )
    ticks = range(0, scale_top + 1, step)
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "baseline": TOP + plot_height,
        "label_y": TOP + plot_height + 16,
        "year_y": TOP + plot_height + 30,
        "bars": bars,
        "months": months,
        "ticks": [
            {"value": tick, "y": round(TOP + plot_height - plot_height * tick / scale_top, 1)}
            for tick in ticks
        ],
        "series": [{"label": label, "colour": colour} for _key, label, colour in SERIES],
        "total": sum(row["received"] for row in rows),
    }


FIGURES_CACHE_KEY = "membership_forms:dashboard_figures"
FIGURES_CACHE_SECONDS = 60


def dashboard_figures() -> dict:
    """The panel's figures, counted at most once a minute (in the shared cache), and again as
    soon as a service changes an enquiry (see `dashboard_figures_forget`)."""
    figures = cache.get(FIGURES_CACHE_KEY)
    if figures is None:
        enquiries = selectors.moderated_enquiries()
        figures = {
            "counts": selectors.status_counts(enquiries),
            "overdue_count": selectors.overdue_enquiries(enquiries).count(),
            "median_days": selectors.median_response_working_days(days=RESPONSE_WINDOW_DAYS),
            "rows": selectors.monthly_stage_counts(months=CHART_MONTHS),
            "counted_at": timezone.now(),
        }
        cache.set(FIGURES_CACHE_KEY, figures, FIGURES_CACHE_SECONDS)
    return figures


def dashboard_figures_forget() -> None:
    cache.delete(FIGURES_CACHE_KEY)


class MembershipPanel(Component):
    name = "membership_enquiries"
    template_name = "membership_forms/admin/dashboard_panel.html"
    order = 90

    class Media:
        css = {"all": ["membership_forms/css/admin.css"]}

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        listing = reverse("membership_enquiries_modeladmin_index")
        figures = dashboard_figures()
        counts = figures["counts"]
        context.update(
            {
                "listing_url": listing,
                "statuses": [
                    {
                        "label": label,
                        "count": counts[value],
                        "url": f"{listing}?{urlencode({'status__exact': value})}",
                    }
                    for value, label in EnquiryStatus.choices
                ],
                "overdue_count": figures["overdue_count"],
                "overdue_url": f"{listing}?{urlencode({'overdue': 'yes'})}",
                "median_days": figures["median_days"],
                "response_window_days": RESPONSE_WINDOW_DAYS,
                "chart": chart(figures["rows"]),
                "chart_months": CHART_MONTHS,
                "counted_at": figures["counted_at"],
            }
        )
        return context
