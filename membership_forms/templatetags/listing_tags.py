"""The staff listings' rows, written in one pass.

wagtail-modeladmin renders each row through an inclusion tag and each cell through another
(a template and a copy of the context per cell: 250 for a page of 25 enquiries), which took
about two thirds of a listing's rendering. The cells themselves are still modeladmin's
(`items_for_result`), so what they show, and how it is escaped, is unchanged."""

from django import template
from django.forms.utils import flatatt
from django.template.loader import get_template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def listing_rows(context):
    """The `<tr>` of each of `results` (modeladmin's cells of each object), with the
    object's buttons in the column modeladmin puts them in, as its templates write them."""
    view = context["view"]
    request = context["request"]
    model_admin = view.model_admin
    columns = model_admin.get_list_display(request)
    buttons_column = model_admin.get_list_display_add_buttons(request)
    button_template = get_template("modeladmin/includes/button.html")
    rows = []
    for index, (obj, cells) in enumerate(
        zip(context["object_list"], context["results"], strict=True)
    ):
        attrs = model_admin.get_extra_attrs_for_row(obj, context)
        attrs["data-object-pk"] = obj.pk
        parity = "odd" if index % 2 == 0 else "even"
        attrs["class"] = f"{attrs['class']} {parity}" if "class" in attrs else parity
        written = []
        for column, cell in zip(columns, cells, strict=True):
            if column == buttons_column:
                buttons = view.get_buttons_for_obj(obj)
                actions = format_html_join(
                    "", "<li>{}</li>", ((button_template.render({"button": b}),) for b in buttons)
                )
                if actions:
                    # Inside the cell, before its "</td>": modeladmin wrote and escaped it.
                    cell = mark_safe(cell[:-5]) + format_html(  # noqa: S308
                        '<ul class="actions">{}</ul></td>', actions
                    )
            written.append((cell,))
        rows.append((flatatt(attrs), format_html_join("", "{}", written)))
    return format_html_join("", "<tr{}>{}</tr>", rows)
