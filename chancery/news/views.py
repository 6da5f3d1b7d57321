from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_safe

from chancery.core.pagecache import reads_query
from chancery.core.structured_data import request_canonical_url
from chancery.countries.models import Country
from chancery.countries.selectors import country_lookup

from . import selectors, structured_data
from .models import Article

PAGE_SIZE = 20


def _country_slug(value: str, query: QueryDict) -> bool:
    """A country's own slug, or "" for all news (the filter's box sent empty). A name or code
    finds the same country, but in endless spellings: those pages are not cached."""
    return value == "" or Country.objects.filter(slug=value).exists()


def _existing_page(value: str, query: QueryDict) -> bool:
    """A page number as the page's links write it, up to the last page: a number past it
    shows the last page again, under as many addresses as there are numbers."""
    if not (value.isascii() and value.isdecimal()) or value != str(int(value)):
        return False
    code = query.get("country", "")
    country = country_lookup(code).country if code else None
    return 1 <= int(value) <= Paginator(selectors.visible_articles(country), PAGE_SIZE).num_pages


@reads_query(country=_country_slug, page=_existing_page)
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Newest first, 20 a page; ?country= keeps one country's news."""
    code = request.GET.get("country", "").strip()
    country = country_lookup(code).country if code else None
    if code and country is None:
        raise Http404(f"No country {code!r}")
    page = Paginator(selectors.visible_articles(country), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "country": country,
        "description": structured_data.index_description(country, page),
        # The page's own number (a number past the last shows the last page) and the
        # country's slug, however it was asked for: the address the page's links write.
        "canonical_query": {
            "page": page.number if page.number > 1 else None,
            "country": country.slug if country else None,
        },
    }
    return render(request, "news/index.html", context)


@require_safe
def article_detail(
    request: HttpRequest, year: int, month: str, day: str, slug: str
) -> HttpResponse:
    article = (
        Article.objects.filter(slug=slug)
        .select_related("feed")
        .prefetch_related("countries")
        .first()
    )
    if article is None:
        raise Http404("No such article")
    preview = not article.is_visible
    if preview and not (request.user.is_authenticated and request.user.is_staff):
        raise Http404("No such article")
    if article.get_absolute_url() != request.path:
        raise Http404("No such article")
    description = structured_data.article_description(article)
    context = {
        "article": article,
        "preview": preview,
        "related": selectors.related_articles(article),
        "description": description,
        "noindex": preview,
        "structured_data": structured_data.article_json_ld(
            article, page_url=request_canonical_url(request), description=description
        ),
        **structured_data.article_open_graph(article),
    }
    response = render(request, "news/article.html", context)
    if preview:
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
    return response
