"""Demo content for the site's frame and the pages about the network itself: the home page,
about and privacy pages, site settings, principles, myths and facts, funding, the Terms of
Reference and the members' Online Hub. Each piece is created once: what already exists
(perhaps edited since) is left alone, so running the loader again changes nothing."""

import re
from urllib.parse import urlsplit

from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.utils.html import strip_tags

from wagtail.documents import get_document_model
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from .demo_pdf import make_pdf
from .models import (
    Funder,
    FundingPage,
    HomePage,
    HubPage,
    MythBustingPage,
    Principle,
    PrinciplesPage,
    SiteSettings,
    StandardPage,
)
from .services import hub_restrict_to_members


def ensure_child(parent: Page, model, slug: str, **fields):
    """The live child of `parent` at `slug`, created and published if it is missing."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
    return page


def ensure_translation(
    page: Page, language_code: str, edit=None, synced: bool = True, **fields
) -> Page:
    """The live translation of `page` in that language, made with wagtail-localize (the
    parent's translation must exist) and given `fields`, then `edit(translation)`, if it is
    missing. An existing one (perhaps edited since) is left alone. A synced translation is
    edited in wagtail-localize's translation editor, which starts with every string
    translated; the others in Wagtail's own editor."""
    locale = Locale.objects.get(language_code=language_code)
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    source, _ = TranslationSource.get_or_create_from_instance(page)
    translation, _ = source.create_or_update_translation(locale, publish=False, fallback=True)
    translation = translation.specific
    for name, value in fields.items():
        setattr(translation, name, value)
    if edit is not None:
        edit(translation)
    translation.save_revision().publish()
    if synced:
        record_string_translations(source, translation)
        Translation.objects.get_or_create(source=source, target_locale=locale)
    return translation


UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def record_string_translations(source: TranslationSource, translation: Page) -> None:
    """Each of the source's strings, as `translation` words it, in wagtail-localize's
    translation memory: its editor then shows the page as translated, and keeps these words
    when it updates the translation from a changed English page."""
    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    translated = [
        segment
        for segment in extract_segments(translation)
        if isinstance(segment, StringSegmentValue)
    ]
    for segment, value in zip(segments.order_by("order"), translated, strict=True):
        if UUID.sub("", segment.context.path) != UUID.sub("", value.path):
            raise ValueError(f"{translation}: {value.path} has no counterpart in the source")
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=translation.locale,
            context=segment.context,
            defaults={
                "data": value.string.data,
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
            },
        )


def load_home() -> HomePage:
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    if home.latest_revision_id:
        return home
    home.title = "Home"
    home.seo_title = "Strong Cities Network: cities working together against violent extremism"
    home.search_description = (
        "A global network of mayors, policy makers and frontline practitioners who share "
        "what works in building cohesive, resilient communities."
    )
    home.hero_heading = "Cities working together against violent extremism"
    home.hero_text = (
        "We link mayors, policy teams and frontline practitioners in cities, towns and regions "
        "on every continent, so that what works in one place can help another."
    )
    home.body = RichText(
        "<p>Local leaders are closest to the people they serve, which puts them in the best "
        "position to notice tensions early and to bring communities together. The network "
        "gives them a place to compare notes, learn from each other and adapt good practice "
        "to their own setting, rather than follow a single template.</p>"
    )
    home.save_revision().publish()
    return home


def load_about(home: HomePage) -> StandardPage:
    body = [
        ("heading", {"text": "Who we are", "level": "h2"}),
        (
            "paragraph",
            RichText(
                "<p>The network brings together municipal leaders and practitioners from "
                "member cities in every major region of the world. Each city arrives with its "
                "own experience, and its own challenges, of violent extremism.</p>"
            ),
        ),
        ("heading", {"text": "What we do", "level": "h2"}),
        (
            "paragraph",
            RichText(
                "<ul><li>Training and capacity building for city staff</li>"
                "<li>Research on what helps local prevention work</li>"
                "<li>Support for cities putting projects into practice</li>"
                "<li>Learning resources written for local teams</li></ul>"
            ),
        ),
        (
            "quote",
            {
                "quote": "There is no blueprint: what matters is knowing why something worked "
                "somewhere, and whether it can work here.",
                "attribution": "The network's approach to good practice",
            },
        ),
    ]
    return ensure_child(
        home,
        StandardPage,
        "about",
        title="About the network",
        show_in_menus=True,
        introduction=(
            "A global network of cities that learn from one another how to keep communities "
            "safe, cohesive and resilient."
        ),
        search_description="Who the network brings together and what it does.",
        body=body,
    )


