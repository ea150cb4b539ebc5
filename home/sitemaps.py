"""The sitemap in every language (issue 11): each language's pages, and with each page the
addresses of its translations as hreflang alternates, as the head announces them."""

from collections import defaultdict
from functools import reduce
from operator import or_

from django.conf import settings

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from .selectors import public_pages


class TranslatedSitemap(Sitemap):
    def pages(self):
        """Live public pages under the site's home page and under each of its translations."""
        root = self.get_wagtail_site().root_page
        homes = Page.objects.live().filter(translation_key=root.translation_key)
        trees = reduce(or_, (Page.objects.descendant_of_q(home, inclusive=True) for home in homes))
        return public_pages(Page.objects.live().filter(trees))

    def items(self):
        return self.pages().order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        """Wagtail's, with each page's translations as alternates, from one more query."""
        items = list(self.paginator.page(page).object_list)
        alternates = self.alternates({item.translation_key for item in items})
        urls = []
        last_mods = set()
        for item in items:
            for url_info in item.get_sitemap_urls(self.request):
                if url_info["location"] == item.get_full_url(self.request):
                    url_info = {**url_info, "alternates": alternates[item.translation_key]}
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls

    def alternates(self, translation_keys) -> defaultdict:
        """{translation key: the alternates of its pages}: one per language the page is in, and
        x-default for the English one; none for a page in one language only."""
        found = defaultdict(list)
        translations = (
            self.pages()
            .filter(translation_key__in=translation_keys)
            .select_related("locale")
            .order_by("path")
        )
        for translation in translations:
            found[translation.translation_key].append(
                {
                    "lang_code": translation.locale.language_code,
                    "location": translation.get_full_url(self.request),
                }
            )
        alternates = defaultdict(list)
        for key, links in found.items():
            if len(links) < 2:
                continue
            default = [link for link in links if link["lang_code"] == settings.LANGUAGE_CODE]
            alternates[key] = links + [{**link, "lang_code": "x-default"} for link in default]
        return alternates
