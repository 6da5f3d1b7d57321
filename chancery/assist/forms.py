from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from chancery.directory.selectors import country_choices


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

    @choices.setter  # type: ignore[override]  # flat pairs only, not ChoiceField's groups or callables
    def choices(self, value: Iterable[tuple[str, str]]) -> None:
        self._choices = list(value)
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Nationalities: states that send missions; places: every state and territory.
        senders = country_choices(sending=True, coded=True)
        places = country_choices(places=True)
        self._picker("nationality").choices = [("", _("Choose…")), *senders]
        self._picker("country").choices = [("", _("Choose…")), *places]
        self._picker("other_nationality").choices = [
            ("", pgettext("another nationality", "None")),
            *places,
        ]

    def _picker(self, name: str) -> PickerField:
        return cast(PickerField, self.fields[name])

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        has_point = data.get("lat") is not None and data.get("lon") is not None
        if not has_point and not data.get("country"):
            self.add_error("country", _("Choose the country you are in, or use your location."))
        return data
