import re

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Concat, Lower
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.forms.models import (
    AbstractEmailForm,
    AbstractFormField,
    AbstractFormSubmission,
)
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index

from modelcluster.fields import ParentalKey
from wagtail_localize.fields import SynchronizedField

from . import email_defaults, world_map
from .forms import (
    CAPTCHA_REFRESH_FIELD,
    EnquiryFormBuilder,
    MembershipEnquiryPageForm,
    without_captcha_answer,
)
from .working_days import response_due_date

REFERENCE_PREFIX = "SCN"
# The group of staff who handle enquiries (created by migration 0003).
REVIEWERS_GROUP_NAME = "Membership reviewers"
THANK_YOU_PARAMETER = "sent"
THANK_YOU_SALT = "membership_forms.thank_you"
THANK_YOU_MAX_AGE = 24 * 60 * 60


class Region(models.TextChoices):
    """The world regions the network groups its member cities by."""

    SUB_SAHARAN_AFRICA = "sub_saharan_africa", _("Sub-Saharan Africa")
    MIDDLE_EAST_NORTH_AFRICA = "middle_east_north_africa", _("Middle East and North Africa")
    EUROPE = "europe", _("Europe")
    CENTRAL_ASIA = "central_asia", _("Central Asia")
    SOUTH_ASIA = "south_asia", _("South Asia")
    EAST_ASIA = "east_asia", _("East Asia")
    SOUTH_EAST_ASIA = "south_east_asia", _("South-East Asia")
    OCEANIA = "oceania", _("Oceania and the Pacific")
    NORTH_AMERICA = "north_america", _("North America")
    LATIN_AMERICA_CARIBBEAN = "latin_america_caribbean", _("Latin America and the Caribbean")


class EnquiryStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    APPLICATION_SENT = "application_sent", _("Application sent")
    APPLICATION_RECEIVED = "application_received", _("Application received")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    SPAM = "spam", _("Spam")


class MapsTo(models.TextChoices):
    """Which column of the enquiry a form field's answer fills."""

    NOTHING = "", _("Nothing (kept with the other answers)")
    CONTACT_NAME = "contact_name", _("Contact name")
    CONTACT_EMAIL = "contact_email", _("Contact email")
    CITY = "city", _("City")
    COUNTRY = "country", _("Country")
    REGION = "region", _("Region")
    ORGANISATION = "organisation", _("Organisation or role")


class FormField(TranslatableMixin, AbstractFormField):
    """A question of the enquiry form. Its label, help text and choices are translated with
    the page (wagtail-localize); what its answer is stored as (`clean_name`) and the column it
    fills (`maps_to`) stay those of the source page, so an enquiry from any language version
    of the form lands in the same columns."""

    page = ParentalKey(
        "MembershipEnquiryPage", on_delete=models.CASCADE, related_name="form_fields"
    )
    maps_to = models.CharField(
        _("maps to"),
        max_length=20,
        choices=MapsTo.choices,
        blank=True,
        default=MapsTo.NOTHING,
        help_text=_(
            "Which detail of the enquiry this answer fills, for staff to filter and search by. "
            "A field mapped to the region shows the network's list of regions."
        ),
    )

    panels = [*AbstractFormField.panels, FieldPanel("maps_to")]
    override_translatable_fields = [SynchronizedField("clean_name")]

    class Meta(AbstractFormField.Meta):
        verbose_name = _("form field")
        unique_together = [("translation_key", "locale")]

    def get_default_locale(self):
        return self.page.locale  # the page's, without a query per field


