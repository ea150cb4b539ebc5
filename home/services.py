from django.contrib.auth.models import Group

from wagtail.models import Page, PageViewRestriction

# Made by a data migration (home 0004), so it exists on every site.
MEMBERS_GROUP_NAME = "Members"


def hub_restrict_to_members(*, page: Page, user=None) -> PageViewRestriction:
    """Make `page` and everything under it visible to the Members group only."""
    members, _ = Group.objects.get_or_create(name=MEMBERS_GROUP_NAME)
    restriction = PageViewRestriction.objects.filter(
        page=page, restriction_type=PageViewRestriction.GROUPS
    ).first()
    if restriction is None:
        restriction = PageViewRestriction(page=page, restriction_type=PageViewRestriction.GROUPS)
        restriction.save(user=user)
    restriction.groups.add(members)
    return restriction
