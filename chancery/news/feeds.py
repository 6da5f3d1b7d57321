"""News out: RSS 2.0 and Atom, for all news and per country."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed

from chancery.countries.models import Country
from chancery.countries.selectors import country_lookup

from .models import Article
from .selectors import visible_articles


class NewsRss(Feed):
    feed_type: type[SyndicationFeed] = Rss201rev2Feed
    description = "Diplomatic news from Chancery: embassies, consulates and travellers abroad."
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

    def item_author_name(self, item: Article) -> str:
        return item.author or item.source_name

    def item_categories(self, item: Article) -> list[str]:
        return [country.name for country in item.countries.all()]

    def item_guid(self, item: Article) -> str:
        return f"chancery-article-{item.pk}"

    item_guid_is_permalink = False


class NewsAtom(NewsRss):
    feed_type = Atom1Feed
    country_route = "news:country-atom"
    subtitle = NewsRss.description
