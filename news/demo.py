"""Demo content for the news: the news index and a handful of stories about the network's
work, each with a hero image drawn here with Pillow (nothing is downloaded). A story that
already exists, perhaps edited since, is left alone, so running the loader again changes
nothing."""

import random
from datetime import timedelta
from io import BytesIO
from math import cos, radians, sin

from django.core.files.images import ImageFile
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.rich_text import RichText

from PIL import Image as PILImage
from PIL import ImageDraw

from home.demo import ensure_child, ensure_translation
from home.models import HomePage

from .models import NewsIndexPage, NewsPage

IMAGE_COLLECTION = "News images"
IMAGE_SIZE = (1600, 900)

STORIES = [
    {
        "slug": "city-practitioners-train-together",
        "title": "City practitioners train together on spotting early warning signs",
        "days_ago": 9,
        "topics": ["Training", "Capacity building"],
        "byline": "The network's training team",
        "summary": (
            "Social workers, teachers and youth workers from member cities spent three days "
            "practising how to notice, and respond to, the first signs of radicalisation."
        ),
        "body": [
            (
                "paragraph",
                "<p>The course was built around real cases that member cities brought with "
                "them. Each group worked out who in a city would notice a worrying change, who "
                "they would call, and what support could be offered before the police need to "
                "be involved.</p>",
            ),
            ("heading", "What participants took home"),
            (
                "paragraph",
                "<ul><li>A referral map they can adapt to their own services</li>"
                "<li>Contacts in other cities facing similar questions</li>"
                "<li>Exercises to run again with colleagues at home</li></ul>",
            ),
            (
                "quote",
                "We learned more from each other's mistakes than from any manual.",
                "A youth worker who took part",
            ),
        ],
        "motif": "network",
        "colours": ((10, 92, 92), (20, 33, 61)),
        "alt": "Illustration: pale circles with gold rims joined by white lines on a "
        "teal-to-navy gradient, like people linked in a network.",
    },
    {
        "slug": "regional-meeting-compares-local-plans",
        "title": "Regional meeting: city leaders compare their prevention plans",
        "days_ago": 45,
        "topics": ["Regional meetings", "Capacity building"],
        "summary": (
            "Mayors, deputy mayors and policy officers met for two days to compare how their "
            "cities plan and pay for local prevention work."
        ),
        "body": [
            (
                "paragraph",
                "<p>No two plans looked alike, and that was the point. Some cities put schools "
                "at the centre; others started with sports clubs, faith groups or housing "
                "services. The discussion focused on why an approach worked where it did, and "
                "what would have to change for it to work somewhere else.</p>",
            ),
            (
                "paragraph",
                "<p>Several cities agreed to visit each other in the coming months to see "
                "projects at first hand.</p>",
            ),
        ],
        "motif": "ring",
        "colours": ((138, 43, 6), (20, 33, 61)),
        "alt": "Illustration: ten gold dots around a white ring on an orange-to-navy gradient, "
        "like people seated around a table.",
    },
    {
        "slug": "danish-jordanian-lebanese-municipalities-partnership",
        "title": "Danish, Jordanian and Lebanese municipalities start learning side by side",
        "days_ago": 110,
        "topics": ["Partnerships", "Capacity building", "Middle East and North Africa"],
        "summary": (
            "An intensive partnership pairs municipalities in Denmark with municipalities in "
            "Jordan and Lebanon, so that staff can learn from each other's daily work."
        ),
        "body": [
            (
                "paragraph",
                "<p>The partnership, supported by Denmark's Ministry of Foreign Affairs, is "
                "built on exchanges rather than lectures. Staff visit their partner "
                "municipality, follow colleagues through their week and then plan a small "
                "project together.</p>",
            ),
            ("heading", "How the partnership works"),
            (
                "paragraph",
                "<ol><li>Each municipality names a small team and a contact in the mayor's "
                "office.</li><li>Teams visit each other and agree one shared question.</li>"
                "<li>They test an answer at home and report back to the whole group.</li></ol>",
            ),
        ],
        "motif": "overlap",
        "colours": ((6, 63, 63), (255, 191, 71)),
        "alt": "Illustration: three overlapping pale circles with gold rims on a dark "
        "teal-to-gold gradient, for three partners working together.",
    },
    {
        "slug": "youth-programme-jordan-tunisia",
        "title": "Young people in Jordan and Tunisia help shape local prevention",
        "days_ago": 190,
        "topics": ["Youth", "Partnerships", "Middle East and North Africa"],
        "byline": "The network's youth programme team",
        "summary": (
            "A programme supported by Norway's Ministry of Foreign Affairs puts young people "
            "at the table when cities in Jordan and Tunisia design their prevention work."
        ),
        "body": [
            (
                "paragraph",
                "<p>Too often, young people are talked about rather than talked with. In this "
                "programme, young residents work with their municipality to choose a local "
                "problem, suggest a response and help carry it out.</p>",
            ),
            (
                "quote",
                "They asked us what we needed, and then they actually listened.",
                "A participant from one of the cities",
            ),
            (
                "paragraph",
                "<p>First projects include safe meeting places after school and a mentoring "
                "scheme that links school leavers with local employers.</p>",
            ),
        ],
        "motif": "bars",
        "colours": ((80, 40, 120), (10, 92, 92)),
        "alt": "Illustration: six rising white bars, each topped with a gold dot, on a "
        "purple-to-teal gradient.",
    },
    {
        "slug": "new-member-city-joins",
        "title": "A new member city joins the network",
        "days_ago": 280,
        "topics": ["Membership"],
        "summary": (
            "The network welcomes a new member city, which brings its experience of working "
            "with neighbourhood associations to keep communities close."
        ),
        "body": [
            (
                "paragraph",
                "<p>The city's mayor's office and a team of frontline practitioners will be "
                "the network's contacts. They join at a time when the city is reviewing its "
                "own approach and want to hear how others have involved residents from the "
                "start.</p>",
            ),
            (
                "paragraph",
                "<p>New members receive the network's Terms of Reference, details of upcoming "
                "activities and access to the members' Online Hub.</p>",
            ),
        ],
        "motif": "constellation",
        "colours": ((20, 33, 61), (10, 92, 92)),
        "alt": "Illustration: small white dots scattered on a navy-to-teal background, joined "
        "by one larger gold dot.",
    },
    {
        "slug": "research-what-helps-local-prevention",
        "title": "New research: what helps local prevention work",
        "days_ago": 400,
        "topics": ["Research", "Training"],
        "summary": (
            "A study drawing on member cities' experience looks at the conditions that help "
            "local prevention programmes succeed, and the ones that hold them back."
        ),
        "body": [
            (
                "paragraph",
                "<p>The researchers spoke with city officials, practitioners and community "
                "groups. Trust between local services and residents came up again and again, "
                "as did steady funding and leaders willing to stay with a programme long "
                "enough to see results.</p>",
            ),
            ("heading", "Three findings"),
            (
                "paragraph",
                "<ul><li>Programmes last longer when residents help design them.</li>"
                "<li>Sharing non-sensitive results between cities saves time and money.</li>"
                "<li>Evaluation planned from the start is cheaper than evaluation added "
                "later.</li></ul>",
            ),
        ],
        "motif": "chart",
        "colours": ((61, 74, 99), (138, 43, 6)),
        "alt": "Illustration: a white bar chart beside a gold magnifying glass on a "
        "slate-to-rust gradient.",
    },
    {
        "slug": "steering-committee-reviews-principles",
        "title": "Steering committee reviews the network's principles and sets next year's course",
        "days_ago": 520,
        "topics": ["Governance", "Membership"],
        "summary": (
            "Member cities and strategic partners on the International Steering Committee "
            "reviewed the network's principles and agreed priorities for the year ahead."
        ),
        "body": [
            (
                "paragraph",
                "<p>The committee reviews the Terms of Reference, including the principles "
                "every member commits to, at each of its meetings. This year it also agreed "
                "to put more effort into involving the private sector in city-led work.</p>",
            ),
        ],
        "motif": "row",
        "colours": ((6, 63, 63), (61, 74, 99)),
        "alt": "Illustration: seven white squares with gold rims in a row on a teal-to-slate "
        "gradient, one for each principle.",
    },
]