def load_privacy(home: HomePage) -> StandardPage:
    body = [
        (
            "paragraph",
            RichText(
                "<p>We only ask for the details we need to answer a membership enquiry and to "
                "run the network. We never sell them, and we keep them no longer than needed. "
                "You can ask us at any time to see or erase what we hold about you.</p>"
            ),
        )
    ]
    return ensure_child(
        home,
        StandardPage,
        "privacy",
        title="Privacy policy",
        show_in_menus=False,
        introduction="How we handle the personal details you share with us.",
        body=body,
    )


def load_site_settings(home: HomePage, privacy: StandardPage) -> SiteSettings:
    site = Site.objects.get(root_page=home)
    if SiteSettings.objects.filter(site=site).exists():
        return SiteSettings.for_site(site)
    settings = SiteSettings(site=site)
    settings.organisation_name = "Strong Cities Network"
    settings.contact_email = "info@strongcities.example"
    settings.footer_text = (
        "A global network of cities building social cohesion and resilience against violent "
        "extremism in all its forms."
    )
    settings.footer_text_fr = (
        "Un réseau mondial de villes qui renforcent la cohésion sociale et la résilience face "
        "à l'extrémisme violent sous toutes ses formes."
    )
    settings.footer_text_ar = (
        "شبكة عالمية من المدن تبني التماسك الاجتماعي والقدرة على الصمود في وجه التطرف العنيف "
        "بجميع أشكاله."
    )
    settings.social_links = [
        ("link", {"platform": "LinkedIn", "url": "https://www.linkedin.com/"}),
        ("link", {"platform": "YouTube", "url": "https://www.youtube.com/"}),
    ]
    settings.privacy_policy_page = privacy
    settings.save()
    # Canonical and feed URLs point where `make run` serves the site.
    base_url = urlsplit(django_settings.WAGTAILADMIN_BASE_URL)
    site.hostname = base_url.hostname or "localhost"
    site.port = base_url.port or (443 if base_url.scheme == "https" else 80)
    site.site_name = "Strong Cities Network"
    site.save()
    return settings


def load() -> HomePage:
    home = load_home()
    load_about(home)
    privacy = load_privacy(home)
    settings = load_site_settings(home, privacy)
    load_terms_of_reference(settings)
    principles = load_principles(home)
    funding = load_funding(home, principles)
    load_myth_busting(home, principles, funding)
    load_hub(home)
    return home


def ensure_document(title: str, filename: str, content: bytes):
    """The Wagtail document with this title, uploaded from `content` if it is missing."""
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title)
        document.file.save(filename, ContentFile(content), save=False)
        document._set_document_file_metadata()
        document.save()
    return document


PRINCIPLES = [
    (
        "Human rights",
        "human-rights",
        "Every effort to prevent violent extremism, whatever form the extremism takes, "
        "protects and respects human rights.",
    ),
    (
        "No group is singled out",
        "no-group-singled-out",
        "Violent extremism, and the work to prevent it, is never tied to any one religion, "
        "nationality, civilisation or ethnic group.",
    ),
    (
        "Standing against discrimination",
        "against-discrimination",
        "Members speak and act against discrimination on grounds of religion, or on similar "
        "grounds, wherever it appears.",
    ),
    (
        "Guarding against backlash",
        "guarding-against-backlash",
        "Members have policies and programmes ready for the bigotry, hate crime, backlash and "
        "guilt by association that can follow an act of violent extremism.",
    ),
    (
        "Working with communities",
        "working-with-communities",
        "Members work in partnership with their communities, young people, women and "
        "religious leaders among them, in ways that include everyone, share decisions, treat "
        "people fairly and respect their rights.",
    ),
    (
        "Learning from evidence",
        "learning-from-evidence",
        "Members monitor and evaluate their work on social cohesion and resilience, and share "
        "what is not sensitive with the rest of the network.",
    ),
    (
        "Open about funding",
        "open-about-funding",
        "The network is completely open about where the money for its running and its "
        "activities comes from.",
    ),
]

