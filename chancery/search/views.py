from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from chancery.directory.models import MissionKind

from .presenters import search_payload
from .services import DEFAULT_LIMIT, search

KIND_LABELS = dict(MissionKind.choices)
#: How the page names the kind a query asked for.
ASKED_KIND_PLURALS = {
    "embassy": "embassies",
    "high_commission": "high commissions",
    "consulate": "consulates",
    "consulate_general": "consulates-general",
    "honorary_consulate": "honorary consulates",
    "vice_consulate": "vice-consulates",
    "nunciature": "nunciatures",
    "permanent_mission": "permanent missions",
    "mission": "missions",
}


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    """Results for ?q=, with how the query was read; an empty form without one."""
    query = request.GET.get("q", "")
    payload = search_payload(search(query, DEFAULT_LIMIT * 2)) if query.strip() else None
    if payload:
        for result in payload["results"]:
            result["kind_label"] = KIND_LABELS.get(result["kind"], result["kind"])
    return render(
        request,
        "search/results.html",
        {
            "q": query,
            "payload": payload,
            "asked_kind": ASKED_KIND_PLURALS.get(
                (payload or {}).get("interpretation", {}).get("kind") or "", "missions"
            ),
        },
    )