WHITE = (255, 255, 255, 90)
GOLD = (255, 191, 71, 230)


def draw_network(draw, rng, points):
    for index, point in enumerate(points):
        for other in points[index + 1 : index + 3]:
            draw.line([point, other], fill=WHITE, width=5)
    for x, y in points:
        radius = rng.randint(18, 54)
        draw.ellipse(
            [x - radius, y - radius, x + radius, y + radius], fill=WHITE, outline=GOLD, width=6
        )


def draw_ring(draw, rng, points):
    draw.ellipse([600, 250, 1000, 650], outline=WHITE, width=14)
    for step in range(10):
        angle = step * 36
        x, y = 800 + 300 * cos(radians(angle)), 450 + 300 * sin(radians(angle))
        draw.ellipse([x - 40, y - 40, x + 40, y + 40], fill=GOLD)


def draw_overlap(draw, rng, points):
    for x, y in ((650, 380), (950, 380), (800, 600)):
        draw.ellipse([x - 230, y - 230, x + 230, y + 230], fill=WHITE, outline=GOLD, width=8)


def draw_bars(draw, rng, points):
    for step in range(6):
        left = 300 + step * 170
        draw.rectangle(
            [left, 760 - 90 * (step + 1), left + 110, 760], fill=WHITE, outline=GOLD, width=6
        )
        draw.ellipse(
            [left + 25, 660 - 90 * (step + 1), left + 85, 720 - 90 * (step + 1)], fill=GOLD
        )