TERMS_OF_REFERENCE = [
    (
        "Background",
        [
            "The Strong Cities Network is a global network of mayors, policy makers and "
            "frontline practitioners. Its members work together to build social cohesion and "
            "resilience against violent extremism in all its forms.",
            "The network is run by the Institute for Strategic Dialogue (ISD), an independent "
            "organisation working against extremism and polarisation.",
        ],
    ),
    (
        "Aims",
        [
            "To connect cities, towns and regions so that they can share good local practice "
            "internationally and work together below the level of national government.",
            "To help each member find strong local practice, understand what makes it work in "
            "its own setting, and adapt its own strategy. The network offers no single "
            "blueprint.",
        ],
    ),
    (
        "Governance",
        [
            "The International Steering Committee, made up of member cities and strategic "
            "partners, sets the network's course each year and keeps the needs of members at "
            "the centre of its work. It reviews these Terms of Reference at every meeting.",
        ],
    ),
    (
        "Membership",
        [
            "Membership is open to people who work for a municipality in an official role, in "
            "a frontline agency or in the governing political or policy team. Each member city "
            "names two or three points of contact, ideally one with the mandate of the mayor "
            "or relevant authority and one practitioner in a field that bears on prevention.",
        ],
    ),
    (
        "Principles",
        [f"{index}. {title}: {text}" for index, (title, _, text) in enumerate(PRINCIPLES, 1)],
    ),
    (
        "Funding",
        [
            "The network publishes all of its sources of funding and refuses funding from "
            "anyone whose approach runs against these principles.",
        ],
    ),
]


def load_terms_of_reference(settings: SiteSettings):
    document = ensure_document(
        "Strong Cities Network Terms of Reference",
        "strong-cities-network-terms-of-reference.pdf",
        make_pdf("Strong Cities Network: Terms of Reference", TERMS_OF_REFERENCE),
    )
    if settings.terms_of_reference_id is None:
        settings.terms_of_reference = document
        settings.save(update_fields=["terms_of_reference"])
    return document


def load_principles(home: HomePage) -> PrinciplesPage:
    return ensure_child(
        home,
        PrinciplesPage,
        "principles",
        title="Our principles",
        show_in_menus=False,
        introduction=(
            "Every member city commits to the same seven principles. They guide how the "
            "network works with cities and communities, and who it will work with."
        ),
        agreed_by=(
            "the network's International Steering Committee at its first meeting; the "
            "committee looks at them again every time it meets"
        ),
        search_description="The seven principles that every member city of the network shares.",
        principles=[
            Principle(title=title, slug=slug, explanation=explanation, sort_order=index)
            for index, (title, slug, explanation) in enumerate(PRINCIPLES)
        ],
    )


def load_funding(home: HomePage, principles: PrinciplesPage) -> FundingPage:
    # The seed names the funders but not the years: the years here are only for the demo.
    funders = [
        Funder(
            name="U.S. Department of State",
            kind=Funder.Kind.GOVERNMENT,
            supports=(
                "The seed funding that launched the network: growing its membership, reaching "
                "cities and regional governments worldwide, and a programme of activities and "
                "resources for members."
            ),
            from_year=2015,
        ),
        Funder(
            name="Danish Ministry of Foreign Affairs",
            kind=Funder.Kind.GOVERNMENT,
            supports=(
                "An intensive learning and capacity-building partnership between "
                "municipalities in Denmark and municipalities in Jordan and Lebanon."
            ),
            from_year=2017,
        ),
        Funder(
            name="Norwegian Ministry of Foreign Affairs",
            kind=Funder.Kind.GOVERNMENT,
            supports="A programme of work on youth engagement in Jordan and Tunisia.",
            from_year=2017,
        ),
        Funder(
            name="Partners and member cities",
            kind=Funder.Kind.MEMBER_CITY_IN_KIND,
            supports=(
                "One-off and in-kind support, for example hosting or running particular "
                "workshops and training sessions."
            ),
            from_year=2016,
        ),
    ]
    for index, funder in enumerate(funders):
        funder.sort_order = index
    return ensure_child(
        home,
        FundingPage,
        "funding",
        title="Who funds the network",
        show_in_menus=False,
        search_description="Every source of the network's funding, and the funding it refuses.",
        transparency_statement=(
            "<p>People have a right to know who pays for work on violent extremism, so we "
            "publish every source of our funding here. Being open about funding is one of "
            "the network's seven principles.</p>"
            "<p>A single government's seed funding got the network started. Since then we "
            "have widened our support wherever we can: preventing violent extremism is not a "
            "job for governments alone, but for many sectors and for every community.</p>"
            "<p>We make the case for varied funding in prevention work of every size. After a "
            "city working group on public-private partnerships in 2016 and 2017, the "
            "International Steering Committee now works together on engaging donors and on "
            "bringing more private-sector support to projects that cities lead.</p>"
        ),
        refused_funding_statement=(
            "<p>We turn down money from governments and organisations whose approach, in our "
            "judgement, goes against the network's "
            f'<a linktype="page" id="{principles.pk}">principles</a>, whether in what they '
            "argue for or in what they do.</p>"
        ),
        funders=funders,
    )


