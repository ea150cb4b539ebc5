"""Demo content for the FAQ: the questions people ask about the network, answered in our own
words, with links to the principles, funding, myth-busting and hub pages and to the Terms of
Reference. Created once; an existing FAQ page is left alone."""

import re

from wagtail.models import Site
from wagtail.rich_text import RichText

from home.demo import ensure_child, ensure_translation
from home.models import (
    FundingPage,
    HomePage,
    HubPage,
    MythBustingPage,
    PrinciplesPage,
    SiteSettings,
)
from membership_forms.models import MembershipEnquiryPage

from .models import FAQPage


def page_link(page, text: str) -> str:
    return f'<a linktype="page" id="{page.pk}">{text}</a>' if page else text


def document_link(document, text: str) -> str:
    return f'<a linktype="document" id="{document.pk}">{text}</a>' if document else text


def question(anchor: str, text: str, answer: str) -> dict:
    return {"question": text, "anchor": anchor, "answer": RichText(answer)}


def load(home: HomePage) -> FAQPage:
    existing = FAQPage.objects.child_of(home).filter(slug="faq").first()
    if existing is not None:
        return existing
    site_settings = SiteSettings.for_site(Site.objects.get(root_page=home))
    email = site_settings.contact_email
    write_to_us = f'<a href="mailto:{email}">{email}</a>' if email else "us"
    terms = site_settings.terms_of_reference
    principles = PrinciplesPage.objects.child_of(home).first()
    funding = FundingPage.objects.child_of(home).first()
    myths = MythBustingPage.objects.child_of(home).first()
    hub = HubPage.objects.child_of(home).first()
    enquiry_page = MembershipEnquiryPage.objects.child_of(home).live().first()
    enquiry_link = page_link(enquiry_page, "membership enquiry form")

    about = [
        question(
            "what-is-the-network",
            "What is the Strong Cities Network?",
            "<p>The first global network of mayors, policy makers and frontline "
            "practitioners working together to build social cohesion and resilience against "
            "violent extremism in all its forms. Member cities, towns and regions in every "
            "major region of the world share what works locally and work on prevention "
            "together, alongside civil society groups and partner organisations.</p>"
            "<p>We offer no blueprint. Each member faces its own forms of extremism, so we "
            "help cities find strong local practice, see what makes it work in its setting, "
            "and adapt their own strategies.</p>",
        ),
        question(
            "who-runs-the-network",
            "Who runs the network?",
            "<p>The Institute for Strategic Dialogue (ISD), an independent organisation that "
            "works against extremism and polarisation with practical solutions that can grow. "
            "ISD advises many governments and cities, and because it is independent it can "
            "bring government, business, universities and civil society together even where "
            "they usually disagree.</p>",
        ),
        question(
            "steering-committee",
            "Who decides what the network does?",
            "<p>The International Steering Committee, made up of member cities and strategic "
            "partners. Each year it sets the network's objectives, activities and ways of "
            "engaging, so that the needs of city leaders and members stay at the centre.</p>",
        ),
        question(
            "cve-and-pve",
            "What do CVE and PVE mean?",
            "<p>CVE stands for countering violent extremism and PVE for preventing violent "
            "extremism. We use them for the whole field of research, programme design and "
            "practical action against the threat and narratives of violent extremism, and "
            "against the conditions in which extremist ideas take hold.</p>"
            "<p>We know these terms can be contentious and are sometimes linked with the "
            "policies of particular governments. We do not use them to stand for any one "
            "government's policies, and we use them aware of how differently they are heard "
            "in different places.</p>",
        ),
    ]
    joining = [
        question(
            "who-can-join",
            "Who can join?",
            "<p>Anyone who works for a municipality in an official role: a practitioner in a "
            "frontline agency, or a member of the governing political or policy team. "
            f"Use our {enquiry_link} to get in touch, or write to {write_to_us}.</p>",
        ),
        question(
            "how-do-we-join",
            "How does a city join?",
            f"<ol><li>Send us a {enquiry_link}.</li>"
            "<li>We send you a short application form. It asks for two or three points of "
            "contact, ideally one in the mayor's office or the policy team with the mandate to "
            "represent the city, and one practitioner working on prevention, plus a little "
            "background on the issues and approaches in your city.</li>"
            "<li>Once we have your form, we confirm your membership and send details of "
            "upcoming activities, joint research, resources for new members and access to "
            f"the {page_link(hub, 'Online Hub')}.</li></ol>",
        ),
        question(
            "response-times",
            "How quickly will we hear back?",
            "<p>We aim to answer a membership enquiry within two to three working days, and "
            "to confirm membership within a further two to three working days of receiving "
            "your completed application form.</p>",
        ),
        question(
            "terms-of-reference",
            "What are the Terms of Reference?",
            "<p>The document that sets out the network's background, aims and strategic "
            "objectives, and the principles that guide its work. New members' points of "
            "contact receive it when their membership is confirmed, and you can "
            f"{document_link(terms, 'read the Terms of Reference')} now.</p>",
        ),
        question(
            "online-hub",
            "What is the Online Hub?",
            "<p>A part of this site built only for members, with news of activities, shared "
            "research and resources. Members log in to reach the "
            f"{page_link(hub, 'Online Hub')}.</p>",
        ),
    ]
    principles_and_funding = [
        question(
            "principles",
            "What do members commit to?",
            "<p>Seven principles, from protecting human rights to being open about funding. "
            "The International Steering Committee agreed them at its first meeting and reviews "
            f"them at every meeting. Read {page_link(principles, 'our principles')}.</p>",
        ),
        question(
            "funding",
            "Who funds the network?",
            "<p>Seed funding from the U.S. Department of State launched the network. The "
            "Danish Ministry of Foreign Affairs supports a partnership between municipalities "
            "in Denmark, Jordan and Lebanon, and the Norwegian Ministry of Foreign Affairs a "
            "youth programme in Jordan and Tunisia. Partners and member cities add one-off and "
            f"in-kind support. See {page_link(funding, 'who funds the network')}.</p>",
        ),
        question(
            "refused-funding",
            "Is there money the network will not take?",
            "<p>Yes. We refuse funding from governments and organisations whose approach, in "
            "our judgement, goes against the network's principles.</p>",
        ),
        question(
            "myth-busting",
            "I read something worrying about the network. Is it true?",
            "<p>Most reporting about the network has been positive, but some has been "
            "misleading. Our page of "
            f"{page_link(myths, 'myths and facts')} answers the common claims, and you can "
            "download the full myth-busting paper there.</p>",
        ),
    ]
    return ensure_child(
        home,
        FAQPage,
        "faq",
        title="Frequently asked questions",
        show_in_menus=True,
        introduction=(
            "Answers to the questions we hear most about the network, joining it, its "
            "principles and its funding."
        ),
        search_description="What the network is, who runs it, how to join and who funds it.",
        body=[
            ("section", {"heading": "About the network", "anchor": "about", "questions": about}),
            ("section", {"heading": "Joining", "anchor": "joining", "questions": joining}),
            (
                "section",
                {
                    "heading": "Principles and funding",
                    "anchor": "principles-and-funding",
                    "questions": principles_and_funding,
                },
            ),
        ],
    )


