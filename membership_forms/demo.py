"""Demo content: the "Join the network" enquiry page, linked from the home page's call to
action. Created once; an existing page (perhaps edited since) is left alone."""

from wagtail.rich_text import RichText

from home.demo import ensure_child, ensure_translation
from home.models import HomePage

from .models import FormField, MapsTo, MembershipEnquiryPage, Region

FIELDS = [
    {"label": "Your name", "field_type": "singleline", "maps_to": MapsTo.CONTACT_NAME},
    {
        "label": "Your role",
        "field_type": "singleline",
        "maps_to": MapsTo.ORGANISATION,
        "help_text": "Your job title and the office, department or agency you work for.",
    },
    {"label": "City", "field_type": "singleline", "maps_to": MapsTo.CITY},
    {"label": "Country", "field_type": "singleline", "maps_to": MapsTo.COUNTRY},
    {
        "label": "Region",
        "field_type": "dropdown",
        "maps_to": MapsTo.REGION,
        "choices": "\n".join(str(label) for label in Region.labels),
    },
    {
        "label": "Email address",
        "field_type": "email",
        "maps_to": MapsTo.CONTACT_EMAIL,
        "help_text": "We will send our answer and your application form here.",
    },
    {
        "label": "Phone number",
        "field_type": "singleline",
        "required": False,
        "help_text": "With the country code, e.g. +44 20 7946 0000.",
    },
    {
        "label": "Why would your city like to join?",
        "field_type": "multiline",
        "help_text": "A few sentences are enough: what your city hopes to learn or share.",
    },
]


def load_enquiry_page(home: HomePage) -> MembershipEnquiryPage:
    existing = MembershipEnquiryPage.objects.child_of(home).filter(slug="join").first()
    if existing:
        return existing
    form_fields = [FormField(sort_order=index, **field) for index, field in enumerate(FIELDS)]
    return ensure_child(
        home,
        MembershipEnquiryPage,
        "join",
        title="Join the network",
        show_in_menus=True,
        search_description="Ask to join the network on behalf of your city, town or region.",
        intro=RichText(
            "<p>If you work for your city, town or region, either on the political or policy "
            "team or as a practitioner in a frontline service, tell us a little about "
            "yourself and your city here.</p><p>We answer every enquiry within two to three "
            "working days and then send you a short application form.</p>"
        ),
        thank_you_text=RichText(
            "<p>Our next email will include a short application form asking for two or "
            "three points of contact in your city and some background on local "
            "prevention work. Ideally one contact speaks for the mayor's office or policy "
            "team, and another works on prevention in practice.</p>"
        ),
        to_address="membership@strongcities.example",
        subject="Membership enquiry",
        form_fields=form_fields,
    )


def link_call_to_action(home: HomePage, page: MembershipEnquiryPage) -> None:
    if home.call_to_action_page_id:
        return
    home.call_to_action_page = page
    home.call_to_action_label = home.call_to_action_label or "Ask to join the network"
    home.save_revision().publish()


def load(home: HomePage) -> MembershipEnquiryPage:
    page = load_enquiry_page(home)
    link_call_to_action(home, page)
    return page