def draw_constellation(draw, rng, points):
    for x, y in points:
        draw.ellipse([x - 16, y - 16, x + 16, y + 16], fill=WHITE)
    draw.ellipse([1180, 200, 1300, 320], fill=GOLD)


def draw_chart(draw, rng, points):
    for step, height in enumerate((220, 340, 280, 460)):
        left = 260 + step * 170
        draw.rectangle([left, 760 - height, left + 120, 760], fill=WHITE)
    draw.ellipse([1000, 220, 1340, 560], outline=GOLD, width=24)
    draw.line([(1300, 520), (1460, 700)], fill=GOLD, width=36)


def draw_row(draw, rng, points):
    for step in range(7):
        left = 190 + step * 180
        draw.rectangle([left, 370, left + 140, 510], fill=WHITE, outline=GOLD, width=8)


MOTIFS = {
    "network": draw_network,
    "ring": draw_ring,
    "overlap": draw_overlap,
    "bars": draw_bars,
    "constellation": draw_constellation,
    "chart": draw_chart,
    "row": draw_row,
}


def draw_hero_image(*, seed: str, colours: tuple, motif: str) -> BytesIO:
    """A landscape JPEG: a diagonal gradient with simple shapes drawn over it."""
    width, height = IMAGE_SIZE
    start, end = colours
    vertical = PILImage.linear_gradient("L")
    mask = PILImage.blend(vertical, vertical.rotate(90), 0.5).resize(IMAGE_SIZE)
    picture = PILImage.composite(
        PILImage.new("RGB", IMAGE_SIZE, end), PILImage.new("RGB", IMAGE_SIZE, start), mask
    )
    rng = random.Random(seed)  # noqa: S311 - a drawing, not a secret
    points = [(rng.randint(80, width - 80), rng.randint(80, height - 80)) for _ in range(14)]
    MOTIFS[motif](ImageDraw.Draw(picture, "RGBA"), rng, points)
    buffer = BytesIO()
    picture.save(buffer, format="JPEG", quality=82)
    return buffer


def ensure_collection() -> Collection:
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=IMAGE_COLLECTION).first()
    return collection or root.add_child(name=IMAGE_COLLECTION)