# The FAQ in French and Arabic (issue 11). In the answers, "[name|text]" is a link to the page
# or document `name` with that text, and "[mail|text]" is that text followed by the contact
# email (both left out when the site has no contact email). Anchors stay the English ones, so
# that links to a question work in every language.
TRANSLATIONS = {
    "fr": {
        "title": "Questions fréquentes",
        "introduction": (
            "Les réponses aux questions que l’on nous pose le plus souvent sur le réseau, "
            "l’adhésion, ses principes et son financement."
        ),
        "search_description": (
            "Ce qu’est le réseau, qui le dirige, comment y adhérer et qui le finance."
        ),
        "sections": [
            (
                "about",
                "À propos du réseau",
                [
                    (
                        "what-is-the-network",
                        "Qu’est-ce que le Strong Cities Network\u00a0?",
                        "<p>Le premier réseau mondial de maires, de décideurs et de "
                        "professionnels de terrain qui travaillent ensemble à renforcer la "
                        "cohésion sociale et la résilience face à l’extrémisme violent sous "
                        "toutes ses formes. Ses villes, communes et régions membres, présentes "
                        "dans toutes les grandes régions du monde, partagent ce qui fonctionne "
                        "localement et mènent ensemble leur travail de prévention, aux côtés "
                        "d’associations de la société civile et d’organisations partenaires.</p>"
                        "<p>Nous ne proposons aucun modèle tout fait. Chaque membre fait face à "
                        "ses propres formes d’extrémisme\u00a0: nous aidons donc les villes à "
                        "repérer de bonnes pratiques locales, à comprendre ce qui les fait "
                        "fonctionner dans leur contexte et à adapter leurs propres "
                        "stratégies.</p>",
                    ),
                    (
                        "who-runs-the-network",
                        "Qui dirige le réseau\u00a0?",
                        "<p>L’Institute for Strategic Dialogue (ISD), une organisation "
                        "indépendante qui lutte contre l’extrémisme et la polarisation par des "
                        "solutions concrètes, capables de changer d’échelle. L’ISD conseille de "
                        "nombreux gouvernements et villes\u00a0; parce qu’il est indépendant, il "
                        "peut réunir pouvoirs publics, entreprises, universités et société "
                        "civile, même là où ils s’accordent rarement.</p>",
                    ),
                    (
                        "steering-committee",
                        "Qui décide de ce que fait le réseau\u00a0?",
                        "<p>Le comité de pilotage international, composé de villes membres et "
                        "de partenaires stratégiques. Chaque année, il fixe les objectifs du "
                        "réseau, ses activités et ses façons de travailler, pour que les besoins "
                        "des élus locaux et des membres restent au centre.</p>",
                    ),
                    (
                        "cve-and-pve",
                        "Que veulent dire CVE et PVE\u00a0?",
                        "<p>Ce sont des sigles anglais\u00a0: CVE désigne la lutte contre "
                        "l’extrémisme violent (countering violent extremism) et PVE sa "
                        "prévention (preventing violent extremism). Nous les employons pour "
                        "tout le domaine\u00a0: la recherche, la conception de programmes et "
                        "l’action concrète contre la menace et les discours de l’extrémisme "
                        "violent, et contre les conditions dans lesquelles les idées "
                        "extrémistes prennent racine.</p>"
                        "<p>Nous savons que ces termes peuvent prêter à controverse et qu’on "
                        "les associe parfois aux politiques de certains gouvernements. Nous ne "
                        "les employons pas pour désigner la politique d’un gouvernement en "
                        "particulier, et nous savons qu’ils ne sont pas entendus de la même "
                        "façon partout.</p>",
                    ),
                ],
            ),
            (
                "joining",
                "Adhésion",
                [
                    (
                        "who-can-join",
                        "Qui peut adhérer\u00a0?",
                        "<p>Toute personne qui travaille pour une municipalité dans un rôle "
                        "officiel\u00a0: un professionnel d’un service de terrain, ou un membre "
                        "de l’équipe politique ou de l’équipe chargée des politiques publiques "
                        "en place. Utilisez notre [enquiry|formulaire de demande d’adhésion] "
                        "pour prendre contact avec nous[mail|, ou écrivez-nous à ].</p>",
                    ),
                    (
                        "how-do-we-join",
                        "Comment une ville adhère-t-elle\u00a0?",
                        "<ol><li>Envoyez-nous une [enquiry|demande d’adhésion].</li>"
                        "<li>Nous vous envoyons un court formulaire de candidature. Il vous "
                        "demande deux ou trois personnes de contact, idéalement l’une au "
                        "cabinet du maire ou dans l’équipe chargée des politiques publiques, "
                        "mandatée pour représenter la ville, et un professionnel qui travaille "
                        "à la prévention, ainsi que quelques éléments sur les enjeux et les "
                        "approches dans votre ville.</li>"
                        "<li>Dès réception de votre formulaire, nous confirmons votre adhésion "
                        "et vous envoyons le détail des activités à venir, des recherches "
                        "communes et des ressources pour les nouveaux membres, ainsi qu’un "
                        "accès à l’[hub|Online Hub].</li></ol>",
                    ),
                    (
                        "response-times",
                        "Dans quels délais aurons-nous une réponse\u00a0?",
                        "<p>Nous nous efforçons de répondre à chaque demande d’adhésion sous "
                        "deux à trois jours ouvrés, puis de confirmer l’adhésion dans les deux "
                        "à trois jours ouvrés qui suivent la réception de votre formulaire de "
                        "candidature complet.</p>",
                    ),
                    (
                        "terms-of-reference",
                        "Que sont les termes de référence\u00a0?",
                        "<p>Le document qui présente le contexte, les buts et les objectifs "
                        "stratégiques du réseau, ainsi que les principes qui guident son "
                        "action. Les personnes de contact des nouveaux membres le reçoivent "
                        "quand leur adhésion est confirmée, et vous pouvez dès maintenant "
                        "[terms|lire les termes de référence] (en anglais).</p>",
                    ),
                    (
                        "online-hub",
                        "Qu’est-ce que l’Online Hub\u00a0?",
                        "<p>Un espace de ce site réservé aux membres, avec des nouvelles des "
                        "activités, des recherches partagées et des ressources. Les membres se "
                        "connectent pour accéder à l’[hub|Online Hub].</p>",
                    ),
                ],
            ),
            (
                "principles-and-funding",
                "Principes et financement",
                [
                    (
                        "principles",
                        "À quoi les membres s’engagent-ils\u00a0?",
                        "<p>À respecter sept principes, de la protection des droits humains à "
                        "la transparence du financement. Le comité de pilotage international "
                        "les a adoptés lors de sa première réunion et les réexamine à chacune "
                        "de ses réunions. Lisez [principles|nos principes].</p>",
                    ),
                    (
                        "funding",
                        "Qui finance le réseau\u00a0?",
                        "<p>Un financement d’amorçage du département d’État des États-Unis a "
                        "permis de lancer le réseau. Le ministère danois des Affaires "
                        "étrangères soutient un partenariat entre des municipalités du "
                        "Danemark, de Jordanie et du Liban, et le ministère norvégien des "
                        "Affaires étrangères un programme pour la jeunesse en Jordanie et en "
                        "Tunisie. Des partenaires et des villes membres apportent aussi un "
                        "soutien ponctuel ou en nature. Voir [funding|qui finance le "
                        "réseau].</p>",
                    ),
                    (
                        "refused-funding",
                        "Y a-t-il de l’argent que le réseau refuse\u00a0?",
                        "<p>Oui. Nous refusons les financements des gouvernements et des "
                        "organisations dont l’approche va, selon nous, à l’encontre des "
                        "principes du réseau.</p>",
                    ),
                    (
                        "myth-busting",
                        "J’ai lu quelque chose d’inquiétant sur le réseau. Est-ce vrai\u00a0?",
                        "<p>La plupart des articles consacrés au réseau sont positifs, mais "
                        "certains sont trompeurs. Notre page [myths|Idées reçues et réalités] "
                        "répond aux affirmations les plus courantes, et vous pouvez y "
                        "télécharger le document complet.</p>",
                    ),
                ],
            ),
        ],
    },
    "ar": {
        "title": "الأسئلة الشائعة",
        "introduction": (
            "إجابات عن أكثر الأسئلة التي تصلنا عن الشبكة، وعن الانضمام إليها، وعن مبادئها وتمويلها."
        ),
        "search_description": "ما الشبكة، ومن يديرها، وكيف تنضم إليها، ومن يموّلها.",
        "sections": [
            (
                "about",
                "عن الشبكة",
                [
                    (
                        "what-is-the-network",
                        "ما شبكة المدن القوية؟",
                        "<p>هي أول شبكة عالمية تجمع رؤساء البلديات وصنّاع السياسات والعاملين "
                        "الميدانيين الذين يعملون معًا على بناء التماسك الاجتماعي والقدرة على "
                        "الصمود في مواجهة التطرف العنيف بكل أشكاله. وتتبادل المدن والبلدات "
                        "والأقاليم الأعضاء، في كل مناطق العالم الرئيسية، ما ينجح محليًا، "
                        "وتعمل معًا على الوقاية، إلى جانب منظمات المجتمع المدني والمنظمات "
                        "الشريكة.</p>"
                        "<p>لا نقدّم نموذجًا جاهزًا. فلكل عضو أشكال التطرف التي يواجهها، "
                        "ولذلك نساعد المدن على اكتشاف الممارسات المحلية الناجحة، وفهم ما "
                        "يجعلها تنجح في سياقها، وتكييف استراتيجياتها الخاصة.</p>",
                    ),
                    (
                        "who-runs-the-network",
                        "من يدير الشبكة؟",
                        "<p>معهد الحوار الاستراتيجي (ISD)، وهو منظمة مستقلة تعمل في مواجهة "
                        "التطرف والاستقطاب بحلول عملية قابلة للتوسّع. ويقدّم المعهد المشورة "
                        "لكثير من الحكومات والمدن، وتتيح له استقلاليته أن يجمع الحكومات "
                        "وقطاع الأعمال والجامعات والمجتمع المدني حتى حيث يندر أن تتفق.</p>",
                    ),
                    (
                        "steering-committee",
                        "من يقرّر ما تقوم به الشبكة؟",
                        "<p>اللجنة التوجيهية الدولية، وتتألف من مدن أعضاء وشركاء "
                        "استراتيجيين. وتحدّد اللجنة كل عام أهداف الشبكة وأنشطتها وأساليب "
                        "عملها، حتى تبقى احتياجات القيادات المحلية والأعضاء في صميم "
                        "عملها.</p>",
                    ),
                    (
                        "cve-and-pve",
                        "ما معنى CVE وPVE؟",
                        "<p>هما اختصاران إنجليزيان: CVE يعني مكافحة التطرف العنيف، وPVE يعني "
                        "منع التطرف العنيف. ونستخدمهما للدلالة على المجال كله: البحث، وتصميم "
                        "البرامج، والعمل الميداني في مواجهة خطر التطرف العنيف وخطابه، وفي "
                        "مواجهة الظروف التي تتيح للأفكار المتطرفة أن تترسّخ.</p>"
                        "<p>ونعلم أن هذين المصطلحين قد يثيران الجدل، وأنهما يرتبطان أحيانًا "
                        "بسياسات حكومات بعينها. ونحن لا نستخدمهما للإشارة إلى سياسات أي "
                        "حكومة، ونستخدمهما ونحن ندرك أنهما يُفهمان على نحو مختلف من مكان إلى "
                        "آخر.</p>",
                    ),
                ],
            ),
            (
                "joining",
                "الانضمام",
                [
                    (
                        "who-can-join",
                        "من يحق له الانضمام؟",
                        "<p>كل من يعمل لدى بلدية بصفة رسمية: عاملًا ميدانيًا في إحدى الجهات "
                        "التي تقدّم الخدمات مباشرة، أو عضوًا في الفريق السياسي أو فريق "
                        "السياسات الحاكم. استخدم [enquiry|استمارة طلب الانضمام] للتواصل "
                        "معنا[mail|، أو راسلنا على ].</p>",
                    ),
                    (
                        "how-do-we-join",
                        "كيف تنضم مدينة إلى الشبكة؟",
                        "<ol><li>أرسل إلينا [enquiry|طلب انضمام].</li>"
                        "<li>نرسل إليك استمارة طلب قصيرة نسألك فيها عن شخصين أو ثلاثة أشخاص "
                        "للتواصل، ويُستحسن أن يكون أحدهم في مكتب رئيس البلدية أو فريق "
                        "السياسات ومخوّلًا تمثيل المدينة، وأن يعمل آخر في مجال الوقاية، مع "
                        "لمحة عن القضايا والمقاربات في مدينتك.</li>"
                        "<li>حين تصلنا الاستمارة، نؤكد عضويتك ونرسل إليك تفاصيل الأنشطة "
                        "القادمة والأبحاث المشتركة والموارد المخصّصة للأعضاء الجدد، مع إمكانية "
                        "الدخول إلى [hub|المنصة الإلكترونية للأعضاء].</li></ol>",
                    ),
                    (
                        "response-times",
                        "متى يصلنا الرد؟",
                        "<p>نسعى إلى الرد على طلب الانضمام في غضون يومين إلى ثلاثة أيام عمل، "
                        "ثم إلى تأكيد العضوية في غضون يومين إلى ثلاثة أيام عمل أخرى من تسلّم "
                        "استمارة الطلب مكتملة.</p>",
                    ),
                    (
                        "terms-of-reference",
                        "ما الإطار المرجعي؟",
                        "<p>الوثيقة التي تعرض خلفية الشبكة وغاياتها وأهدافها الاستراتيجية، "
                        "والمبادئ التي توجّه عملها. ويتسلّمها مسؤولو التواصل لدى الأعضاء الجدد "
                        "عند تأكيد عضويتهم، ويمكنك [terms|قراءة الإطار المرجعي] الآن (باللغة "
                        "الإنجليزية).</p>",
                    ),
                    (
                        "online-hub",
                        "ما المنصة الإلكترونية للأعضاء؟",
                        "<p>قسم من هذا الموقع مخصّص للأعضاء وحدهم، فيه أخبار الأنشطة والأبحاث "
                        "المشتركة والموارد. ويسجّل الأعضاء دخولهم للوصول إلى [hub|المنصة "
                        "الإلكترونية للأعضاء].</p>",
                    ),
                ],
            ),
            (
                "principles-and-funding",
                "المبادئ والتمويل",
                [
                    (
                        "principles",
                        "بمَ يلتزم الأعضاء؟",
                        "<p>بسبعة مبادئ، من حماية حقوق الإنسان إلى الشفافية في التمويل. وقد "
                        "أقرّتها اللجنة التوجيهية الدولية في اجتماعها الأول، وتعود إليها في "
                        "كل اجتماع. اطّلع على [principles|مبادئنا].</p>",
                    ),
                    (
                        "funding",
                        "من يموّل الشبكة؟",
                        "<p>انطلقت الشبكة بتمويل تأسيسي من وزارة الخارجية الأمريكية. وتدعم "
                        "وزارة الخارجية الدنماركية شراكة بين بلديات في الدنمارك والأردن "
                        "ولبنان، وتدعم وزارة الخارجية النرويجية برنامجًا للشباب في الأردن "
                        "وتونس. ويقدّم الشركاء والمدن الأعضاء كذلك دعمًا لمرة واحدة أو دعمًا "
                        "عينيًا. اطّلع على [funding|الجهات التي تموّل الشبكة].</p>",
                    ),
                    (
                        "refused-funding",
                        "هل هناك أموال ترفضها الشبكة؟",
                        "<p>نعم. نرفض التمويل من الحكومات والمنظمات التي نرى أن نهجها يتعارض "
                        "مع مبادئ الشبكة.</p>",
                    ),
                    (
                        "myth-busting",
                        "قرأت شيئًا مقلقًا عن الشبكة. هل هو صحيح؟",
                        "<p>كان معظم ما كُتب عن الشبكة إيجابيًا، لكن بعضه كان مضلّلًا. وتردّ "
                        "صفحة [myths|المفاهيم الخاطئة والحقائق] على الادعاءات الشائعة، ويمكنك "
                        "أن تنزّل منها ورقة التوضيح الكاملة.</p>",
                    ),
                ],
            ),
        ],
    },
}

