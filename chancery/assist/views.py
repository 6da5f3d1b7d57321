from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from chancery.core.pagecache import FREE_TEXT, reads_query

from .forms import HelpForm
from .services import AssistInputError, answer, country_from, location_from, snapshot_for


# The answers depend on a town, coordinates and several countries: too many to cache.
@reads_query(**dict.fromkeys(HelpForm.base_fields, FREE_TEXT))
@require_safe
def help_page(request: HttpRequest) -> HttpResponse:
    """The form, and once filled in, the places that can help as cards."""
    if "nationality" not in request.GET:
        return render(request, "assist/help.html", {"form": HelpForm()})
    form = HelpForm(request.GET)
    result = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            citizen = country_from(data["nationality"], "nationality")
            location = location_from(
                country=data["country"] or None,
                city=data["city"] or None,
                latitude=data["lat"],
                longitude=data["lon"],
            )
            other = (
                country_from(data["other_nationality"], "other_nationality")
                if data["other_nationality"]
                else None
            )
        except AssistInputError as exc:
            field = exc.parameter if exc.parameter in form.fields else "country"
            form.add_error(field if field not in ("lat", "lon") else "country", str(exc))
        else:
            result = answer(
                citizen,
                location,
                snapshot_for(citizen, location.country),
                other_nationality=other,
                permanent_resident=data["permanent_resident"],
            )
    status = 200 if result is not None else 400
    return render(request, "assist/help.html", {"form": form, "result": result}, status=status)