class MembershipEnquiryPage(AbstractEmailForm):
    """The page where city officials ask to join; every answer becomes a `MembershipEnquiry`."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link", "ol", "ul"])
    thank_you_text = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_(
            "Shown after a successful enquiry, above the reference and expected answer date."
        ),
    )

    content_panels = [
        *AbstractEmailForm.content_panels,
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel(
            "form_fields",
            heading=_("Form fields"),
            label=_("a form field"),
            help_text=_(
                "Map one field to the contact email and one to the city before publishing. "
                "A security check (captcha) is always added at the end of the form."
            ),
        ),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("Email to staff"),
        ),
    ]
    search_fields = [*AbstractEmailForm.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    base_form_class = MembershipEnquiryPageForm
    form_builder = EnquiryFormBuilder
    landing_page_template = "membership_forms/membership_enquiry_page_landing.html"

    class Meta:
        verbose_name = _("membership enquiry page")

    def get_submission_class(self):
        return MembershipEnquiry

    def get_submissions_list_view_class(self):
        from .submissions import EnquirySubmissionsListView

        return EnquirySubmissionsListView

    def get_data_fields(self):
        submit_time, *answers = super().get_data_fields()
        return [submit_time, ("reference", _("Reference")), *answers]

    def serve(self, request, *args, **kwargs):
        # Never cached anywhere: each visitor gets their own captcha and CSRF token.
        if request.method == "POST":
            response = self.serve_submission(request)
        elif THANK_YOU_PARAMETER in request.GET:
            response = self.serve_thank_you(request)
        else:
            response = self.render_form(request, self.get_form(page=self, user=request.user))
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        return response

    def serve_submission(self, request):
        from .services import enquiry_receive
        from .spam import submission_rate_limit

        if CAPTCHA_REFRESH_FIELD in request.POST:
            # New letters without JavaScript: the same form again, answers kept, not checked.
            form = self.get_form(
                without_captcha_answer(request.POST), request.FILES, page=self, user=request.user
            )
            form.show_again_unchecked()
            return self.render_form(request, form, captcha_refreshed=True)
        if wait := submission_rate_limit(request):
            response = TemplateResponse(
                request, "membership_forms/rate_limited.html", self.get_context(request), status=429
            )
            response["Retry-After"] = str(wait)
            return response
        form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
        if form.honeypot_filled:
            # Robots get the same thank-you page; nothing is stored or sent.
            return self.redirect_to_thank_you(request, None)
        if not form.is_valid():
            return self.render_form(request, form, status=400)
        # In the language of the address: a page not yet translated is served in its source
        # language under every prefix, and the applicant still chose French at /fr/.
        enquiry = enquiry_receive(page=self, answers=form.answers(), language=get_language())
        return self.redirect_to_thank_you(request, enquiry)

    def render_form(self, request, form, status=200, captcha_refreshed=False):
        context = self.get_context(request)
        context["form"] = form
        context["captcha_refreshed"] = captcha_refreshed
        context["captcha_refresh_field"] = CAPTCHA_REFRESH_FIELD
        context["captcha_refresh_url"] = reverse("captcha-refresh")
        return TemplateResponse(request, self.get_template(request), context, status=status)

    def redirect_to_thank_you(self, request, enquiry):
        """After a POST, a redirect (so reloading the page never sends the form twice) to a
        signed, short-lived address of the thank-you page, in the language it was sent in."""
        token = signing.dumps(enquiry.pk if enquiry else 0, salt=THANK_YOU_SALT)
        url = f"{request.path}?{urlencode({THANK_YOU_PARAMETER: token})}"
        return HttpResponseRedirect(url, status=303)

    def serve_thank_you(self, request):
        try:
            enquiry_id = signing.loads(
                request.GET[THANK_YOU_PARAMETER], salt=THANK_YOU_SALT, max_age=THANK_YOU_MAX_AGE
            )
        except signing.BadSignature:
            return HttpResponseRedirect(self.url)
        if type(enquiry_id) is not int:  # exactly: True is an int too, and would read as 1
            return HttpResponseRedirect(self.url)
        enquiry = MembershipEnquiry.objects.filter(pk=enquiry_id, page=self).first()
        return self.render_landing_page(request, enquiry)

    def render_landing_page(self, request, form_submission=None, *args, **kwargs):
        context = self.get_context(request)
        context["enquiry"] = form_submission
        context["expected_reply_by"] = (
            form_submission.expected_reply_by
            if form_submission
            else response_due_date(timezone.localdate())
        )
        return TemplateResponse(request, self.get_landing_page_template(request), context)


class EnquiryReferenceCounter(models.Model):
    """The last reference number handed out in a year. Incremented with an UPDATE, which
    locks the row until the enquiry's transaction ends, so concurrent enquiries (also from
    other processes) never share a number, on PostgreSQL and SQLite alike."""

    year = models.PositiveIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("enquiry reference counter")

    def __str__(self):
        return f"{self.year}: {self.last_number}"

    @classmethod
    def next_number(cls, year: int) -> int:
        with transaction.atomic():
            if not cls.objects.filter(year=year).update(last_number=models.F("last_number") + 1):
                try:
                    with transaction.atomic():
                        cls.objects.create(year=year, last_number=1)
                    return 1
                except IntegrityError:  # another enquiry created this year's row first
                    cls.objects.filter(year=year).update(last_number=models.F("last_number") + 1)
            return cls.objects.get(year=year).last_number


def format_reference(year: int, number: int) -> str:
    return f"{REFERENCE_PREFIX}-{year}-{number:05d}"


# The moderation workflow (see services.py for the rules that move an enquiry along). Tuples,
# not sets: their order is their order in SQL, the same in every process.
WAITING_ON_STAFF = (EnquiryStatus.RECEIVED, EnquiryStatus.APPLICATION_RECEIVED)
OPEN_STATUSES = (
    EnquiryStatus.RECEIVED,
    EnquiryStatus.APPLICATION_SENT,
    EnquiryStatus.APPLICATION_RECEIVED,
)
CLOSED_STATUSES = (EnquiryStatus.DECLINED, EnquiryStatus.WITHDRAWN, EnquiryStatus.SPAM)


class EnquiryTally(models.Model):
    """How many enquiries each page holds, kept by the database itself (triggers on the
    enquiry table, migration 0011), so that the listing's total is one row to read rather
    than every enquiry to count. Never written by this code."""

    page_id = models.IntegerField(primary_key=True)
    enquiries = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.page_id}: {self.enquiries}"


class EnquirySearchText(models.Model):
    """What the listing's search looks in, one narrow row per enquiry: its own searched
    columns and its application contacts' names and emails in one text, in capitals (0021),
    with its page. Kept by PostgreSQL triggers (0018) and searched through a trigram index: the wide
    enquiry rows (their form answers) would spread a search's matches over most of the
    table's pages. Empty on other databases, which search the enquiries themselves."""

    enquiry_id = models.BigIntegerField(primary_key=True)
    page_id = models.IntegerField()
    text = models.TextField()

    def __str__(self):
        return f"{self.enquiry_id}: {self.text}"


