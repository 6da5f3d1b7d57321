"""Shared helpers for the corrections tests: form data as a browser would send it, admin posts."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.contrib import admin
from django.test import Client, RequestFactory

from chancery.corrections.forms import CorrectionForm
from chancery.directory.models import Mission

MISSIONS_2022 = (
    Path(__file__).resolve().parents[3].parent / "shared" / "data" / "wikidata-missions"
) / "missions-2022-11-16.csv"

# Real missions of the 2022 snapshot used throughout (their data is checked where it matters).
GERMANY_IN_RUSSIA = "Q4373990"  # no phone, no address; website germania.diplo.de
GERMANY_IN_AUSTRIA = "Q1202238"  # phone, email and website on wien.diplo.de
AZERBAIJAN_IN_JAPAN = "Q16417892"  # website azembassy.jp: not on an Azerbaijani domain
AZERBAIJAN_IN_EGYPT = "Q16418143"  # official website, email on gmail.com
AUSTRIA_HONORARY_IN_ALBANIA = "Q79842061"  # honorary consul's own email domain
FRANCE_IN_ZIMBABWE = "Q2841699"  # its listed phone (+263-776118) is not a valid number
ALBANIA_TO_HOLY_SEE_IN_ROME = "Q56326894"  # host Italy, in Rome by the Vatican
GERMANY_IN_ITALY = "Q1860153"  # in Rome

#: A valid Moscow number (the Federal Foreign Office's own page lists +7 495 933 43 11).
MOSCOW_PHONE = "+7 495 933 43 11"
EVIDENCE = "https://germania.diplo.de/ru-de/vertretungen/botschaft"
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ESCAPED_XSS = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"

# Column positions in the Wikidata CSV (semicolon separated).
COL_ADDRESS, COL_PHONE, COL_EMAIL, COL_WEBSITE = 8, 11, 12, 13


def mission(wikidata_id: str) -> Mission:
    return Mission.objects.select_related("sending_country", "host_country").get(
        wikidata_id=wikidata_id
    )


def suggest_url(m: Mission) -> str:
    return f"/missions/{m.slug}/suggest/"


def closed_url(m: Mission) -> str:
    return f"/missions/{m.slug}/report-closed/"


def history_url(m: Mission) -> str:
    return f"/missions/{m.slug}/history/"


def correction_data(m: Mission, **changes: Any) -> dict[str, str]:
    """What the correction form posts: the current values it was filled with, then `changes`."""
    initial = CorrectionForm(mission=m).initial
    data = {name: "" if value is None else str(value) for name, value in initial.items()}
    data.update(evidence_url="", note="", contact_email="", homepage="")
    data.update({key: "" if value is None else str(value) for key, value in changes.items()})
    return data


def new_mission_data(**values: Any) -> dict[str, str]:
    data = {
        "sending_country": "germany",
        "kind": "consulate_general",
        "city": "Kazan",
        "address": "ul. Pushkina 1, Kazan",
        "phone": "+7 843 200 00 00",
        "email": "",
        "website": "https://kasan.diplo.de",
        "latitude": "55.7963",
        "longitude": "49.1088",
        "evidence_url": "https://www.auswaertiges-amt.de/de/service/laender/russland-node",
        "note": "",
        "contact_email": "",
        "homepage": "",
    }
    data.update({key: str(value) for key, value in values.items()})
    return data


def admin_action(client: Client, url: str, action: str, pks: list[int], **extra: str):
    """POST an action from an admin changelist, as the "Go" button does."""
    data: dict[str, Any] = {"action": action, "_selected_action": [str(pk) for pk in pks]}
    data.update(extra)
    if "apply" not in extra:
        data["index"] = "0"
    return client.post(url, data)


def admin_mission_form_data(m: Mission, user: Any) -> dict[str, Any]:
    """The Mission admin's change form as the browser posts it, unchanged."""
    model_admin = admin.site._registry[Mission]
    request = RequestFactory().get("/")
    request.user = user
    form = model_admin.get_form(request, m, change=True)(instance=m)
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            value = ""
        elif isinstance(value, list | tuple):
            value = [str(v) for v in value]
        data[name] = value
    data["_save"] = "Save"
    return data


def errors_of(response: Any, field: str) -> list[str]:
    form = response.context["form"]
    return list(form.errors.get(field, []))


def text(response: Any) -> str:
    return response.content.decode()


def squash(html: str) -> str:
    return re.sub(r"\s+", " ", html)
