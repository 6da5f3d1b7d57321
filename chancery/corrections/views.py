from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from chancery.countries.selectors import country_lookup
from chancery.directory.selectors import mission_get

from .forms import ClosedForm, CorrectionForm, NewMissionForm
from .models import FIELD_LABELS, SuggestionKind
from .ratelimit import allow, client_hash
from .selectors import mission_history
from .services import suggestion_submit


def _mission(slug: str):
    mission = mission_get(slug)
    if mission is None:
        raise Http404("No such mission")
    return mission


def _limited(request: HttpRequest) -> HttpResponse | None:
    if request.method == "POST" and not allow(request):
        return render(request, "corrections/too_many.html", status=429)
    return None


@require_http_methods(["GET", "HEAD", "POST"])
def suggest_correction(request: HttpRequest, slug: str) -> HttpResponse:
    mission = _mission(slug)
    if limited := _limited(request):
        return limited
    form = CorrectionForm(request.POST or None, mission=mission)
    if request.method == "POST" and form.is_valid():
        suggestion_submit(
            SuggestionKind.CORRECTION,
            form.changes(),
            mission=mission,
            client_hash=client_hash(request),
            **form.submitter(),
        )
        return redirect("corrections:thanks")
    return render(
        request,
        "corrections/suggest.html",
        {
            "form": form,
            "mission": mission,
            "labels": FIELD_LABELS,
            "title": _("Suggest a correction"),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def report_closed(request: HttpRequest, slug: str) -> HttpResponse:
    mission = _mission(slug)
    if limited := _limited(request):
        return limited
    form = ClosedForm(request.POST or None, mission=mission)
    if request.method == "POST" and form.is_valid():
        suggestion_submit(
            SuggestionKind.CLOSED_OR_MOVED,
            form.changes(),
            mission=mission,
            client_hash=client_hash(request),
            **form.submitter(),
        )
        return redirect("corrections:thanks")
    return render(
        request,
        "corrections/suggest.html",
        {"form": form, "mission": mission, "title": _("Report closed or moved")},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def suggest_mission(request: HttpRequest, host: str) -> HttpResponse:
    country = country_lookup(host).country
    if country is None:
        raise Http404("No such country")
    if limited := _limited(request):
        return limited
    form = NewMissionForm(request.POST or None, host=country)
    if request.method == "POST" and form.is_valid():
        suggestion_submit(
            SuggestionKind.NEW_MISSION,
            form.changes(),
            host=country,
            sender=form.cleaned_data["sending_country"],
            client_hash=client_hash(request),
            **form.submitter(),
        )
        return redirect("corrections:thanks")
    return render(
        request,
        "corrections/suggest.html",
        {
            "form": form,
            "host": country,
            "title": _("Add a missing mission in %(country)s")
            % {"country": country.label_in_sentence},
        },
        status=400 if form.errors else 200,
    )


@require_safe
def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "corrections/thanks.html")


@require_safe
def history(request: HttpRequest, slug: str) -> HttpResponse:
    mission = _mission(slug)
    return render(
        request,
        "corrections/history.html",
        {"mission": mission, "changes": mission_history(mission), "labels": FIELD_LABELS},
    )