class MembershipEnquiry(AbstractFormSubmission):
    """One enquiry: every answer (`form_data`) plus the details staff filter by, and the
    state of its moderation."""

    # Enquiries are personal data seen only by reviewers: keep them out of Wagtail's
    # reference index, which would list them under the form page's "usage" to page editors.
    wagtail_reference_index_ignore = True

    # Redefined from Wagtail's auto_now_add so that imports and demo content can date it.
    submit_time = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)

    contact_name = models.CharField(_("contact name"), max_length=255, blank=True, db_index=True)
    contact_email = models.EmailField(
        _("contact email"),
        max_length=254,
        blank=True,
        db_index=True,
        help_text=_("Lower-cased, so that duplicates are found whatever the case."),
    )
    organisation = models.CharField(
        _("organisation or role"), max_length=255, blank=True, db_index=True
    )
    city = models.CharField(_("city"), max_length=255, blank=True, db_index=True)
    country = models.CharField(_("country"), max_length=255, blank=True, db_index=True)
    region = models.CharField(
        _("region"), max_length=40, choices=Region.choices, blank=True, db_index=True
    )
    possible_duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("possible duplicate of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="possible_duplicates",
    )

    status = models.CharField(
        _("status"),
        max_length=32,
        choices=EnquiryStatus.choices,
        default=EnquiryStatus.RECEIVED,
        db_index=True,
    )
    waiting_since = models.DateTimeField(
        _("waiting on staff since"),
        db_index=True,
        help_text=_("When the enquiry last started waiting for the network to act."),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_membership_enquiries",
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        help_text=_("Raised by every change, so that two reviewers cannot overwrite each other."),
    )
    expected_reply_by = models.DateField(
        _("expected reply by"), help_text=_("The answer date promised to the applicant.")
    )

    language = models.CharField(
        _("language"),
        max_length=7,
        choices=settings.LANGUAGES,
        default="en",
        db_index=True,
        help_text=_(
            "The language the enquiry was sent in; the applicant's emails are written in it."
        ),
    )

    reminder_sent_at = models.DateTimeField(
        _("reminded"),
        null=True,
        blank=True,
        help_text=_(
            "When the applicant was reminded to send the application form back; until they "
            "do, the enquiry is flagged for staff."
        ),
    )

    anonymised_at = models.DateTimeField(
        _("anonymised"),
        null=True,
        blank=True,
        help_text=_("When the applicant's personal details were removed for data protection."),
    )
    # The listing's default order (waiting on staff, then other open ones, then closed ones),
    # kept by the database itself so that an index can serve it.
    waiting_rank = models.GeneratedField(
        expression=models.Case(
            models.When(status__in=WAITING_ON_STAFF, then=models.Value(0)),
            models.When(status__in=OPEN_STATUSES, then=models.Value(1)),
            default=models.Value(2),
        ),
        output_field=models.SmallIntegerField(),
        db_persist=True,
        verbose_name=_("queue"),
    )
    # The listing's searched columns in one, kept by the database, so that one index can
    # answer a search (a trigram index on PostgreSQL, see migration 0010). The words of a
    # search hold no space, so a word is in this text exactly when it is in one column.
    search_text = models.GeneratedField(
        expression=Concat(
            "reference",
            models.Value(" "),
            "city",
            models.Value(" "),
            "country",
            models.Value(" "),
            "contact_name",
            models.Value(" "),
            "contact_email",
            output_field=models.TextField(),
        ),
        output_field=models.TextField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("membership enquiry")
        verbose_name_plural = _("membership enquiries")
        ordering = ["-submit_time", "-pk"]
        # The listing counts the rows of each filter and orders a page by a column; with the
        # page included (on PostgreSQL), each count reads an index alone, never the rows.
        indexes = [
            models.Index(
                fields=["status", "waiting_since"], include=["page"], name="enquiry_status_waiting"
            ),
            # The listing's default order, and its tie-break on the newest first; also the
            # range of enquiries that are not overdue, counted from it alone.
            models.Index(
                "waiting_rank",
                "waiting_since",
                models.F("id").desc(),
                include=["page"],
                name="enquiry_queue",
            ),
            # The same order holding every column the listing filters on, so that a filtered
            # page's ids are read from it alone (admin_views.DeferredJoinPaginator), however
            # many rows of other years or regions come first; the narrower index above
            # stays cheaper for counting the ones not overdue.
            models.Index(
                "waiting_rank",
                "waiting_since",
                models.F("id").desc(),
                include=["page", "submit_time", "status", "region", "language", "assigned_to"],
                name="enquiry_queue_filters",
            ),
            # Its sorts by a column with few values, ties broken by id (admin_views.py).
            models.Index(fields=["status", "id"], include=["page"], name="enquiry_status_id"),
            models.Index(fields=["region", "id"], include=["page"], name="enquiry_region_id"),
            models.Index(fields=["country", "id"], include=["page"], name="enquiry_country_id"),
            models.Index(fields=["language", "id"], include=["page"], name="enquiry_language_id"),
            # The reminded filter: the few enquiries reminded and still without an application,
            # with what their count and their page in the listing's order need.
            models.Index(
                "waiting_rank",
                "waiting_since",
                models.F("id").desc(),
                include=["page", "status"],
                condition=models.Q(reminder_sent_at__isnull=False),
                name="enquiry_reminded",
            ),
            # The sort by due date (many enquiries can start waiting at the same moment).
            models.Index(fields=["waiting_since", "id"], name="enquiry_waiting_id"),
            # The year filter, and the assignee filter with its choices.
            models.Index(fields=["submit_time"], include=["page"], name="enquiry_received_page"),
            models.Index(fields=["assigned_to", "page"], name="enquiry_assignee_page"),
        ]
        permissions = [
            ("moderate_membershipenquiry", _("Can move, assign and annotate membership enquiries"))
        ]

    def __str__(self):
        return self.reference or str(_("new enquiry"))

    def save(self, *args, **kwargs):
        if self._state.adding:
            self.waiting_since = self.waiting_since or self.submit_time
            if self.expected_reply_by is None:
                self.expected_reply_by = response_due_date(timezone.localdate(self.submit_time))
        if self.reference:
            return super().save(*args, **kwargs)
        with transaction.atomic():
            year = timezone.localtime(self.submit_time).year
            self.reference = format_reference(year, EnquiryReferenceCounter.next_number(year))
            return super().save(*args, **kwargs)

    def get_data(self):
        return {**super().get_data(), "reference": self.reference}


class EnquiryEvent(models.Model):
    """One line of an enquiry's history: a status change, an assignment or an internal note.
    Append-only: saved once, never edited."""

    class Kind(models.TextChoices):
        STATUS_CHANGE = "status_change", _("Status change")
        ASSIGNMENT = "assignment", _("Assignment")
        NOTE = "note", _("Note")
        REMINDER = "reminder", _("Reminder sent")

    enquiry = models.ForeignKey(MembershipEnquiry, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when the applicant or the site did it."),
    )
    from_status = models.CharField(
        _("from"), max_length=32, choices=EnquiryStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=32, choices=EnquiryStatus.choices, blank=True)
    waited_since = models.DateTimeField(
        _("waited on staff since"),
        null=True,
        blank=True,
        help_text=_("For a change that answered a waiting enquiry: when the wait began."),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True, max_length=4000)

    class Meta:
        verbose_name = _("enquiry event")
        ordering = ["created_at", "pk"]
        indexes = [
            # "Which enquiries reached this stage" (the dashboard's chart).
            models.Index(fields=["to_status", "enquiry"], name="event_stage_enquiry"),
        ]

    def __str__(self):
        return f"{self.enquiry_id} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Enquiry history is append-only.")
        return super().save(*args, **kwargs)


