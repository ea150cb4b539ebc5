"""The enquiry's columns for its two emails, now rows of the outbox (see 0007)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("membership_forms", "0007_one_email_outbox"),
    ]

    operations = [
        migrations.RemoveField(model_name="membershipenquiry", name="acknowledged_at"),
        migrations.RemoveField(model_name="membershipenquiry", name="staff_notified_at"),
    ]