def load_myth_busting(
    home: HomePage, principles: PrinciplesPage, funding: FundingPage
) -> MythBustingPage:
    myths = [
        (
            "The network serves one government's security agenda.",
            "Cities set its course. The International Steering Committee, made up of member "
            "cities and strategic partners, agrees the network's objectives every year, and "
            "the network is run by ISD, an independent organisation. Several governments, "
            "partners and cities support it, and every one of them is listed on the "
            f'<a linktype="page" id="{funding.pk}">funding page</a>.',
            [("Institute for Strategic Dialogue", "https://www.isdglobal.org/")],
        ),
        (
            "Preventing extremism means targeting one religion or community.",
            "Our principles say the opposite: violent extremism, and the work against it, is "
            "never tied to any religion, nationality, civilisation or ethnic group, and "
            "members commit to standing against discrimination and hate crime. Read the "
            f'<a linktype="page" id="{principles.pk}">seven principles</a>.',
            [],
        ),
        (
            "The network gives cities a ready-made strategy to copy.",
            "There is no blueprint. Member cities face different forms of extremism, so the "
            "network helps each one find strong local practice, understand why it works where "
            "it does, and adapt its own approach.",
            [],
        ),
        (
            "The network keeps quiet about who pays for it.",
            "Openness about funding is one of the principles every member commits to. We "
            "publish all our funders and refuse money from anyone whose approach goes against "
            "those principles.",
            [],
        ),
    ]
    paper = ensure_document(
        "Myth-busting: facts about the Strong Cities Network",
        "strong-cities-network-myth-busting.pdf",
        make_pdf(
            "Myth-busting: facts about the Strong Cities Network",
            [
                (
                    None,
                    [
                        "Most reporting on the network has been fair. A few reports have got "
                        "its aims, its work or its supporters wrong; this paper answers them "
                        "plainly."
                    ],
                ),
                *[(f"Myth: {myth}", [f"Fact: {strip_tags(fact)}"]) for myth, fact, _ in myths],
            ],
        ),
    )
    return ensure_child(
        home,
        MythBustingPage,
        "myth-busting",
        title="Myths and facts",
        show_in_menus=False,
        introduction=(
            "Most of what is written about the network is fair, but a few reports have got "
            "our aims, our work or our supporters wrong. If something you read made you doubt "
            "us, here are the facts."
        ),
        search_description="Common myths about the network, and the facts.",
        myths=[
            (
                "myth",
                {
                    "myth": myth,
                    "fact": RichText(f"<p>{fact}</p>"),
                    "sources": [{"title": title, "url": url} for title, url in sources],
                },
            )
            for myth, fact, sources in myths
        ],
        document=paper,
        document_label="Download the full myth-busting paper",
    )


def load_hub(home: HomePage) -> HubPage:
    hub = HubPage.objects.child_of(home).filter(slug="online-hub").first()
    if hub is not None:
        return hub
    hub = ensure_child(
        home,
        HubPage,
        "online-hub",
        title="Online Hub",
        show_in_menus=True,
        introduction=(
            "The members' own part of the site: what is coming up, research we are doing "
            "together, and resources for new members."
        ),
        body=[
            ("heading", {"text": "Coming up", "level": "h2"}),
            (
                "paragraph",
                RichText(
                    "<p>Dates of workshops, exchanges and Steering Committee meetings are "
                    "posted here first, with how to take part.</p>"
                ),
            ),
            ("heading", {"text": "Research together", "level": "h2"}),
            (
                "paragraph",
                RichText(
                    "<p>Member cities shape the network's joint research. Draft findings are "
                    "shared here for comment before they are published.</p>"
                ),
            ),
        ],
    )
    hub_restrict_to_members(page=hub)
    ensure_child(
        hub,
        StandardPage,
        "new-members",
        title="Resources for new members",
        introduction="Where to start when your city has just joined.",
        body=[
            (
                "paragraph",
                RichText(
                    "<ul><li>Read the Terms of Reference and the principles with your "
                    "colleagues.</li><li>Tell us who your points of contact are if they "
                    "change.</li><li>Introduce your city's work at the next online "
                    "exchange.</li></ul>"
                ),
            )
        ],
    )
    return hub