class ContactKind(models.TextChoices):
    POLITICAL_LEAD = (
        "political_lead",
        _("Political or policy lead, with the mandate of the mayor or authority"),
    )
    PRACTITIONER = "practitioner", _("Practitioner working on preventing violent extremism")
    OTHER = "other", _("Other")


class Application(models.Model):
    """The short application form an applicant sends back after the first enquiry."""

    enquiry = models.OneToOneField(
        MembershipEnquiry, on_delete=models.CASCADE, related_name="application"
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    background = models.TextField(
        _("background"),
        max_length=4000,
        help_text=_("The city's challenges and approaches in preventing violent extremism."),
    )
    principles = models.JSONField(
        _("principles committed to"),
        default=list,
        help_text=_("The principles (id and title) as they read when the applicant agreed."),
    )
    data_consent = models.BooleanField(_("consented to data handling"), default=False)

    class Meta:
        verbose_name = _("application")

    def __str__(self):
        return str(_("Application for %(reference)s") % {"reference": self.enquiry.reference})

    def guidance_warnings(self) -> list[str]:
        """Where the contacts miss the network's guidance (a warning for staff, not an error)."""
        kinds = {contact.kind for contact in self.contacts.all()}
        warnings = []
        if ContactKind.POLITICAL_LEAD not in kinds:
            warnings.append(
                str(_("No contact is a political or policy lead with the mayor's mandate."))
            )
        if ContactKind.PRACTITIONER not in kinds:
            warnings.append(str(_("No contact is a practitioner.")))
        return warnings


class ApplicationContact(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    job_title = models.CharField(_("job title"), max_length=200)
    department = models.CharField(_("department"), max_length=200, blank=True)
    email = models.EmailField(_("email"), max_length=254, db_index=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    kind = models.CharField(_("role in the network"), max_length=20, choices=ContactKind.choices)
    hub_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Online Hub account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="membership_contacts",
    )

    class Meta:
        verbose_name = _("point of contact")
        verbose_name_plural = _("points of contact")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "email"], name="unique_contact_email_per_application"
            )
        ]

    def __str__(self):
        return self.name


