from django.contrib.auth.management import create_permissions
from django.db import migrations

REVIEWERS_GROUP_NAME = "Membership reviewers"
PERMISSIONS = [
    ("membership_forms", "view_membershipenquiry"),
    ("membership_forms", "moderate_membershipenquiry"),
    ("membership_forms", "view_member"),
    ("membership_forms", "change_member"),
    ("membership_forms", "change_membershipemailsettings"),
    ("wagtailadmin", "access_admin"),
]


def create_reviewers_group(apps, schema_editor):
    """The staff who handle membership enquiries: they see and move enquiries and keep the
    member list, and may enter the admin, but edit no pages."""
    # Django creates permissions after all migrations ran; make this app's exist now.
    app_config = apps.get_app_config("membership_forms")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, using=schema_editor.connection.alias, apps=apps)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=REVIEWERS_GROUP_NAME)
    for app_label, codename in PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        # Those give every admin group the right to choose images and documents; run them
        # first, so that reviewers only get what is listed above.
        ("wagtaildocs", "0011_add_choose_permissions"),
        ("wagtailimages", "0023_add_choose_permissions"),
        ("membership_forms", "0004_membership_emails"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="membershipenquiry",
            options={
                "ordering": ["-submit_time", "-pk"],
                "permissions": [
                    (
                        "moderate_membershipenquiry",
                        "Can move, assign and annotate membership enquiries",
                    )
                ],
                "verbose_name": "membership enquiry",
                "verbose_name_plural": "membership enquiries",
            },
        ),
        migrations.RunPython(create_reviewers_group, migrations.RunPython.noop),
    ]
