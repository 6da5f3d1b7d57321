from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from chancery.countries.selectors import country_lookup
from chancery.directory.models import MissionStatus
from chancery.directory.selectors import mission_get

from .forms import ClosedForm, CorrectionForm, NewMissionForm
from .models import FIELD_LABELS, Suggestion, SuggestionKind
from .ratelimit import allow, client_hash
from .selectors import mission_history
from .services import suggestion_flags


def _mission(slug: str):
    mission = mission_get(slug)
    if mission is None:
        raise Http404("No such mission")
    return mission


def _limited(request: HttpRequest) -> HttpResponse | None:
    if request.method == "POST" and not allow(request):
        return render(request, "corrections/too_many.html", status=429)
    return None


def _save(request: HttpRequest, **fields: object) -> Suggestion:
    return Suggestion.objects.create(client_hash=client_hash(request), **fields)


@require_http_methods(["GET", "HEAD", "POST"])
def suggest_correction(request: HttpRequest, slug: str) -> HttpResponse:
    mission = _mission(slug)
    if limited := _limited(request):
        return limited
    form = CorrectionForm(request.POST or None, mission=mission)
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        flags = suggestion_flags(mission, changes, mission.sending_country.iso_alpha2 or "")
        _save(
            request,
            kind=SuggestionKind.CORRECTION,
            mission=mission,
            changes=changes,
            note=form.cleaned_data["note"],
            evidence_url=form.cleaned_data["evidence_url"],
            email=form.cleaned_data["contact_email"],
            needs_extra_review=bool(flags),
            review_flags=flags,
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
        data = form.cleaned_data
        changes = (
            {"status": MissionStatus.CLOSED}
            if data["what"] == "closed"
            else {"address": data["address"]}
        )
        _save(
            request,
            kind=SuggestionKind.CLOSED_OR_MOVED,
            mission=mission,
            changes=changes,
            note=data["note"],
            evidence_url=data["evidence_url"],
            email=data["contact_email"],
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
        data = form.cleaned_data
        sender = data["sending_country"]
        changes = {
            k: data[k]
            for k in (
                "kind",
                "city",
                "address",
                "phone",
                "email",
                "website",
                "latitude",
                "longitude",
            )
            if data.get(k) not in (None, "")
        }
        flags = suggestion_flags(None, changes, sender.iso_alpha2 or "")
        _save(
            request,
            kind=SuggestionKind.NEW_MISSION,
            host_country=country,
            sending_country=sender,
            changes=changes,
            note=data["note"],
            evidence_url=data["evidence_url"],
            email=data["contact_email"],
            needs_extra_review=bool(flags),
            review_flags=flags,
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