class ApplicationDraft(models.Model):
    """An application the applicant saved to finish later, through the same signed link: the
    answers as typed (checked loosely), never an application. Sending the application, the
    applicant withdrawing the enquiry, or erasing or purging its personal data, deletes it."""

    enquiry = models.OneToOneField(
        MembershipEnquiry, on_delete=models.CASCADE, related_name="application_draft"
    )
    saved_at = models.DateTimeField(_("saved"), default=timezone.now)
    answers = models.JSONField(
        _("answers"),
        default=dict,
        help_text=_("The form's answers as typed: background, principles, consent, contacts."),
    )

    class Meta:
        verbose_name = _("saved application draft")

    def __str__(self):
        return str(_("Draft application for %(reference)s") % {"reference": self.enquiry.reference})


class Member(models.Model):
    """A confirmed member city."""

    enquiry = models.OneToOneField(
        MembershipEnquiry,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member",
    )
    city = models.CharField(_("city"), max_length=255)
    country = models.CharField(_("country"), max_length=255)
    region = models.CharField(_("region"), max_length=40, choices=Region.choices, db_index=True)
    joined_on = models.DateField(_("joined"), default=timezone.localdate)
    show_in_directory = models.BooleanField(
        _("shown in the public directory"),
        default=True,
        help_text=_("Untick to keep this member off the public member directory."),
    )
    # Where the city is, for the directory's map (drawn by the site itself).
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Degrees north (negative: south), e.g. 59.91 for Oslo. Shown on the map."),
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("Degrees east (negative: west), e.g. 10.75 for Oslo."),
    )

    panels = [
        FieldPanel("city"),
        FieldPanel("country"),
        FieldPanel("region"),
        FieldPanel("joined_on"),
        FieldPanel("show_in_directory"),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
    ]

    class Meta:
        verbose_name = _("member city")
        verbose_name_plural = _("member cities")
        ordering = ["city"]

    def __str__(self):
        return f"{self.city}, {self.country}" if self.country else self.city


