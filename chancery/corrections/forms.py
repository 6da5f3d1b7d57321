"""The public's correction forms: every value validated, with a clear message per field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict, cast

import pycountry
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chancery.core.geo import CoordinatesError, nearest_place
from chancery.core.language import page_language
from chancery.core.weblinks import EmailAddressField, WebAddressField
from chancery.countries.models import Country
from chancery.countries.places import sovereign_code
from chancery.directory.models import Mission, MissionKind, MissionStatus
from chancery.directory.phones import phone_parse, phone_valid
from chancery.directory.selectors import country_choices
from chancery.directory.services import mission_field_value
from chancery.lexicon.selectors import near_a_city_of

from .models import EDITABLE_FIELDS, FIELD_LABELS

#: A point this close to one of the host's cities counts as inside the host.
NEAR_CITY_KM = 15.0
#: Changing one of these needs an evidence link.
EVIDENCE_FIELDS = ("phone", "website", "address")
SUGGESTABLE_KINDS = (
    MissionKind.EMBASSY,
    MissionKind.HIGH_COMMISSION,
    MissionKind.CONSULATE_GENERAL,
    MissionKind.CONSULATE,
    MissionKind.HONORARY_CONSULATE,
)


class Submitter(TypedDict):
    """What comes with a suggestion besides its changes."""

    note: str
    evidence_url: str
    email: str


def _place_name(code: str) -> str:
    """The name of the country with this ISO code, in the page's language where known."""
    record = pycountry.countries.get(alpha_2=code)
    english = getattr(record, "common_name", None) or (record.name if record else code)
    language = page_language()
    if language == "en":
        return english
    names = Country.objects.filter(iso_alpha2=code).values_list("names", flat=True).first()
    return (names or {}).get(language) or english