def ensure_hero_image(story: dict, collection: Collection):
    Image = get_image_model()
    image = Image.objects.filter(collection=collection, title=story["title"]).first()
    if image is None:
        drawing = draw_hero_image(
            seed=story["slug"], colours=story["colours"], motif=story["motif"]
        )
        image = Image(
            title=story["title"],
            description=story["alt"],
            collection=collection,
            file=ImageFile(drawing, name=f"news-{story['slug']}.jpg"),
        )
        image.save()
    return image


def story_body(blocks: list) -> list:
    body = []
    for kind, *values in blocks:
        if kind == "paragraph":
            body.append(("paragraph", RichText(values[0])))
        elif kind == "heading":
            body.append(("heading", {"text": values[0], "level": "h2"}))
        elif kind == "quote":
            body.append(("quote", {"quote": values[0], "attribution": values[1]}))
    return body


def ensure_story(news_index: NewsIndexPage, story: dict, collection: Collection) -> NewsPage:
    page = NewsPage.objects.child_of(news_index).filter(slug=story["slug"]).first()
    if page is not None:
        return page
    page = NewsPage(
        slug=story["slug"],
        title=story["title"],
        publication_date=timezone.localdate() - timedelta(days=story["days_ago"]),
        summary=story["summary"],
        search_description=story["summary"],
        byline=story.get("byline", ""),
        hero_image=ensure_hero_image(story, collection),
        hero_image_alt=story["alt"],
        body=story_body(story["body"]),
    )
    page.topics.add(*story["topics"])
    news_index.add_child(instance=page)
    page.save_revision().publish()
    return page


def load(home: HomePage) -> NewsIndexPage:
    news_index = ensure_child(
        home,
        NewsIndexPage,
        "news",
        title="News",
        show_in_menus=True,
        introduction=(
            "Stories from member cities and from the network's training, research and "
            "partnerships around the world."
        ),
        search_description="News from the network and its member cities.",
    )
    collection = ensure_collection()
    # Oldest first, so that the page tree lists stories in the order they happened.
    for story in sorted(STORIES, key=lambda story: -story["days_ago"]):
        ensure_story(news_index, story, collection)
    return news_index


# The news index and three stories in French and Arabic (issue 11), by the English slug.
INDEX_TRANSLATIONS = {
    "fr": {
        "title": "Actualités",
        "introduction": (
            "Des nouvelles des villes membres, et des formations, des recherches et des "
            "partenariats du réseau dans le monde entier."
        ),
        "search_description": "Les actualités du réseau et de ses villes membres.",
    },
    "ar": {
        "title": "الأخبار",
        "introduction": (
            "أخبار من المدن الأعضاء، ومن أنشطة الشبكة في التدريب والبحث والشراكات حول العالم."
        ),
        "search_description": "أخبار الشبكة ومدنها الأعضاء.",
    },
}

