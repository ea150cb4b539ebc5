"""Demo content for the site's frame: the home page, an about page, a privacy page and the
site settings. Each piece is created once: what already exists (perhaps edited since) is
left alone, so running the loader again changes nothing."""

from urllib.parse import urlsplit

from django.conf import settings as django_settings

from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from .models import HomePage, SiteSettings, StandardPage


def ensure_child(parent: Page, model, slug: str, **fields):
    """The live child of `parent` at `slug`, created and published if it is missing."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
    return page


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
    load_site_settings(home, privacy)
    return home
