"""Who may do what with membership enquiries and members, in Wagtail's permission-policy
terms: "view" to see enquiries (listing, inspect, export, dashboard panel), "moderate" to
move, assign and annotate them."""

from wagtail.permission_policies import ModelPermissionPolicy

from .models import Member, MembershipEnquiry

enquiry_permission_policy = ModelPermissionPolicy(MembershipEnquiry)
member_permission_policy = ModelPermissionPolicy(Member)


def user_can_view_enquiries(user) -> bool:
    return enquiry_permission_policy.user_has_permission(user, "view")


def user_can_moderate_enquiries(user) -> bool:
    """Moving an enquiry along takes seeing it too."""
    return enquiry_permission_policy.user_has_permission(
        user, "moderate"
    ) and user_can_view_enquiries(user)
