from wagtail.models import PageViewRestriction

from .models import Principle, PrinciplesPage


def current_principles() -> list[Principle]:
    """The principles of the live principles page, in order; each keeps its `slug` as a stable
    id. Empty when no principles page is published."""
    page = PrinciplesPage.objects.live().first()
    if page is None:
        return []
    return list(page.principles.order_by("sort_order", "pk"))


def private_paths_hidden_from(request) -> list[str]:
    """Tree paths of the private sections that this visitor may not enter.

    A fixed number of queries however many restrictions there are: one for the restrictions,
    and, for a signed-in visitor, one for their groups and one for the restrictions' groups.
    """
    user = request.user
    restrictions = PageViewRestriction.objects.select_related("page").order_by("page__path")
    if not user.is_authenticated:
        return [
            restriction.page.path
            for restriction in restrictions
            if not restriction.accept_request(request)
        ]
    if user.is_superuser:
        return []
    restrictions = list(restrictions.prefetch_related("groups"))
    user_group_ids = set(user.groups.values_list("pk", flat=True)) if restrictions else set()
    hidden = []
    for restriction in restrictions:
        if restriction.restriction_type == PageViewRestriction.GROUPS:
            allowed = any(group.pk in user_group_ids for group in restriction.groups.all())
        else:
            allowed = restriction.accept_request(request)
        if not allowed:
            hidden.append(restriction.page.path)
    return hidden
