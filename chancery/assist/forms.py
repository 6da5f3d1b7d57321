from __future__ import annotations

from django import forms
from django.utils.translation import get_language, gettext_lazy, pgettext
from django.utils.translation import gettext as _

from chancery.core.fragments import cached_value
from chancery.countries.models import PLACE_KINDS, Country
from chancery.countries.resolution import sort_key
from chancery.directory.models import Mission


def _choices() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(nationalities, places): states that send missions, and every state and territory,
    named and ordered in the language of the page (kept per data version and language)."""
    return cached_value("help-choices", (), _compute_choices)


def _compute_choices() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    language = (get_language() or "en").split("-")[0]
    senders = Country.objects.filter(
        pk__in=Mission.objects.active().values("sending_country"), iso_alpha2__isnull=False
    ).values_list("slug", "name", "names")
    places = Country.objects.filter(kind__in=PLACE_KINDS).values_list("slug", "name", "names")

    def ordered(rows: object) -> list[tuple[str, str]]:
        labelled = [
            (slug, (names or {}).get(language) or name)
            for slug, name, names in rows  # type: ignore[attr-defined]
        ]
        return sorted(labelled, key=lambda row: sort_key(row[1]))

    return ordered(senders), ordered(places)


class PickerField(forms.ChoiceField):
    """A choice field for a long flat list of (value, label) pairs: every country.

    Django normalises choices on every assignment, for the field and again for its widget, and
    checks a value by walking them; with some 250 countries in three pickers that was most of
    the page's time. Here the list is kept as given and a value is checked against a set. The
    template writes the options with `{% select_options %}`, not the widget.
    """

    @property
    def choices(self) -> list[tuple[str, str]]:
        return self._choices

    @choices.setter
    def choices(self, value: object) -> None:
        self._choices = list(value)  # type: ignore[call-overload]
        self._values = frozenset(str(key) for key, _ in self._choices)

    def valid_value(self, value: object) -> bool:
        return str(value) in self._values


class HelpForm(forms.Form):
    """Nationality and where the person is; a phone can fill in lat and lon instead."""

    nationality = PickerField(label=gettext_lazy("Your nationality"))
    country = PickerField(label=gettext_lazy("The country you are in"), required=False)
    city = forms.CharField(
        label=gettext_lazy("Town or city (optional)"), required=False, max_length=100
    )
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    other_nationality = PickerField(
        label=gettext_lazy("Another nationality you hold (optional)"), required=False
    )
    permanent_resident = forms.BooleanField(
        label=gettext_lazy("I am a permanent resident of this country"), required=False
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        senders, places = _choices()
        self.fields["nationality"].choices = [("", _("Choose…")), *senders]
        self.fields["country"].choices = [("", _("Choose…")), *places]
        self.fields["other_nationality"].choices = [
            ("", pgettext("another nationality", "None")),
            *places,
        ]

    def clean(self) -> dict[str, object]:
        data = super().clean()
        has_point = data.get("lat") is not None and data.get("lon") is not None
        if not has_point and not data.get("country"):
            self.add_error("country", _("Choose the country you are in, or use your location."))
        return data