# The French and Arabic versions of the home and principles pages (issue 11).
HOME_TRANSLATIONS = {
    "fr": {
        "title": "Accueil",
        "seo_title": "Strong Cities Network : des villes unies contre l’extrémisme violent",
        "search_description": (
            "Un réseau mondial de maires, de décideurs et de professionnels de terrain qui "
            "partagent ce qui fonctionne pour bâtir des communautés soudées et résilientes."
        ),
        "hero_heading": "Des villes qui agissent ensemble contre l’extrémisme violent",
        "hero_text": (
            "Nous mettons en relation les maires, les équipes chargées des politiques "
            "publiques et les professionnels de terrain de villes, de communes et de régions "
            "de tous les continents, pour que ce qui fonctionne à un endroit puisse servir "
            "ailleurs."
        ),
        "body": RichText(
            "<p>Les élus locaux sont au plus près des habitants qu’ils servent : ce sont eux "
            "qui sont les mieux placés pour repérer tôt les tensions et rassembler les "
            "communautés. Le réseau leur offre un lieu pour confronter leurs expériences, "
            "apprendre les uns des autres et adapter les bonnes pratiques à leur propre "
            "contexte, plutôt que de suivre un modèle unique.</p>"
        ),
        "call_to_action_label": "Demander à rejoindre le réseau",
    },
    "ar": {
        "title": "الرئيسية",
        "seo_title": "شبكة المدن القوية: مدن تعمل معًا في مواجهة التطرف العنيف",
        "search_description": (
            "شبكة عالمية من رؤساء البلديات وصنّاع السياسات والعاملين الميدانيين، يتبادلون ما "
            "ينجح في بناء مجتمعات محلية متماسكة وقادرة على الصمود."
        ),
        "hero_heading": "مدن تعمل معًا في مواجهة التطرف العنيف",
        "hero_text": (
            "نصل رؤساء البلديات وفرق السياسات والعاملين الميدانيين في المدن والبلدات والأقاليم "
            "في كل القارات بعضهم ببعض، حتى يفيد ما ينجح في مكانٍ ما مكانًا آخر."
        ),
        "body": RichText(
            "<p>القيادات المحلية هي الأقرب إلى الناس الذين تخدمهم، وهذا ما يجعلها الأقدر على "
            "التنبّه إلى التوترات مبكرًا وعلى جمع المجتمعات المحلية حول ما يوحّدها. وتوفّر لها "
            "الشبكة مساحةً لتبادل التجارب والتعلّم بعضها من بعض وتكييف الممارسات الجيدة مع "
            "واقعها الخاص، بدلًا من اتّباع نموذج واحد جاهز.</p>"
        ),
        "call_to_action_label": "اطلب الانضمام إلى الشبكة",
    },
}

