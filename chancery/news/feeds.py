"""News out: RSS 2.0 and Atom, for all news and per country.

An article has one id (Atom id, RSS guid) wherever it appears: in the news feed, in each of its
countries' feeds and in every language's. The id is a tag: URI made of what names the article
outside the database (see `article_tag`), so that readers never show it twice, even after the
database is rebuilt.
"""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed

from chancery.core.taguri import tag_uri
from chancery.countries.models import Country
from chancery.countries.selectors import country_lookup

from .models import Article
from .selectors import visible_articles

#: A URI with a scheme ("https://…", "urn:uuid:…", "tag:…"): an id unique on its own. Anything
#: else a feed calls an id ("12345") is unique only within that feed.
_ABSOLUTE_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S")


def article_tag(article: Article) -> str:
    """The article's id: from a feed, the entry's own id when it is a URI, else the entry's
    link (a feed's other ids, such as "12345", are its own only); written here, its publication
    day (UTC) and slug."""
    if article.guid and _ABSOLUTE_URI.match(article.guid):
        return tag_uri(f"news/{article.guid}")
    if article.guid and article.source_url:
        return tag_uri(f"news/{article.source_url}")
    day = article.published_at.astimezone(dt.UTC).date()
    return tag_uri(f"news/{day.isoformat()}/{article.slug}")


class NewsRss(Feed):
    feed_type: type[SyndicationFeed] = Rss201rev2Feed
    description = "Diplomatic news from Chancery: embassies, consulates and travellers abroad."
    #: Atom requires an author for the feed when an entry has none (RFC 4287 §4.1.1).
    author_name = "Chancery"
    #: The per-country address, where other spellings of a country are sent.
    country_route = "news:country-rss"

    def __call__(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        """A country named by its code or another spelling is sent to its one address (as the
        pages are), so that readers subscribe once and caches keep one copy."""
        code = kwargs.get("country")
        if isinstance(code, str):
            found = country_lookup(code).country
            if found is not None and found.slug != code:
                return HttpResponsePermanentRedirect(reverse(self.country_route, args=[found.slug]))
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request: HttpRequest, country: str | None = None) -> Country | None:
        if country is None:
            return None
        found = country_lookup(country).country
        if found is None:
            raise Http404(f"No country {country!r}")
        return found

    def author_link(self) -> str:
        return settings.CHANCERY_SITE_URL

    def title(self, obj: Country | None) -> str:
        return f"Chancery news: {obj.name}" if obj else "Chancery news"

    def link(self, obj: Country | None) -> str:
        url = reverse("news:index")
        return f"{url}?country={obj.slug}" if obj else url

    def items(self, obj: Country | None) -> list[Article]:
        return list(visible_articles(obj)[:30])

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.body_html or item.summary

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        return item.updated_at

    def item_author_name(self, item: Article) -> str | None:
        # None, not "": an empty name would be written as an author without a name.
        return item.author or item.source_name or None

    def item_categories(self, item: Article) -> list[str]:
        return [country.name for country in item.countries.all()]

    def item_guid(self, item: Article) -> str:
        return article_tag(item)

    item_guid_is_permalink = False


class NewsAtom(NewsRss):
    feed_type = Atom1Feed
    country_route = "news:country-atom"
    subtitle = NewsRss.description