class MemberDirectoryPage(Page):
    """The public list of member cities that agreed to be shown, grouped by region."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link", "ol", "ul"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("member directory page")

    def regions(self) -> list[dict]:
        """Each region (in the order of `Region`) that has public members, with its members."""
        by_region = {}
        for member in Member.objects.filter(show_in_directory=True).order_by(
            Lower("city"), "country"
        ):
            by_region.setdefault(member.region, []).append(member)
        return [
            {"value": value, "label": label, "members": by_region[value]}
            for value, label in Region.choices
            if value in by_region
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        regions = self.regions()
        context["regions"] = regions
        context["member_count"] = sum(len(region["members"]) for region in regions)
        context["member_map"] = member_map(regions)
        return context


def member_map(regions: list[dict]) -> dict:
    """What the directory's map draws: the land, and a dot for each listed member whose
    coordinates are known (membership_forms/world_map.py)."""
    dots = []
    for region in regions:
        for member in region["members"]:
            if member.latitude is not None and member.longitude is not None:
                x, y = world_map.project(member.latitude, member.longitude)
                dots.append({"member": member, "x": x, "y": y})
    return {
        "width": world_map.WIDTH,
        "height": world_map.HEIGHT,
        "land": world_map.LAND,
        "graticule": world_map.GRATICULE,
        "dots": dots,
    }


class MembershipEmail(models.Model):
    """The outbox: every email membership owes someone, from the enquiry's first two to the
    welcome. A row is saved in the same transaction as the change that calls for it and sent
    afterwards, by a task queued on commit or, should that task die, by the worker's sweep
    (see `emails.outbox_send`). `available_at` is when the row may next be tried: a sender
    claims a row by moving it into the future (a lease), so no two senders take the same
    row, and one killed mid-send leaves a lease that simply runs out. NULL once it needs no
    more tries: sent, nobody to send it to, or given up after failures (then it waits for
    `manage.py send_membership_emails`)."""

    class Kind(models.TextChoices):
        STAFF_NOTIFICATION = "staff_notification", _("New enquiry (to staff)")
        ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement of the enquiry")
        APPLICATION_INVITATION = "application_invitation", _("Invitation to apply")
        APPLICATION_RECEIVED = "application_received", _("Application received (to staff)")
        WELCOME = "welcome", _("Welcome and Online Hub account")
        DECLINE = "decline", _("Decline")
        APPLICATION_REMINDER = "application_reminder", _("Reminder to send the application")
        DIGEST = "digest", _("Daily digest (to a reviewer)")
        MEMBERSHIP_CONFIRMED = "membership_confirmed", _("Membership confirmed (to the applicant)")

    enquiry = models.ForeignKey(
        MembershipEnquiry,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="emails",
        help_text=_("Empty for an email about no one enquiry (a reviewer's daily digest)."),
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff recipient"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("For emails to one member of staff (the daily digest)."),
    )
    once_key = models.CharField(
        _("once-only key"),
        max_length=100,
        null=True,
        blank=True,
        unique=True,
        default=None,
        help_text=_(
            "For an email the scheduler owes at most once (e.g. digest:<user>:<day>): a second "
            "run that would owe it again finds the key taken."
        ),
    )
    contact = models.ForeignKey(
        ApplicationContact,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="emails",
        help_text=_("For emails to one point of contact."),
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    created_at = models.DateTimeField(_("queued"), default=timezone.now)
    available_at = models.DateTimeField(_("next try"), null=True, blank=True, default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(_("failed attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    language = models.CharField(
        _("language"),
        max_length=7,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language it was written in, once sent."),
    )

    class Meta:
        verbose_name = _("membership email")
        ordering = ["created_at", "pk"]
        indexes = [
            # The sweep's question, "which owed emails are due?", from a small index.
            models.Index(
                fields=["available_at"],
                condition=models.Q(available_at__isnull=False),
                name="membership_email_owed",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.enquiry_id or self.recipient_id})"


# Staff-editable email texts. Placeholders in braces are replaced by values; nothing else in
# the text is interpreted, so staff text can never run template code.
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
COMMON_PLACEHOLDERS = {
    "organisation_name": _("the network's name, from the site settings"),
    "reference": _("the enquiry's reference, e.g. SCN-2026-00042"),
    "city": _("the applicant's city"),
    "country": _("the applicant's country"),
    "contact_name": _("the name of the person the email goes to"),
}
EMAIL_PLACEHOLDERS = {
    MembershipEmail.Kind.APPLICATION_INVITATION: {
        **COMMON_PLACEHOLDERS,
        "application_link": _("the address of the applicant's own application form"),
        "link_expires": _("the last day that address works"),
    },
    MembershipEmail.Kind.WELCOME: {
        **COMMON_PLACEHOLDERS,
        "terms_of_reference_link": _("the Terms of Reference chosen in the site settings"),
        "hub_link": _("the address of the members' Online Hub"),
        "username": _("the contact's Online Hub username (their email address)"),
        "set_password_link": _("the contact's own address for choosing a password"),
        "set_password_link_expires": _("the last day that address works"),
    },
    MembershipEmail.Kind.DECLINE: COMMON_PLACEHOLDERS,
    MembershipEmail.Kind.APPLICATION_REMINDER: {
        **COMMON_PLACEHOLDERS,
        "application_link": _("the address of the applicant's own application form"),
        "link_expires": _("the last day that address works"),
    },
    MembershipEmail.Kind.MEMBERSHIP_CONFIRMED: {
        **COMMON_PLACEHOLDERS,
        "points_of_contact": _(
            "the names of the points of contact who were given Online Hub accounts"
        ),
        "terms_of_reference_link": _("the Terms of Reference chosen in the site settings"),
        "hub_link": _("the address of the members' Online Hub"),
    },
}
# Placeholders whose values are web addresses: links in the HTML version of an email.
LINK_PLACEHOLDERS = frozenset(
    {"application_link", "terms_of_reference_link", "hub_link", "set_password_link"}
)


def placeholder_help(kind: str) -> str:
    names = ", ".join(f"{{{name}}}" for name in EMAIL_PLACEHOLDERS[kind])
    return str(_("You can use these placeholders: %(names)s.")) % {"names": names}


placeholder_help_lazy = lazy(placeholder_help, str)


def unknown_placeholders(text: str, kind: str) -> list[str]:
    return sorted(
        {name for name in PLACEHOLDER.findall(text) if name not in EMAIL_PLACEHOLDERS[kind]}
    )


SUBJECT_MAX_LENGTH = 200
BODY_MAX_LENGTH = 6000
# The languages (besides English, the source) the editable emails have texts of their own in;
# each has a subject and a text field per email below, named <kind>_subject_<language>.
TRANSLATED_EMAIL_LANGUAGES = ("fr", "ar")


def translated_subject(default: str):
    return models.CharField(
        _("subject"), max_length=SUBJECT_MAX_LENGTH, blank=True, default=default
    )


def translated_body(kind: str, default: str):
    return models.TextField(
        _("text"),
        max_length=BODY_MAX_LENGTH,
        blank=True,
        default=default,
        help_text=placeholder_help_lazy(kind),
    )


def email_panels(suffix=""):
    return [
        MultiFieldPanel(
            [
                FieldPanel(f"application_invitation_subject{suffix}"),
                FieldPanel(f"application_invitation_body{suffix}"),
            ],
            heading=_("Invitation to apply"),
            help_text=_("Sent to the applicant when a reviewer sends the application form."),
        ),
        MultiFieldPanel(
            [FieldPanel(f"welcome_subject{suffix}"), FieldPanel(f"welcome_body{suffix}")],
            heading=_("Welcome"),
            help_text=_(
                "Sent to each point of contact when membership is confirmed, with their own "
                "link for choosing an Online Hub password."
            ),
        ),
        MultiFieldPanel(
            [FieldPanel(f"decline_subject{suffix}"), FieldPanel(f"decline_body{suffix}")],
            heading=_("Decline"),
            help_text=_(
                "Sent to the applicant and every point of contact of the application when an "
                "enquiry or application is declined."
            ),
        ),
        MultiFieldPanel(
            [
                FieldPanel(f"application_reminder_subject{suffix}"),
                FieldPanel(f"application_reminder_body{suffix}"),
            ],
            heading=_("Reminder to send the application"),
            help_text=_(
                "Sent once to an applicant who has not sent the application form back "
                "some working days after it was sent (MEMBERSHIP_APPLICATION_REMINDER_DAYS)."
            ),
        ),
        MultiFieldPanel(
            [
                FieldPanel(f"membership_confirmed_subject{suffix}"),
                FieldPanel(f"membership_confirmed_body{suffix}"),
            ],
            heading=_("Membership confirmed"),
            help_text=_(
                "Sent to the applicant when membership is confirmed, unless they are also one "
                "of the points of contact (who get the welcome instead). They get no Online "
                "Hub account of their own."
            ),
        ),
    ]


def fallback_help(language: str) -> str:
    message = _(
        "Applicants who wrote in %(language)s get these texts. While an email's subject or text "
        "is empty here, they get the English one instead, and the enquiry shows staff that it "
        "went out in English."
    ) % {"language": get_language_info(language)["name_translated"]}
    return format_html("<p>{}</p>", message)


def translated_tab(language: str):
    return ObjectList(
        [HelpPanel(content=lazy(fallback_help, str)(language)), *email_panels(f"_{language}")],
        heading=get_language_info(language)["name_translated"],
    )


@register_setting(icon="mail")
class MembershipEmailSettings(BaseGenericSetting):
    """The texts of the emails applicants and new members receive, in each language. Staff
    edit them under Settings; placeholders in braces are filled in for each email."""

    Kind = MembershipEmail.Kind

    application_invitation_subject = models.CharField(
        _("subject"), max_length=SUBJECT_MAX_LENGTH, default=email_defaults.INVITATION_SUBJECT
    )
    application_invitation_body = models.TextField(
        _("text"),
        max_length=BODY_MAX_LENGTH,
        default=email_defaults.INVITATION_BODY,
        help_text=placeholder_help_lazy(Kind.APPLICATION_INVITATION),
    )
    welcome_subject = models.CharField(
        _("subject"), max_length=SUBJECT_MAX_LENGTH, default=email_defaults.WELCOME_SUBJECT
    )
    welcome_body = models.TextField(
        _("text"),
        max_length=BODY_MAX_LENGTH,
        default=email_defaults.WELCOME_BODY,
        help_text=placeholder_help_lazy(Kind.WELCOME),
    )
    decline_subject = models.CharField(
        _("subject"), max_length=SUBJECT_MAX_LENGTH, default=email_defaults.DECLINE_SUBJECT
    )
    decline_body = models.TextField(
        _("text"),
        max_length=BODY_MAX_LENGTH,
        default=email_defaults.DECLINE_BODY,
        help_text=placeholder_help_lazy(Kind.DECLINE),
    )
    application_reminder_subject = models.CharField(
        _("subject"), max_length=SUBJECT_MAX_LENGTH, default=email_defaults.REMINDER_SUBJECT
    )
    application_reminder_body = models.TextField(
        _("text"),
        max_length=BODY_MAX_LENGTH,
        default=email_defaults.REMINDER_BODY,
        help_text=placeholder_help_lazy(Kind.APPLICATION_REMINDER),
    )
    membership_confirmed_subject = models.CharField(
        _("subject"), max_length=SUBJECT_MAX_LENGTH, default=email_defaults.CONFIRMED_SUBJECT
    )
    membership_confirmed_body = models.TextField(
        _("text"),
        max_length=BODY_MAX_LENGTH,
        default=email_defaults.CONFIRMED_BODY,
        help_text=placeholder_help_lazy(Kind.MEMBERSHIP_CONFIRMED),
    )

    application_invitation_subject_fr = translated_subject(email_defaults.INVITATION_SUBJECT_FR)
    application_invitation_body_fr = translated_body(
        Kind.APPLICATION_INVITATION, email_defaults.INVITATION_BODY_FR
    )
    welcome_subject_fr = translated_subject(email_defaults.WELCOME_SUBJECT_FR)
    welcome_body_fr = translated_body(Kind.WELCOME, email_defaults.WELCOME_BODY_FR)
    decline_subject_fr = translated_subject(email_defaults.DECLINE_SUBJECT_FR)
    decline_body_fr = translated_body(Kind.DECLINE, email_defaults.DECLINE_BODY_FR)
    application_reminder_subject_fr = translated_subject(email_defaults.REMINDER_SUBJECT_FR)
    application_reminder_body_fr = translated_body(
        Kind.APPLICATION_REMINDER, email_defaults.REMINDER_BODY_FR
    )
    membership_confirmed_subject_fr = translated_subject(email_defaults.CONFIRMED_SUBJECT_FR)
    membership_confirmed_body_fr = translated_body(
        Kind.MEMBERSHIP_CONFIRMED, email_defaults.CONFIRMED_BODY_FR
    )

    application_invitation_subject_ar = translated_subject(email_defaults.INVITATION_SUBJECT_AR)
    application_invitation_body_ar = translated_body(
        Kind.APPLICATION_INVITATION, email_defaults.INVITATION_BODY_AR
    )
    welcome_subject_ar = translated_subject(email_defaults.WELCOME_SUBJECT_AR)
    welcome_body_ar = translated_body(Kind.WELCOME, email_defaults.WELCOME_BODY_AR)
    decline_subject_ar = translated_subject(email_defaults.DECLINE_SUBJECT_AR)
    decline_body_ar = translated_body(Kind.DECLINE, email_defaults.DECLINE_BODY_AR)
    application_reminder_subject_ar = translated_subject(email_defaults.REMINDER_SUBJECT_AR)
    application_reminder_body_ar = translated_body(
        Kind.APPLICATION_REMINDER, email_defaults.REMINDER_BODY_AR
    )
    membership_confirmed_subject_ar = translated_subject(email_defaults.CONFIRMED_SUBJECT_AR)
    membership_confirmed_body_ar = translated_body(
        Kind.MEMBERSHIP_CONFIRMED, email_defaults.CONFIRMED_BODY_AR
    )

    edit_handler = TabbedInterface(
        [
            ObjectList(email_panels(), heading=get_language_info("en")["name_translated"]),
            *(translated_tab(language) for language in TRANSLATED_EMAIL_LANGUAGES),
        ]
    )

    class Meta:
        verbose_name = _("membership emails")

    def text_for(self, kind: str, language: str = "en") -> tuple[str, str, str]:
        """The email's subject and text in `language`, and the language they are in: English
        while that language has no subject or text of its own."""
        if language in TRANSLATED_EMAIL_LANGUAGES:
            subject = getattr(self, f"{kind}_subject_{language}")
            body = getattr(self, f"{kind}_body_{language}")
            if subject.strip() and body.strip():
                return subject, body, language
        return getattr(self, f"{kind}_subject"), getattr(self, f"{kind}_body"), "en"

    def clean(self):
        super().clean()
        errors = {}
        suffixes = ["", *(f"_{language}" for language in TRANSLATED_EMAIL_LANGUAGES)]
        for kind in EMAIL_PLACEHOLDERS:
            for part in ("subject", "body"):
                for suffix in suffixes:
                    name = f"{kind}_{part}{suffix}"
                    unknown = unknown_placeholders(getattr(self, name), kind)
                    if unknown:
                        errors[name] = _(
                            "We do not know the placeholder %(unknown)s, so it would be sent "
                            "as written. Check its spelling. %(help)s"
                        ) % {
                            "unknown": ", ".join(f"{{{name}}}" for name in unknown),
                            "help": placeholder_help(kind),
                        }
        if errors:
            raise ValidationError(errors)


class ReviewerPreferences(models.Model):
    """A member of staff's own choices about membership (Account › Notifications)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="membership_preferences",
    )
    daily_digest = models.BooleanField(
        _("daily membership digest"),
        default=True,
        help_text=_(
            "Each working morning, an email listing the enquiries assigned to you that are "
            "due or overdue, the enquiries nobody has taken yet and the applications received. "
            "Nothing is sent on a day with nothing to say."
        ),
    )

    class Meta:
        verbose_name = _("reviewer preferences")
        verbose_name_plural = _("reviewer preferences")

    def __str__(self):
        return str(self.user)
