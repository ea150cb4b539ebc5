"""Demo content for the membership office: about thirty enquiries in every state with a
plausible history, a reviewer account, the applications and member cities that go with them,
and the public member directory.

The history is made through the workflow's own rules in services.py, then dated in the past
with queryset updates, so that some enquiries are overdue and the dashboard's median response
time means something. Steps go through `services._transition`, the rules and history without
the emails and hub accounts the public steps add: the demo must not write to anyone.

Each piece is created once: an enquiry is skipped if one from its city already exists, so
running the loader again changes nothing. Names are fictional; addresses are example.org."""

import os
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify

from wagtail.rich_text import RichText

from home.demo import ensure_child
from home.models import HomePage
from home.selectors import current_principles

from . import services
from .models import (
    WAITING_ON_STAFF,
    Application,
    ApplicationContact,
    ContactKind,
    EnquiryEvent,
    MapsTo,
    Member,
    MemberDirectoryPage,
    MembershipEmail,
    MembershipEnquiry,
    MembershipEnquiryPage,
    Region,
)

REVIEWER_USERNAME = "reviewer"
REVIEWERS_GROUP = "Membership reviewers"

R = Region
LEAD = ContactKind.POLITICAL_LEAD
PRACTITIONER = ContactKind.PRACTITIONER
OTHER = ContactKind.OTHER


@dataclass(frozen=True)
class DemoEnquiry:
    city: str
    country: str
    region: str
    name: str
    role: str
    message: str
    received: float  # days ago
    steps: tuple = ()  # (step name, days ago), oldest first
    assigned: float | None = None  # days ago the reviewer took it on
    notes: tuple = ()  # (days ago, text)
    contacts: tuple = ()  # (name, job title, department, kind) for an application
    background: str = ""
    public: bool = True  # for a confirmed one: shown in the member directory


def application_steps(sent: float, received: float) -> tuple:
    return (("send_application", sent), ("receive_application", received))