STORY_TRANSLATIONS = {
    "fr": {
        "danish-jordanian-lebanese-municipalities-partnership": {
            "title": (
                "Des municipalités danoises, jordaniennes et libanaises apprennent côte à côte"
            ),
            "summary": (
                "Un partenariat intensif associe des municipalités du Danemark à des "
                "municipalités de Jordanie et du Liban, pour que leurs agents apprennent du "
                "travail quotidien les uns des autres."
            ),
            "alt": "Illustration\u00a0: trois cercles clairs cerclés d’or qui se chevauchent, "
            "sur un dégradé allant du bleu-vert foncé à l’or, pour trois partenaires qui "
            "travaillent ensemble.",
            "body": [
                (
                    "paragraph",
                    "<p>Soutenu par le ministère danois des Affaires étrangères, le partenariat "
                    "repose sur des échanges plutôt que sur des cours magistraux. Les agents se "
                    "rendent dans la municipalité partenaire, suivent leurs collègues pendant "
                    "une semaine de travail, puis préparent ensemble un petit projet.</p>",
                ),
                ("heading", "Comment fonctionne le partenariat"),
                (
                    "paragraph",
                    "<ol><li>Chaque municipalité désigne une petite équipe et un interlocuteur "
                    "au cabinet du maire.</li><li>Les équipes se rendent visite et s’accordent "
                    "sur une question commune.</li><li>Chacune teste une réponse chez elle et "
                    "en rend compte à l’ensemble du groupe.</li></ol>",
                ),
            ],
        },
        "youth-programme-jordan-tunisia": {
            "title": "En Jordanie et en Tunisie, des jeunes contribuent à la prévention locale",
            "byline": "L’équipe du programme jeunesse du réseau",
            "summary": (
                "Un programme soutenu par le ministère norvégien des Affaires étrangères donne "
                "aux jeunes une place à la table lorsque des villes de Jordanie et de Tunisie "
                "conçoivent leur travail de prévention."
            ),
            "alt": "Illustration\u00a0: six barres blanches de plus en plus hautes, chacune "
            "surmontée d’un point doré, sur un dégradé allant du violet au bleu-vert.",
            "body": [
                (
                    "paragraph",
                    "<p>Trop souvent, on parle des jeunes plutôt qu’avec eux. Dans ce programme, "
                    "de jeunes habitants travaillent avec leur municipalité pour choisir un "
                    "problème local, proposer une réponse et contribuer à la mettre en "
                    "œuvre.</p>",
                ),
                (
                    "quote",
                    "Ils nous ont demandé ce dont nous avions besoin, et ensuite ils nous ont "
                    "vraiment écoutés.",
                    "Un participant venu de l’une des villes",
                ),
                (
                    "paragraph",
                    "<p>Parmi les premiers projets\u00a0: des lieux de rencontre sûrs après "
                    "l’école et un dispositif de parrainage qui met en relation les jeunes qui "
                    "quittent l’école avec des employeurs locaux.</p>",
                ),
            ],
        },
        "new-member-city-joins": {
            "title": "Une nouvelle ville membre rejoint le réseau",
            "summary": (
                "Le réseau accueille une nouvelle ville membre, qui apporte son expérience du "
                "travail avec les associations de quartier pour garder les habitants proches "
                "les uns des autres."
            ),
            "alt": "Illustration\u00a0: de petits points blancs épars sur un fond allant du "
            "bleu marine au bleu-vert, rejoints par un point doré plus grand.",
            "body": [
                (
                    "paragraph",
                    "<p>Le cabinet du maire et une équipe de professionnels de terrain seront "
                    "les interlocuteurs du réseau. Ils arrivent au moment où la ville revoit "
                    "sa propre approche, et veulent savoir comment d’autres ont associé les "
                    "habitants dès le départ.</p>",
                ),
                (
                    "paragraph",
                    "<p>Les nouveaux membres reçoivent les termes de référence du réseau, le "
                    "détail des activités à venir et un accès à l’Online Hub des membres.</p>",
                ),
            ],
        },
    },
    "ar": {
        "danish-jordanian-lebanese-municipalities-partnership": {
            "title": "بلديات دنماركية وأردنية ولبنانية تبدأ التعلّم جنبًا إلى جنب",
            "summary": (
                "شراكة مكثّفة تجمع بلديات في الدنمارك ببلديات في الأردن ولبنان، ليتعلّم "
                "العاملون فيها بعضهم من بعض في عملهم اليومي."
            ),
            "alt": "رسم توضيحي: ثلاث دوائر فاتحة متداخلة بحواف ذهبية على خلفية متدرّجة من "
            "الأزرق المخضرّ الداكن إلى الذهبي، ترمز إلى ثلاثة شركاء يعملون معًا.",
            "body": [
                (
                    "paragraph",
                    "<p>تقوم هذه الشراكة، التي تدعمها وزارة الخارجية الدنماركية، على التبادل "
                    "لا على المحاضرات. إذ يزور الموظفون البلدية الشريكة، ويرافقون زملاءهم "
                    "طوال أسبوع عملهم، ثم يخطّطون معًا لمشروع صغير.</p>",
                ),
                ("heading", "كيف تعمل الشراكة"),
                (
                    "paragraph",
                    "<ol><li>تسمّي كل بلدية فريقًا صغيرًا وشخصًا للتواصل في مكتب رئيس "
                    "البلدية.</li><li>تتبادل الفرق الزيارات وتتفق على سؤال مشترك "
                    "واحد.</li><li>يختبر كل فريق إجابةً في بلديته، ثم يعرض ما توصّل إليه على "
                    "المجموعة كلها.</li></ol>",
                ),
            ],
        },
        "youth-programme-jordan-tunisia": {
            "title": "شباب في الأردن وتونس يشاركون في رسم العمل الوقائي المحلي",
            "byline": "فريق برنامج الشباب في الشبكة",
            "summary": (
                "برنامج تدعمه وزارة الخارجية النرويجية يمنح الشباب مقعدًا إلى الطاولة حين "
                "تصمّم مدن في الأردن وتونس عملها الوقائي."
            ),
            "alt": "رسم توضيحي: ستة أعمدة بيضاء متصاعدة تعلو كلًّا منها نقطة ذهبية، على خلفية "
            "متدرّجة من البنفسجي إلى الأزرق المخضرّ.",
            "body": [
                (
                    "paragraph",
                    "<p>كثيرًا ما يُتحدَّث عن الشباب بدلًا من التحدّث معهم. وفي هذا البرنامج، "
                    "يعمل شباب من السكان مع بلديتهم على اختيار مشكلة محلية، واقتراح حلّ لها، "
                    "والمساعدة في تنفيذه.</p>",
                ),
                (
                    "quote",
                    "سألونا عمّا نحتاج إليه، ثم أصغوا إلينا فعلًا.",
                    "أحد المشاركين من إحدى المدن",
                ),
                (
                    "paragraph",
                    "<p>ومن أوائل المشاريع أماكن آمنة يلتقي فيها الشباب بعد المدرسة، وبرنامج "
                    "إرشاد يصل خرّيجي المدارس بأصحاب العمل المحليين.</p>",
                ),
            ],
        },
        "new-member-city-joins": {
            "title": "مدينة جديدة تنضم إلى الشبكة",
            "summary": (
                "ترحّب الشبكة بمدينة عضو جديدة، تحمل معها خبرتها في العمل مع جمعيات الأحياء "
                "للحفاظ على تقارب المجتمعات المحلية."
            ),
            "alt": "رسم توضيحي: نقاط بيضاء صغيرة متناثرة على خلفية من الكحلي إلى الأزرق "
            "المخضرّ، تنضم إليها نقطة ذهبية أكبر.",
            "body": [
                (
                    "paragraph",
                    "<p>سيكون مكتب رئيس البلدية وفريق من العاملين الميدانيين جهتَي التواصل مع "
                    "الشبكة. ويأتي انضمامهم في وقت تراجع فيه المدينة مقاربتها، وهم يريدون "
                    "أن يعرفوا كيف أشركت مدن أخرى السكان منذ البداية.</p>",
                ),
                (
                    "paragraph",
                    "<p>يتسلّم الأعضاء الجدد الإطار المرجعي للشبكة وتفاصيل الأنشطة القادمة، "
                    "ويحصلون على إمكانية الدخول إلى المنصة الإلكترونية للأعضاء.</p>",
                ),
            ],
        },
    },
}


def load_translations(home: HomePage) -> None:
    """The news index and three stories in French and Arabic, under the translated home
    pages."""
    news_index = NewsIndexPage.objects.child_of(home).filter(slug="news").first()
    if news_index is None:
        return
    for language_code, words in INDEX_TRANSLATIONS.items():
        ensure_translation(news_index, language_code, **words)
        # Oldest first, as in English.
        for slug, story in reversed(STORY_TRANSLATIONS[language_code].items()):
            page = NewsPage.objects.child_of(news_index).filter(slug=slug).first()
            if page is None:
                continue
            ensure_translation(
                page,
                language_code,
                title=story["title"],
                summary=story["summary"],
                search_description=story["summary"],
                byline=story.get("byline", ""),
                hero_image_alt=story["alt"],
                body=story_body(story["body"]),
            )