class _Base(forms.Form):
    evidence_url = WebAddressField(
        label=gettext_lazy(
            "Evidence: a link to an official page showing this (needed for a phone, website "
            "or address)"
        ),
        required=False,
        max_length=1000,
    )
    note = forms.CharField(
        label=gettext_lazy("Anything else we should know (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    contact_email = EmailAddressField(
        label=gettext_lazy("Your email, to hear the outcome (optional)"),
        required=False,
        max_length=254,
    )
    # Left empty by people; filled in by form-filling robots.
    homepage = forms.CharField(
        required=False,
        label=gettext_lazy("Leave this empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    host: Country | None = None

    def submitter(self) -> Submitter:
        """The note, evidence and contact address that come with the suggestion."""
        return {
            "note": self.cleaned_data["note"],
            "evidence_url": self.cleaned_data["evidence_url"],
            "email": self.cleaned_data["contact_email"],
        }

    def clean_homepage(self) -> str:
        if self.cleaned_data.get("homepage"):
            raise forms.ValidationError(_("This field must be left empty."))
        return ""

    def _check_phone(self, data: dict[str, Any]) -> None:
        raw = data.get("phone")
        if not raw:
            return
        number = phone_parse(raw, self.host.iso_alpha2 if self.host else None)
        if number is None:
            self.add_error(
                "phone",
                _(
                    "This is not a phone number. Write it as on the official page, "
                    "e.g. +7 495 937 95 00."
                ),
            )
            return
        if not phone_valid(number):
            self.add_error(
                "phone",
                _(
                    "This phone number is not valid for any country. Check the digits and the "
                    "country code."
                ),
            )

    def _check_place(self, data: dict[str, Any]) -> None:
        lat, lon = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lon is None):
            self.add_error(
                "longitude" if lon is None else "latitude",
                _("Give both latitude and longitude, or neither."),
            )
            return
        if lat is None or lon is None or self.host is None:
            return
        try:
            place = nearest_place(lat, lon)
        except CoordinatesError as exc:
            self.add_error("latitude", str(exc))
            return
        code = place.country_code
        if self.host.iso_alpha2 in (code, sovereign_code(code)):
            return
        # The nearest town may be across a border (central Rome is nearest the Vatican's own
        # "town"): also accept a point close to one of the host's cities.
        if near_a_city_of(self.host.pk, lat, lon, within_km=NEAR_CITY_KM):
            return
        self.add_error(
            "latitude",
            _(
                "These coordinates are in %(place)s (%(code)s), not in %(country)s. "
                "Check the order (latitude first) and the signs."
            )
            % {"place": _place_name(code), "code": code, "country": self.host.label_in_sentence},
        )


class _ContactFields(forms.Form):
    """How to reach a mission and where it is: the fields a correction and a new mission share
    (after the form's own fields; see `field_order`)."""

    phone = forms.CharField(label=FIELD_LABELS["phone"], max_length=60, required=False)
    email = EmailAddressField(label=FIELD_LABELS["email"], max_length=254, required=False)
    website = WebAddressField(label=FIELD_LABELS["website"], max_length=1000, required=False)
    latitude = forms.FloatField(
        label=FIELD_LABELS["latitude"], required=False, min_value=-90, max_value=90
    )
    longitude = forms.FloatField(
        label=FIELD_LABELS["longitude"], required=False, min_value=-180, max_value=180
    )


#: The shared fields (_Base) first, then each form's own, then the contact fields.
_BASE_FIELDS = ["evidence_url", "note", "contact_email", "homepage"]


class CorrectionForm(_ContactFields, _Base):
    field_order = [*_BASE_FIELDS, "name", "city", "address"]

    name = forms.CharField(label=FIELD_LABELS["name"], max_length=300, required=False)
    city = forms.CharField(label=FIELD_LABELS["city"], max_length=200, required=False)
    address = forms.CharField(
        label=FIELD_LABELS["address"],
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, data: Mapping[str, Any] | None = None, *, mission: Mission, **kwargs: Any
    ) -> None:
        initial = {f: mission_field_value(mission, f) for f in EDITABLE_FIELDS}
        super().__init__(data, initial=initial, **kwargs)
        self.mission = mission
        self.host = mission.host_country
        for name in ("website", "email"):
            # `fields` holds the declared fields, typed there as plain `Field`.
            field = cast("WebAddressField | EmailAddressField", self.fields[name])
            field.on_record = initial[name] or ""

    def _differs(self, field: str, data: dict[str, Any]) -> bool:
        value = data.get(field)
        value = value.strip() if isinstance(value, str) else value
        current = mission_field_value(self.mission, field)
        return value not in (None, "") and value != current

    def changes(self) -> dict[str, Any]:
        """The fields whose submitted value differs from the current one."""
        out = {}
        for field in EDITABLE_FIELDS:
            value = self.cleaned_data.get(field)
            value = value.strip() if isinstance(value, str) else value
            if value in (None, "") and field in ("name", "city"):
                continue  # an empty name or city is not a correction
            if value != (
                mission_field_value(self.mission, field) or ("" if isinstance(value, str) else None)
            ):
                out[field] = value if value is not None else None
        return out

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        # Only what the person changed is checked: a value already on record (an old phone
        # format, coordinates from the source) is not theirs to fix.
        if self._differs("phone", data):
            self._check_phone(data)
        if self._differs("latitude", data) or self._differs("longitude", data):
            self._check_place(data)
        if not self.errors:
            changed = self.changes()
            if not changed:
                raise forms.ValidationError(
                    _("Nothing was changed: edit the fields that are wrong.")
                )
            if any(f in changed for f in EVIDENCE_FIELDS) and not data.get("evidence_url"):
                self.add_error(
                    "evidence_url",
                    _(
                        "A link to an official page is needed when you change a phone, website "
                        "or address."
                    ),
                )
        return data


class ClosedForm(_Base):
    what = forms.ChoiceField(
        label=gettext_lazy("What happened?"),
        choices=[
            ("closed", gettext_lazy("It has closed")),
            ("moved", gettext_lazy("It has moved")),
        ],
        widget=forms.RadioSelect,
    )
    address = forms.CharField(
        label=gettext_lazy("New address (if it moved)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, mission: Mission, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mission = mission
        self.host = mission.host_country
        self.fields["evidence_url"].required = True
        self.fields["evidence_url"].label = _("Evidence: a link to an official notice or page")

    def changes(self) -> dict[str, Any]:
        """The mission closed, or its new address."""
        if self.cleaned_data["what"] == "closed":
            return {"status": MissionStatus.CLOSED}
        return {"address": self.cleaned_data["address"]}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("what") == "moved" and not data.get("address"):
            self.add_error("address", _('Give the new address, or choose "It has closed".'))
        return data


class NewMissionForm(_ContactFields, _Base):
    field_order = [*_BASE_FIELDS, "sending_country", "kind", "city", "address"]
    host: Country

    sending_country = forms.ModelChoiceField(
        queryset=Country.objects.exclude(iso_alpha2=None).order_by("name"),
        label=gettext_lazy("Whose mission is it?"),
        to_field_name="slug",
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"), choices=[(k.value, k.label) for k in SUGGESTABLE_KINDS]
    )
    city = forms.CharField(label=gettext_lazy("City"), max_length=200)
    address = forms.CharField(
        label=gettext_lazy("Address"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, host: Country, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.host = host
        self.fields["evidence_url"].required = True
        sender = cast(forms.ModelChoiceField, self.fields["sending_country"])
        # Named and ordered in the page's language, read when the form is shown.
        sender.choices = lambda: [("", sender.empty_label), *country_choices(coded=True)]

    def changes(self) -> dict[str, Any]:
        """The missing mission's kind, place and contacts, as far as given."""
        return {
            field: self.cleaned_data[field]
            for field in (
                "kind",
                "city",
                "address",
                "phone",
                "email",
                "website",
                "latitude",
                "longitude",
            )
            if self.cleaned_data.get(field) not in (None, "")
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        self._check_phone(data)
        self._check_place(data)
        sender = data.get("sending_country")
        if sender is not None and sender.pk == self.host.pk:
            self.add_error(
                "sending_country",
                _(
                    "A country has no embassy in itself: choose the country whose mission it is, "
                    "not %(country)s."
                )
                % {"country": self.host.label_in_sentence},
            )
        return data