ENQUIRIES = [
    # Confirmed members.
    DemoEnquiry(
        "Mombasa",
        "Kenya",
        R.SUB_SAHARAN_AFRICA,
        "Amina Wanjiru",
        "Adviser, County Commissioner's office",
        "Our county is building a prevention plan with coastal community groups and would "
        "like to compare notes with other port cities.",
        received=75.3,
        steps=(*application_steps(73.1, 60.4), ("confirm", 57.2)),
        assigned=74.9,
        contacts=(
            ("Amina Wanjiru", "Adviser", "County Commissioner's office", LEAD),
            (
                "Hassan Mwinyi",
                "Youth programme officer",
                "Department of Social Services",
                PRACTITIONER,
            ),
        ),
        background="A county action plan since 2021, run with faith leaders and youth groups "
        "in the coastal wards.",
    ),
    DemoEnquiry(
        "Tunis",
        "Tunisia",
        R.MIDDLE_EAST_NORTH_AFRICA,
        "Youssef Ben Salem",
        "Head of social affairs, municipality",
        "We want to learn how other capitals work with neighbourhood associations.",
        received=120.2,
        steps=(*application_steps(117.3, 101.1), ("confirm", 96.4)),
        assigned=119.8,
        contacts=(
            ("Youssef Ben Salem", "Head of social affairs", "Municipality of Tunis", LEAD),
            ("Leila Trabelsi", "Community centre coordinator", "Social affairs", PRACTITIONER),
            ("Sami Gharbi", "Sports and youth officer", "Youth directorate", OTHER),
        ),
        background="Neighbourhood centres offer sport, culture and mentoring to young people "
        "in districts where recruiters have been active.",
    ),
    DemoEnquiry(
        "Malmö",
        "Sweden",
        R.EUROPE,
        "Karin Lindqvist",
        "Safety and prevention coordinator",
        "We coordinate a municipal prevention network and would welcome peers abroad.",
        received=200.1,
        steps=(*application_steps(198.2, 181.3), ("confirm", 176.1)),
        assigned=199.9,
        contacts=(
            ("Karin Lindqvist", "Safety and prevention coordinator", "City office", LEAD),
            ("Johan Ek", "Social worker", "Exit and support team", PRACTITIONER),
        ),
        background="A city-wide prevention network joins schools, social services and the "
        "police, with a support team for people leaving violent groups.",
    ),
    DemoEnquiry(
        "Almaty",
        "Kazakhstan",
        R.CENTRAL_ASIA,
        "Dana Sultanova",
        "Chief specialist, youth policy department",
        "Our youth policy team would like training on online radicalisation.",
        received=50.2,
        steps=(*application_steps(48.1, 35.3), ("confirm", 30.2)),
        assigned=49.7,
        contacts=(
            ("Dana Sultanova", "Chief specialist", "Youth policy department", LEAD),
            ("Arman Bekov", "Psychologist", "Youth resource centre", PRACTITIONER),
        ),
        background="Youth resource centres in every district, with counsellors trained to "
        "spot early signs of online grooming.",
        public=False,
    ),
    DemoEnquiry(
        "Colombo",
        "Sri Lanka",
        R.SOUTH_ASIA,
        "Nimal Perera",
        "Senior assistant secretary, mayor's office",
        "After recent tensions our council set up interfaith dialogue and wants to do more.",
        received=65.1,
        steps=(*application_steps(62.2, 45.1), ("confirm", 41.3)),
        assigned=64.8,
        notes=((44.9, "Spoke to Nimal: the mayor has signed the mandate letter."),),
        contacts=(
            ("Nimal Perera", "Senior assistant secretary", "Mayor's office", LEAD),
            ("Tharushi Fernando", "Programme officer", "Interfaith council", PRACTITIONER),
        ),
        background="An interfaith council meets monthly with ward officials; schools host "
        "joint events for pupils of every faith.",
    ),
    DemoEnquiry(
        "Cebu City",
        "Philippines",
        R.SOUTH_EAST_ASIA,
        "Maria Santos",
        "Officer in charge, City Social Welfare",
        "We run reintegration support and would like to share what we have learned.",
        received=40.3,
        steps=(*application_steps(38.2, 25.1), ("confirm", 21.2)),
        assigned=39.9,
        contacts=(
            ("Maria Santos", "Officer in charge", "City Social Welfare", LEAD),
            ("Paolo Reyes", "Case manager", "Reintegration programme", PRACTITIONER),
        ),
        background="Case managers support returnees and their families with work, schooling "
        "and counselling.",
    ),
    DemoEnquiry(
        "Christchurch",
        "New Zealand",
        R.OCEANIA,
        "Aroha Walker",
        "Community resilience lead",
        "Our city wants to keep learning with others about community recovery and cohesion.",
        received=150.2,
        steps=(*application_steps(148.1, 131.2), ("confirm", 127.3)),
        assigned=149.9,
        contacts=(
            ("Aroha Walker", "Community resilience lead", "City council", LEAD),
            ("Tom Fraser", "Community adviser", "Neighbourhood support", PRACTITIONER),
        ),
        background="Community advisers work with faith and ethnic communities; a cohesion "
        "plan came out of consultation across the city.",
    ),
    DemoEnquiry(
        "Medellín",
        "Colombia",
        R.LATIN_AMERICA_CARIBBEAN,
        "Camila Restrepo",
        "Adviser, Secretariat of Security",
        "We would like to exchange experience on preventing youth recruitment by armed groups.",
        received=30.1,
        steps=(*application_steps(27.3, 16.2), ("confirm", 12.1)),
        assigned=29.8,
        contacts=(
            ("Camila Restrepo", "Adviser", "Secretariat of Security", LEAD),
            ("Andrés Gómez", "Coordinator", "Youth opportunity programme", PRACTITIONER),
        ),
        background="Youth opportunity programmes in the hillside districts, with mentoring "
        "and paid apprenticeships.",
        public=False,
    ),
    # Applications waiting for a decision (some overdue).
    DemoEnquiry(
        "Accra",
        "Ghana",
        R.SUB_SAHARAN_AFRICA,
        "Kwame Mensah",
        "Director of social development, Metropolitan Assembly",
        "The Assembly wants to prepare for risks spreading from the Sahel.",
        received=34.2,
        steps=application_steps(31.1, 2.1),
        assigned=33.8,
        contacts=(
            ("Kwame Mensah", "Director of social development", "Metropolitan Assembly", LEAD),
            ("Efua Asante", "Community liaison officer", "Assembly outreach", PRACTITIONER),
        ),
        background="Early-warning committees in the markets and lorry stations report to "
        "the Assembly.",
    ),
    DemoEnquiry(
        "Amman",
        "Jordan",
        R.MIDDLE_EAST_NORTH_AFRICA,
        "Rania Haddad",
        "Community development manager, Greater Amman Municipality",
        "We run youth centres and would like to learn from other cities hosting refugees.",
        received=28.1,
        steps=application_steps(26.2, 9.3),
        assigned=27.9,
        contacts=(
            ("Rania Haddad", "Community development manager", "Greater Amman Municipality", LEAD),
            ("Omar Khalil", "Youth worker", "Community centres", PRACTITIONER),
        ),
        background="Community centres bring host and refugee young people together in "
        "sport and volunteering.",
    ),
    DemoEnquiry(
        "Sarajevo",
        "Bosnia and Herzegovina",
        R.EUROPE,
        "Emir Kovačević",
        "Adviser to the mayor",
        "The city would like support for a new local prevention plan.",
        received=22.3,
        steps=application_steps(20.1, 7.2),
        assigned=21.9,
        notes=((6.8, "Application in. Only one contact so far; asked for a practitioner."),),
        contacts=(("Emir Kovačević", "Adviser to the mayor", "Mayor's office", LEAD),),
        background="A local action plan is being drafted with schools and the youth council.",
    ),
    DemoEnquiry(
        "Dhaka",
        "Bangladesh",
        R.SOUTH_ASIA,
        "Farhana Rahman",
        "Social development officer, City Corporation",
        "We want to involve ward councillors in prevention and would value guidance.",
        received=19.2,
        steps=application_steps(17.1, 1.2),
        contacts=(
            ("Farhana Rahman", "Social development officer", "City Corporation", LEAD),
            ("Rafiq Islam", "Teacher trainer", "Education department", PRACTITIONER),
        ),
        background="Ward councillors host community meetings; teachers are trained to talk "
        "with pupils about online hate.",
    ),
    DemoEnquiry(
        "Surabaya",
        "Indonesia",
        R.SOUTH_EAST_ASIA,
        "Budi Santoso",
        "Head of section, national unity and politics agency",
        "We work with religious leaders and would like to meet cities doing the same.",
        received=26.1,
        steps=application_steps(23.2, 12.1),
        assigned=25.8,
        contacts=(
            ("Budi Santoso", "Head of section", "National unity and politics agency", LEAD),
            ("Sri Wahyuni", "Programme officer", "Religious harmony forum", OTHER),
        ),
        background="A religious harmony forum meets in every district; the city funds small "
        "community projects it proposes.",
    ),
    # Application forms sent, waiting for the applicant.
    DemoEnquiry(
        "Bishkek",
        "Kyrgyzstan",
        R.CENTRAL_ASIA,
        "Aigerim Toktogulova",
        "Specialist, mayor's office",
        "We would like to learn about working with families of people who travelled abroad "
        "to fight.",
        received=10.2,
        steps=(("send_application", 8.1),),
        assigned=9.9,
    ),
    DemoEnquiry(
        "Montréal",
        "Canada",
        R.NORTH_AMERICA,
        "Julie Tremblay",
        "Adviser, prevention team",
        "Our team supports schools and families worried about radicalisation.",
        received=15.1,
        steps=(("send_application", 13.2),),
        assigned=14.9,
    ),
    DemoEnquiry(
        "Rotterdam",
        "Netherlands",
        R.EUROPE,
        "Sanne de Vries",
        "Policy adviser, public safety",
        "We are updating our approach to polarisation and want to compare notes.",
        received=6.1,
        steps=(("send_application", 5.2),),
        assigned=5.9,
    ),
    DemoEnquiry(
        "Kigali",
        "Rwanda",
        R.SUB_SAHARAN_AFRICA,
        "Jean-Paul Habimana",
        "Director of social affairs, City of Kigali",
        "The city would like to share its experience of reconciliation work.",
        received=21.3,
        steps=(("send_application", 18.1),),
        assigned=20.9,
        notes=((4.1, "Reminded Jean-Paul about the form; he expects the mayor's letter soon."),),
    ),
    DemoEnquiry(
        "Quito",
        "Ecuador",
        R.LATIN_AMERICA_CARIBBEAN,
        "Diego Morales",
        "Coordinator, citizen security",
        "We are starting work on prevention in schools and want to learn from others.",
        received=12.2,
        steps=(("send_application", 11.1),),
        assigned=11.9,
    ),
    # New enquiries: some just in, some overdue, one reopened.
    DemoEnquiry(
        "Minneapolis",
        "United States",
        R.NORTH_AMERICA,
        "Sarah Johnson",
        "Program manager, neighborhood safety",
        "We would like to connect with cities working on hate-motivated violence.",
        received=0.2,
    ),
    DemoEnquiry(
        "Suva",
        "Fiji",
        R.OCEANIA,
        "Litia Naidu",
        "Community development officer, city council",
        "Our council is new to this work and would like to learn from the region.",
        received=1.4,
    ),
    DemoEnquiry(
        "Casablanca",
        "Morocco",
        R.MIDDLE_EAST_NORTH_AFRICA,
        "Karim El Idrissi",
        "Project manager, commune",
        "We run sport and culture programmes for young people and want to grow them.",
        received=8.2,
        assigned=7.9,
        notes=(
            (7.8, "Asked whether membership costs anything; replied by phone that it is free."),
        ),
    ),
    DemoEnquiry(
        "Ulaanbaatar",
        "Mongolia",
        R.EAST_ASIA,
        "Bolor Ganbaatar",
        "Officer, governor's office",
        "We would like to learn about community policing and prevention.",
        received=12.1,
    ),
    DemoEnquiry(
        "Karachi",
        "Pakistan",
        R.SOUTH_ASIA,
        "Ayesha Siddiqui",
        "Deputy director, social welfare",
        "Our department works with madrassa teachers and parents and wants to share practice.",
        received=2.6,
        assigned=2.1,
    ),
    DemoEnquiry(
        "Kaohsiung",
        "Taiwan",
        R.EAST_ASIA,
        "Lin Mei-ling",
        "Section chief, social affairs bureau",
        "We would like to join on behalf of the city's social affairs bureau.",
        received=60.1,
        steps=(("decline", 57.2), ("reopen", 6.1)),
        assigned=59.8,
        notes=(
            (57.3, "The first enquiry came from a consultancy, not the city."),
            (6.2, "The city's own bureau wrote to us: reopened."),
        ),
    ),
    # Declined.
    DemoEnquiry(
        "Leeds",
        "United Kingdom",
        R.EUROPE,
        "Mark Phillips",
        "Director, private security firm",
        "We sell training to councils and would like to present our services to members.",
        received=45.1,
        steps=(("decline", 42.3),),
        assigned=44.9,
        notes=((42.4, "A company, not a local authority. Pointed them to our partners page."),),
    ),
    DemoEnquiry(
        "Valparaíso",
        "Chile",
        R.LATIN_AMERICA_CARIBBEAN,
        "Ignacio Fuentes",
        "Researcher, university institute",
        "Our institute studies youth violence in the port districts.",
        received=90.2,
        steps=(*application_steps(88.1, 70.3), ("decline", 66.2)),
        assigned=89.9,
        contacts=(
            ("Ignacio Fuentes", "Researcher", "University institute", OTHER),
            ("Paula Rojas", "Research assistant", "University institute", OTHER),
        ),
        background="University research on youth violence; no agreement with the municipality yet.",
        notes=(
            (
                66.3,
                "No mandate from the municipality. Invited them to apply with the mayor's office.",
            ),
        ),
    ),
    DemoEnquiry(
        "Osaka",
        "Japan",
        R.EAST_ASIA,
        "Kenji Watanabe",
        "Student",
        "I am writing a thesis on city networks and would like to join.",
        received=20.3,
        steps=(("decline", 18.1),),
        assigned=19.9,
    ),
    # Withdrawn.
    DemoEnquiry(
        "Tbilisi",
        "Georgia",
        R.EUROPE,
        "Nino Beridze",
        "Adviser, city hall",
        "City hall would like to learn from other capitals about youth outreach.",
        received=55.2,
        steps=(("send_application", 53.1), ("withdraw", 40.2)),
        assigned=54.9,
        notes=((40.3, "New administration after the elections; they will write again."),),
    ),
    DemoEnquiry(
        "Da Nang",
        "Viet Nam",
        R.SOUTH_EAST_ASIA,
        "Nguyen Thi Lan",
        "Officer, foreign affairs department",
        "We are exploring international city networks.",
        received=33.1,
        steps=(("withdraw", 31.2),),
        assigned=32.9,
    ),
    # Spam.
    DemoEnquiry(
        "Rank Booster",
        "",
        "",
        "Best SEO Agency",
        "Marketing",
        "Get your website to the top of search results in 7 days! Cheap links.",
        received=14.2,
        steps=(("mark_spam", 13.9),),
    ),
    DemoEnquiry(
        "Lucky Wallet",
        "",
        "",
        "Crypto Giveaway Team",
        "Prize department",
        "Congratulations, you have won. Send your wallet address to claim.",
        received=3.1,
        steps=(("mark_spam", 2.9),),
    ),
]

