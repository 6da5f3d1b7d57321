from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from chancery.core.pagecache import FREE_TEXT, reads_query

from .forms import HelpForm
from .selectors import help_answer
from .types import AssistInputError


# The answers depend on a town, coordinates and several countries: too many to cache.
@reads_query(**dict.fromkeys(HelpForm.base_fields, FREE_TEXT))
@require_safe
def help_page(request: HttpRequest) -> HttpResponse:
    """The form, and once filled in, the places that can help as cards."""
    if "nationality" not in request.GET:
        return render(request, "assist/help.html", {"form": HelpForm()})
    # An answer is for one visitor's question: the bare form is the page search engines list.
    seo = {
        "noindex": True,
        "canonical_query": [
            (name, request.GET.get(name, "").strip()) for name in HelpForm.base_fields
        ],
    }
    form = HelpForm(request.GET)
    result = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = help_answer(
                data["nationality"],
                country=data["country"] or None,
                city=data["city"] or None,
                latitude=data["lat"],
                longitude=data["lon"],
                other_nationality=data["other_nationality"] or None,
                permanent_resident=data["permanent_resident"],
            )
        except AssistInputError as exc:
            # Coordinates come from the phone, not from a field: their errors go with the country.
            field = exc.parameter if exc.parameter in form.fields else "country"
            form.add_error(field if field not in ("lat", "lon") else "country", str(exc))
    status = 200 if result is not None else 400
    return render(
        request, "assist/help.html", {"form": form, "result": result, **seo}, status=status
    )
