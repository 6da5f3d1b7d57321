from __future__ import annotations

from django import forms

from chancery.countries.models import PLACE_KINDS, Country
from chancery.countries.resolution import normalize_name
from chancery.directory.models import Mission


def _choices() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(nationalities, places): states that send missions, and every state and territory."""
    senders = Country.objects.filter(
        pk__in=Mission.objects.active().values("sending_country"), iso_alpha2__isnull=False
    ).values_list("slug", "name")
    places = Country.objects.filter(kind__in=PLACE_KINDS).values_list("slug", "name")

    def ordered(rows: object) -> list[tuple[str, str]]:
        return sorted(rows, key=lambda row: normalize_name(row[1]))  # type: ignore[arg-type]

    return ordered(senders), ordered(places)


class HelpForm(forms.Form):
    """Nationality and where the person is; a phone can fill in lat and lon instead."""

    nationality = forms.ChoiceField(label="Your nationality")
    country = forms.ChoiceField(label="The country you are in", required=False)
    city = forms.CharField(label="Town or city (optional)", required=False, max_length=100)
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    other_nationality = forms.ChoiceField(
        label="Another nationality you hold (optional)", required=False
    )
    permanent_resident = forms.BooleanField(
        label="I am a permanent resident of this country", required=False
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        senders, places = _choices()
        self.fields["nationality"].choices = [("", "Choose…"), *senders]
        self.fields["country"].choices = [("", "Choose…"), *places]
        self.fields["other_nationality"].choices = [("", "None"), *places]

    def clean(self) -> dict[str, object]:
        data = super().clean()
        has_point = data.get("lat") is not None and data.get("lon") is not None
        if not has_point and not data.get("country"):
            self.add_error("country", "Choose the country you are in, or use your location.")
        return data