# Members who joined before the online enquiry form, to give the directory its breadth.
FOUNDING_MEMBERS = [
    ("Oslo", "Norway", R.EUROPE, True),
    ("Antwerp", "Belgium", R.EUROPE, True),
    ("Beirut", "Lebanon", R.MIDDLE_EAST_NORTH_AFRICA, True),
    ("Nairobi", "Kenya", R.SUB_SAHARAN_AFRICA, True),
    ("Dushanbe", "Tajikistan", R.CENTRAL_ASIA, True),
    ("Hyderabad", "India", R.SOUTH_ASIA, False),
    ("Seoul", "Republic of Korea", R.EAST_ASIA, True),
    ("Kuala Lumpur", "Malaysia", R.SOUTH_EAST_ASIA, True),
    ("Melbourne", "Australia", R.OCEANIA, True),
    ("Denver", "United States", R.NORTH_AMERICA, True),
    ("Mexico City", "Mexico", R.LATIN_AMERICA_CARIBBEAN, True),
    ("Port of Spain", "Trinidad and Tobago", R.LATIN_AMERICA_CARIBBEAN, True),
]

# Where the demo's member cities are (degrees north, degrees east), for the directory's map.
COORDINATES = {
    ("Oslo", "Norway"): (59.91, 10.75),
    ("Antwerp", "Belgium"): (51.22, 4.40),
    ("Beirut", "Lebanon"): (33.89, 35.50),
    ("Nairobi", "Kenya"): (-1.29, 36.82),
    ("Dushanbe", "Tajikistan"): (38.56, 68.79),
    ("Hyderabad", "India"): (17.39, 78.49),
    ("Seoul", "Republic of Korea"): (37.57, 126.98),
    ("Kuala Lumpur", "Malaysia"): (3.14, 101.69),
    ("Melbourne", "Australia"): (-37.81, 144.96),
    ("Denver", "United States"): (39.74, -104.99),
    ("Mexico City", "Mexico"): (19.43, -99.13),
    ("Port of Spain", "Trinidad and Tobago"): (10.65, -61.51),
    ("Mombasa", "Kenya"): (-4.04, 39.67),
    ("Tunis", "Tunisia"): (36.81, 10.18),
    ("Malmö", "Sweden"): (55.60, 13.00),
    ("Almaty", "Kazakhstan"): (43.24, 76.89),
    ("Colombo", "Sri Lanka"): (6.93, 79.86),
    ("Cebu City", "Philippines"): (10.32, 123.89),
    ("Christchurch", "New Zealand"): (-43.53, 172.64),
    ("Medellín", "Colombia"): (6.24, -75.58),
}