PRINCIPLES_TRANSLATIONS = {
    "fr": {
        "title": "Nos principes",
        "introduction": (
            "Chaque ville membre s’engage à respecter les mêmes sept principes. Ils guident la "
            "manière dont le réseau travaille avec les villes et les communautés, et le choix "
            "de ceux avec qui il travaille."
        ),
        "agreed_by": (
            "le comité de pilotage international du réseau lors de sa première réunion\u00a0; "
            "le comité les réexamine à chacune de ses réunions"
        ),
        "search_description": (
            "Les sept principes que partagent toutes les villes membres du réseau."
        ),
        "principles": [
            (
                "Droits humains",
                "Toute action de prévention de l’extrémisme violent, quelle que soit la forme "
                "qu’il prend, protège et respecte les droits humains.",
            ),
            (
                "Aucun groupe n’est stigmatisé",
                "L’extrémisme violent, comme le travail pour le prévenir, n’est jamais associé "
                "à une religion, une nationalité, une civilisation ou un groupe ethnique en "
                "particulier.",
            ),
            (
                "Contre les discriminations",
                "Les membres dénoncent et combattent les discriminations fondées sur la "
                "religion, ou sur des motifs semblables, partout où elles apparaissent.",
            ),
            (
                "Prévenir les représailles",
                "Les membres disposent de politiques et de programmes prêts à répondre à "
                "l’intolérance, aux crimes de haine, aux représailles et aux amalgames qui "
                "peuvent suivre un acte d’extrémisme violent.",
            ),
            (
                "Travailler avec les communautés",
                "Les membres travaillent en partenariat avec leurs communautés, notamment les "
                "jeunes, les femmes et les responsables religieux, de manière à n’exclure "
                "personne, à partager les décisions, à traiter chacun équitablement et à "
                "respecter ses droits.",
            ),
            (
                "Tirer les leçons de l’expérience",
                "Les membres suivent et évaluent leur action en faveur de la cohésion sociale et "
                "de la résilience, et partagent avec le reste du réseau ce qui n’est pas "
                "sensible.",
            ),
            (
                "Transparence du financement",
                "Le réseau dit en toute transparence d’où vient l’argent qui finance son "
                "fonctionnement et ses activités.",
            ),
        ],
    },
    "ar": {
        "title": "مبادئنا",
        "introduction": (
            "تلتزم كل مدينة عضو بالمبادئ السبعة نفسها. وهي توجّه طريقة عمل الشبكة مع المدن "
            "والمجتمعات المحلية، وتحدّد الجهات التي تقبل العمل معها."
        ),
        "agreed_by": (
            "اللجنة التوجيهية الدولية للشبكة في اجتماعها الأول، وتعود اللجنة إليها في كل "
            "اجتماع تعقده"
        ),
        "search_description": "المبادئ السبعة التي تتشاركها كل المدن الأعضاء في الشبكة.",
        "principles": [
            (
                "حقوق الإنسان",
                "كل جهد لمنع التطرف العنيف، أيًّا كان الشكل الذي يتخذه هذا التطرف، يحمي حقوق "
                "الإنسان ويحترمها.",
            ),
            (
                "لا وصم لأي فئة",
                "لا يُربط التطرف العنيف، ولا العمل على منعه، بأي دين أو جنسية أو حضارة أو جماعة "
                "عرقية بعينها.",
            ),
            (
                "الوقوف في وجه التمييز",
                "يرفع الأعضاء صوتهم ويتحركون ضد التمييز على أساس الدين، أو على أي أساس مشابه، "
                "أينما ظهر.",
            ),
            (
                "التحسّب لردود الفعل الانتقامية",
                "يُعِدّ الأعضاء سياسات وبرامج جاهزة للتصدي للتعصب وجرائم الكراهية وردود الفعل "
                "الانتقامية وأخذ الناس بجريرة غيرهم، وهي أمور قد تعقب عملًا من أعمال التطرف "
                "العنيف.",
            ),
            (
                "العمل مع المجتمعات المحلية",
                "يعمل الأعضاء في شراكة مع مجتمعاتهم المحلية، ومنها الشباب والنساء والقيادات "
                "الدينية، بأساليب تشمل الجميع وتُشركهم في القرار وتعاملهم بإنصاف وتحترم "
                "حقوقهم.",
            ),
            (
                "التعلّم من الشواهد",
                "يتابع الأعضاء عملهم في مجال التماسك الاجتماعي والقدرة على الصمود ويقيّمونه، "
                "ويشاركون بقية الشبكة ما ليس حساسًا منه.",
            ),
            (
                "الشفافية في التمويل",
                "تُفصح الشبكة بشفافية تامة عن مصادر الأموال التي تموّل تسيير أعمالها وأنشطتها.",
            ),
        ],
    },
}


def load_translations(home: HomePage) -> None:
    """The home page and the principles in French and Arabic; the other apps' demo content
    translates their pages under these home pages."""
    principles = PrinciplesPage.objects.child_of(home).filter(slug="principles").first()
    for language_code, fields in HOME_TRANSLATIONS.items():
        ensure_translation(home, language_code, **fields)
        if principles is not None:
            words = dict(PRINCIPLES_TRANSLATIONS[language_code])
            translated = words.pop("principles")
            # Not synced: the principles' words are set on the translation itself, not recorded
            # as translated strings, so updating it from the English page in wagtail-localize
            # would put the English principles back.
            ensure_translation(
                principles,
                language_code,
                edit=lambda page, translated=translated: translate_principles(page, translated),
                synced=False,
                **words,
            )


def translate_principles(page: PrinciplesPage, translated: list[tuple[str, str]]) -> None:
    """The principles' words in the translation; their ids stay the English ones, which
    membership applications record."""
    principles = list(page.principles.all())
    for principle, (title, explanation) in zip(principles, translated, strict=True):
        principle.title = title
        principle.explanation = explanation
    page.principles = principles
