"""One outbox: the enquiry's own two emails (to staff, to the applicant) become rows of
MembershipEmail like every later one, and each row says when it may next be tried."""

from datetime import timedelta

import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

BATCH = 2000
# Unsent emails older than this are not picked up by the sweep on their own (the old
# command looked back a week); `manage.py send_membership_emails --days N` still can.
RECENT = timedelta(days=7)


def fold_enquiry_emails_into_outbox(apps, schema_editor):
    MembershipEmail = apps.get_model("membership_forms", "MembershipEmail")
    MembershipEnquiry = apps.get_model("membership_forms", "MembershipEnquiry")
    now = django.utils.timezone.now()
    MembershipEmail.objects.filter(sent_at__isnull=False).update(available_at=None)
    MembershipEmail.objects.filter(
        sent_at__isnull=True, attempts__gte=settings.MEMBERSHIP_EMAIL_MAX_ATTEMPTS
    ).update(available_at=None)

    def row(enquiry_id, kind, submitted, sent):
        owed = sent is None and submitted >= now - RECENT
        return MembershipEmail(
            enquiry_id=enquiry_id,
            kind=kind,
            created_at=submitted,
            sent_at=sent,
            available_at=now if owed else None,
        )

    enquiries = MembershipEnquiry.objects.order_by("pk").values_list(
        "pk", "submit_time", "staff_notified_at", "acknowledged_at"
    )
    batch = []
    for pk, submitted, notified, acknowledged in enquiries.iterator(chunk_size=BATCH):
        batch.append(row(pk, "staff_notification", submitted, notified))
        batch.append(row(pk, "acknowledgement", submitted, acknowledged))
        if len(batch) >= BATCH:
            MembershipEmail.objects.bulk_create(batch)
            batch = []
    MembershipEmail.objects.bulk_create(batch)


def restore_enquiry_columns(apps, schema_editor):
    MembershipEmail = apps.get_model("membership_forms", "MembershipEmail")
    MembershipEnquiry = apps.get_model("membership_forms", "MembershipEnquiry")
    for kind, column in (
        ("staff_notification", "staff_notified_at"),
        ("acknowledgement", "acknowledged_at"),
    ):
        sent = MembershipEmail.objects.filter(
            kind=kind, enquiry=models.OuterRef("pk"), sent_at__isnull=False
        ).values("sent_at")[:1]
        MembershipEnquiry.objects.update(**{column: models.Subquery(sent)})
    MembershipEmail.objects.filter(kind__in=["staff_notification", "acknowledgement"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("membership_forms", "0006_listing_queue_and_stage_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="membershipemail",
            name="available_at",
            field=models.DateTimeField(
                blank=True,
                default=django.utils.timezone.now,
                null=True,
                verbose_name="next try",
            ),
        ),
        migrations.AlterField(
            model_name="membershipemail",
            name="kind",
            field=models.CharField(
                choices=[
                    ("staff_notification", "New enquiry (to staff)"),
                    ("acknowledgement", "Acknowledgement of the enquiry"),
                    ("application_invitation", "Invitation to apply"),
                    ("application_received", "Application received (to staff)"),
                    ("welcome", "Welcome and Online Hub account"),
                    ("decline", "Decline"),
                ],
                max_length=40,
                verbose_name="kind",
            ),
        ),
        migrations.AddIndex(
            model_name="membershipemail",
            index=models.Index(
                condition=models.Q(available_at__isnull=False),
                fields=["available_at"],
                name="membership_email_owed",
            ),
        ),
        # The enquiry's own columns go in the next migration: PostgreSQL alters no table
        # while the rows written here still have constraint checks pending.
        migrations.RunPython(fold_enquiry_emails_into_outbox, restore_enquiry_columns),
    ]