def place_members() -> None:
    """Give the demo's member cities their coordinates (those an editor set are kept)."""
    for member in Member.objects.filter(latitude__isnull=True):
        point = COORDINATES.get((member.city, member.country))
        if point:
            member.latitude, member.longitude = point
            member.save(update_fields=["latitude", "longitude"])


def email_for(name: str) -> str:
    return f"{slugify(name).replace('-', '.')}@example.org"


def load_reviewer():
    """The `reviewer` account, in the reviewers' group (made here or by its migration).
    Outside DEBUG, it gets a password only from DEMO_REVIEWER_PASSWORD."""
    User = get_user_model()
    user = User.objects.filter(username=REVIEWER_USERNAME).first()
    if user is None:
        user = User(
            username=REVIEWER_USERNAME,
            email="reviewer@example.org",
            first_name="Rosa",
            last_name="Reviewer",
        )
        password = os.environ.get("DEMO_REVIEWER_PASSWORD") or (
            "changeme-reviewer" if settings.DEBUG else None
        )
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get_or_create(name=REVIEWERS_GROUP)[0])
    return user


def load_enquiry_page(home: HomePage) -> MembershipEnquiryPage:
    """The enquiry page the enquiries belong to: the one at /join/ (the enquiry form's own
    demo usually made it already), or a plain one."""
    return ensure_child(
        home,
        MembershipEnquiryPage,
        "join",
        title="Join the network",
        show_in_menus=True,
        to_address="membership@strongcities.example",
        subject="Membership enquiry",
    )


