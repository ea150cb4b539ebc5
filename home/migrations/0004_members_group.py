from django.db import migrations

MEMBERS_GROUP_NAME = "Members"


def create_members_group(apps, schema_editor):
    """The group whose users may see the members' Online Hub. It has no admin permissions:
    members are not editors."""
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name=MEMBERS_GROUP_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("home", "0003_principles_myths_funding_hub"),
    ]

    operations = [migrations.RunPython(create_members_group, migrations.RunPython.noop)]