# The join page in French and Arabic (issue 11): its words and its fields' labels, by the
# fields' stored names, which stay the English page's (and so do the columns they fill).
TRANSLATIONS = {
    "fr": {
        "title": "Rejoindre le réseau",
        "search_description": (
            "Demandez à rejoindre le réseau au nom de votre ville, de votre commune ou de votre "
            "région."
        ),
        "intro": RichText(
            "<p>Si vous travaillez pour votre ville, votre commune ou votre région, au sein de "
            "l’équipe politique ou de l’équipe chargée des politiques publiques, ou comme "
            "professionnel d’un service de terrain, présentez-vous ici en quelques mots, "
            "ainsi que votre ville.</p><p>Nous répondons à chaque demande sous deux à trois "
            "jours ouvrés, puis nous vous envoyons un court formulaire de candidature.</p>"
        ),
        "thank_you_text": RichText(
            "<p>Notre prochain e-mail comprendra un court formulaire de candidature qui vous "
            "demandera deux ou trois personnes de contact dans votre ville, ainsi que quelques "
            "éléments sur le travail de prévention mené sur place. Idéalement, l’une parle au "
            "nom du cabinet du maire ou de l’équipe chargée des politiques publiques, et une "
            "autre travaille concrètement à la prévention.</p>"
        ),
        "fields": {
            "your_name": ("Votre nom", ""),
            "your_role": (
                "Votre fonction",
                "L’intitulé de votre poste et le cabinet, le service ou l’organisme pour "
                "lequel vous travaillez.",
            ),
            "city": ("Ville", ""),
            "country": ("Pays", ""),
            "region": ("Région", ""),
            "email_address": (
                "Adresse e-mail",
                "Nous vous enverrons à cette adresse notre réponse et votre formulaire de "
                "candidature.",
            ),
            "phone_number": (
                "Numéro de téléphone",
                "Avec l’indicatif du pays, par exemple +44 20 7946 0000.",
            ),
            "why_would_your_city_like_to_join": (
                "Pourquoi votre ville souhaite-t-elle rejoindre le réseau\u00a0?",
                "Quelques phrases suffisent : ce que votre ville espère apprendre ou partager.",
            ),
        },
    },
    "ar": {
        "title": "انضمّ إلى الشبكة",
        "search_description": "اطلب انضمام مدينتك أو بلدتك أو إقليمك إلى الشبكة.",
        "intro": RichText(
            "<p>إذا كنت تعمل لدى مدينتك أو بلدتك أو إقليمك، سواء في الفريق السياسي أو فريق "
            "السياسات أو عاملًا ميدانيًا في إحدى الخدمات المباشرة، فعرّفنا هنا بنفسك وبمدينتك "
            "في بضعة أسطر.</p><p>نردّ على كل طلب في غضون يومين إلى ثلاثة أيام عمل، ثم نرسل إليك "
            "استمارة طلب قصيرة.</p>"
        ),
        "thank_you_text": RichText(
            "<p>ستجد في رسالتنا القادمة استمارة طلب قصيرة نسألك فيها عن شخصين أو ثلاثة أشخاص "
            "للتواصل في مدينتك، وعن لمحة عن العمل الوقائي فيها. ويُستحسن أن يتحدث أحدهم باسم "
            "مكتب رئيس البلدية أو فريق السياسات، وأن يعمل آخر في الوقاية على أرض الواقع.</p>"
        ),
        "fields": {
            "your_name": ("الاسم", ""),
            "your_role": (
                "المنصب",
                "مسمّاك الوظيفي والمكتب أو الإدارة أو الجهة التي تعمل فيها.",
            ),
            "city": ("المدينة", ""),
            "country": ("البلد", ""),
            "region": ("المنطقة", ""),
            "email_address": (
                "البريد الإلكتروني",
                "سنرسل ردّنا واستمارة الطلب إلى هذا العنوان.",
            ),
            "phone_number": (
                "رقم الهاتف",
                "مع رمز البلد، مثل \u2066+44 20 7946 0000\u2069.",
            ),
            "why_would_your_city_like_to_join": (
                "لماذا ترغب مدينتك في الانضمام إلى الشبكة؟",
                "تكفي بضع جمل: ما الذي تأمل مدينتك أن تتعلّمه من الشبكة أو تشاركه معها.",
            ),
        },
    },
}


def load_translations(home: HomePage) -> None:
    """The join page in French and Arabic, under the translated home pages (whose call to
    action then leads to it: HomePage.call_to_action_target)."""
    page = MembershipEnquiryPage.objects.child_of(home).filter(slug="join").first()
    if page is None:
        return
    for language_code, words in TRANSLATIONS.items():
        words = dict(words)
        labels = words.pop("fields")
        ensure_translation(
            page,
            language_code,
            edit=lambda form, labels=labels: translate_fields(form, labels),
            **words,
        )


def translate_fields(page: MembershipEnquiryPage, labels: dict[str, tuple[str, str]]) -> None:
    fields = list(page.form_fields.all())
    for field in fields:
        if field.clean_name in labels:
            field.label, help_text = labels[field.clean_name]
            field.help_text = help_text or field.help_text
    page.form_fields = fields