def load_directory(home: HomePage) -> MemberDirectoryPage:
    return MemberDirectoryPage.objects.first() or ensure_child(
        home,
        MemberDirectoryPage,
        "members",
        title="Member cities",
        show_in_menus=True,
        search_description="The cities, towns and regions that belong to the network.",
        intro=RichText(
            "<p>Member cities come from every part of the world. Each brings its own "
            "experience of keeping communities safe and cohesive, and each has committed to "
            "the network's principles. Some members prefer not to be listed here.</p>"
        ),
    )


def answers_for(page: MembershipEnquiryPage, entry: DemoEnquiry) -> dict:
    """What the applicant typed, keyed by the page's own form fields."""
    mapped = {
        MapsTo.CONTACT_NAME: entry.name,
        MapsTo.CONTACT_EMAIL: email_for(entry.name),
        MapsTo.CITY: entry.city,
        MapsTo.COUNTRY: entry.country,
        MapsTo.REGION: str(Region(entry.region).label) if entry.region else "",
        MapsTo.ORGANISATION: entry.role,
    }
    fields = list(page.form_fields.all())
    if not fields:
        return {**{str(k): v for k, v in mapped.items()}, "message": entry.message}
    return {
        f.clean_name: mapped.get(f.maps_to)
        or (entry.message if f.field_type == "multiline" else "")
        for f in fields
    }


