"""Demo content for the FAQ: the questions people ask about the network, answered in our own
words, with links to the principles, funding, myth-busting and hub pages and to the Terms of
Reference. Created once; an existing FAQ page is left alone."""

from wagtail.models import Site
from wagtail.rich_text import RichText

from home.demo import ensure_child
from home.models import (
    FundingPage,
    HomePage,
    HubPage,
    MythBustingPage,
    PrinciplesPage,
    SiteSettings,
)

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
            f"Write to {write_to_us} to send a membership enquiry.</p>",
        ),
        question(
            "how-do-we-join",
            "How does a city join?",
            "<ol><li>Send us a membership enquiry.</li>"
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