LINK = re.compile(r"\[(\w+)\|([^\]]*)\]")


def load_translations(home: HomePage) -> None:
    """The FAQ in French and Arabic, under the translated home pages."""
    faq = FAQPage.objects.child_of(home).filter(slug="faq").first()
    if faq is None:
        return
    site_settings = SiteSettings.for_site(Site.objects.get(root_page=home))
    email = site_settings.contact_email
    targets = {
        "enquiry": MembershipEnquiryPage.objects.child_of(home).live().first(),
        "hub": HubPage.objects.child_of(home).first(),
        "principles": PrinciplesPage.objects.child_of(home).first(),
        "funding": FundingPage.objects.child_of(home).first(),
        "myths": MythBustingPage.objects.child_of(home).first(),
    }

    def links(match) -> str:
        name, text = match[1], match[2]
        if name == "mail":
            return f'{text}<a href="mailto:{email}">{email}</a>' if email else ""
        if name == "terms":
            return document_link(site_settings.terms_of_reference, text)
        return page_link(targets[name], text)

    for language_code, words in TRANSLATIONS.items():
        body = [
            (
                "section",
                {
                    "heading": heading,
                    "anchor": anchor,
                    "questions": [
                        question(question_anchor, text, LINK.sub(links, answer))
                        for question_anchor, text, answer in questions
                    ],
                },
            )
            for anchor, heading, questions in words["sections"]
        ]
        ensure_translation(
            faq,
            language_code,
            title=words["title"],
            introduction=words["introduction"],
            search_description=words["search_description"],
            body=body,
        )