class Clock:
    """Dates each event, made now through the services, at its moment in the past."""

    def __init__(self, now: datetime):
        self.now = now

    def at(self, days_ago: float) -> datetime:
        return self.now - timedelta(days=days_ago)

    def date_last_event(self, enquiry: MembershipEnquiry, days_ago: float, *, step=False):
        """Date the enquiry's latest event; after a step into a waiting state, the wait
        starts then too."""
        when = self.at(days_ago)
        latest = enquiry.events.order_by("-pk").values_list("pk", flat=True)[:1]
        EnquiryEvent.objects.filter(pk__in=list(latest)).update(created_at=when)
        if step and enquiry.status in WAITING_ON_STAFF:
            MembershipEnquiry.objects.filter(pk=enquiry.pk).update(waiting_since=when)
            enquiry.waiting_since = when


def load_application(enquiry, entry: DemoEnquiry, submitted_at, principles) -> None:
    application = Application.objects.create(
        enquiry=enquiry,
        submitted_at=submitted_at,
        background=entry.background,
        principles=principles,
        data_consent=True,
    )
    ApplicationContact.objects.bulk_create(
        ApplicationContact(
            application=application,
            name=name,
            job_title=job_title,
            department=department,
            email=email_for(name),
            kind=kind,
        )
        for name, job_title, department, kind in entry.contacts
    )


def load_enquiry(page, entry: DemoEnquiry, reviewer, clock: Clock, principles) -> None:
    received = clock.at(entry.received)
    enquiry = MembershipEnquiry.objects.create(
        page=page,
        submit_time=received,
        contact_name=entry.name,
        contact_email=email_for(entry.name),
        organisation=entry.role,
        city=entry.city,
        country=entry.country,
        region=entry.region,
        form_data=answers_for(page, entry),
    )
    # Its first two emails went out when it arrived.
    MembershipEmail.objects.bulk_create(
        MembershipEmail(
            enquiry=enquiry, kind=kind, created_at=received, sent_at=received, available_at=None
        )
        for kind in services.ENQUIRY_EMAIL_KINDS
    )
    # Assignment and notes go in among the steps, in the order they happened.
    moments = [(days, "step", name) for name, days in entry.steps]
    if entry.assigned is not None:
        moments.append((entry.assigned, "assign", None))
    moments += [(days, "note", text) for days, text in entry.notes]
    for days_ago, kind, value in sorted(moments, key=lambda m: -m[0]):
        if kind == "assign":
            services.enquiry_assign(enquiry=enquiry, by=reviewer, assignee=reviewer)
        elif kind == "note":
            services.enquiry_add_note(enquiry=enquiry, by=reviewer, text=value)
        else:
            if value == "receive_application":
                load_application(enquiry, entry, clock.at(days_ago), principles)
            by = None if value == "receive_application" else reviewer
            services._transition(enquiry=enquiry, name=value, by=by)
        clock.date_last_event(enquiry, days_ago, step=kind == "step")
    if entry.steps and entry.steps[-1][0] == "confirm":
        Member.objects.get_or_create(
            enquiry=enquiry,
            defaults={
                "city": entry.city,
                "country": entry.country,
                "region": entry.region,
                "joined_on": timezone.localdate(clock.at(entry.steps[-1][1])),
                "show_in_directory": entry.public,
            },
        )


def load_founding_members(clock: Clock) -> None:
    for index, (city, country, region, public) in enumerate(FOUNDING_MEMBERS):
        Member.objects.get_or_create(
            city=city,
            country=country,
            defaults={
                "region": region,
                "joined_on": timezone.localdate(clock.at(900 + 30 * index)),
                "show_in_directory": public,
            },
        )


def load(home: HomePage) -> MemberDirectoryPage:
    reviewer = load_reviewer()
    page = load_enquiry_page(home)
    clock = Clock(timezone.now())
    principles = [{"id": p.slug, "title": p.title} for p in current_principles()]
    existing = set(MembershipEnquiry.objects.values_list("city", "country"))
    # Oldest first, so that references follow the order of arrival.
    for entry in sorted(ENQUIRIES, key=lambda e: -e.received):
        if (entry.city, entry.country) not in existing:
            load_enquiry(page, entry, reviewer, clock, principles)
    load_founding_members(clock)
    place_members()
    return load_directory(home)
