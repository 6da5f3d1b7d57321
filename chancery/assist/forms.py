from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from chancery.countries.selectors import country_lookup, country_suggestions
from chancery.directory.selectors import country_choices

if TYPE_CHECKING:  # a lazy translation where a message is expected (django-stubs' alias)
    from django_stubs_ext import StrOrPromise


class PickerField(forms.ChoiceField):
    """A choice field for a long flat list of (value, label) pairs: every country.

    Django normalises choices on every assignment, for the field and again for its widget, and
    checks a value by walking them; with some 250 countries in three pickers that was most of
    the page's time. Here the list is kept as given and a value is checked against a set. The
    template writes the options with `{% select_options %}`, not the widget.

    A link may name a country as the API does (an ISO alpha-2 or alpha-3 code, a name in any
    language the site knows, a slug or a Wikidata ID): the value is read as that country's
    option; one that names no option gets a message with the closest names.
    """

    def __init__(self, *args: Any, not_here: StrOrPromise = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: What to say when the value is a country that is not among the options.
        self.not_here = not_here

    @property
    def choices(self) -> list[tuple[str, str]]:
        return self._choices

    @choices.setter  # type: ignore[override]  # flat pairs only, not ChoiceField's groups or callables
    def choices(self, value: Iterable[tuple[str, str]]) -> None:
        self._choices = list(value)
        self._values = frozenset(str(key) for key, _ in self._choices)

    def valid_value(self, value: object) -> bool:
        return str(value) in self._values

    def resolved(self, value: str) -> str:
        """The option a value stands for (its slug), or the value as given."""
        value = value.strip()
        if not value or value in self._values:
            return value
        country = country_lookup(value).country
        return country.slug if country is not None and country.slug in self._values else value

    def to_python(self, value: Any) -> str:
        return self.resolved(super().to_python(value))

    def bound_data(self, data: Any, initial: Any) -> Any:
        # The picker shows the option a link's code stands for as chosen.
        return self.resolved(data) if isinstance(data, str) else data

    def validate(self, value: Any) -> None:
        if value and not self.valid_value(value):
            raise ValidationError(self._unknown(str(value)), code="invalid_choice")
        super().validate(value)

    def _unknown(self, value: str) -> str:
        shown = value[:60]
        country = country_lookup(value).country
        if country is not None and self.not_here:
            return self.not_here % {"value": shown, "name": country.label}
        close = [c.label for c in country_suggestions(value) if c.slug in self._values]
        if close:
            return _("Unknown country “%(value)s”. Did you mean: %(suggestions)s?") % {
                "value": shown,
                "suggestions": ", ".join(close),
            }
        return _(
            "Unknown country “%(value)s”: give a name, an ISO code such as NL, or choose "
            "from the list."
        ) % {"value": shown}


class HelpForm(forms.Form):
    """Nationality and where the person is; a phone can fill in lat and lon instead."""

    nationality = PickerField(
        label=gettext_lazy("Your nationality"),
        not_here=gettext_lazy(
            "%(name)s is not a nationality: choose the state whose passport you hold."
        ),
    )
    country = PickerField(
        label=gettext_lazy("The country you are in"),
        required=False,
        not_here=gettext_lazy(
            "%(name)s is not a place you can be in: choose a country or territory."
        ),
    )
    city = forms.CharField(
        label=gettext_lazy("Town or city (optional)"), required=False, max_length=100
    )
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    other_nationality = PickerField(
        label=gettext_lazy("Another nationality you hold (optional)"),
        required=False,
        not_here=gettext_lazy(
            "%(name)s is not a nationality: choose the state whose passport you hold."
        ),
    )
    permanent_resident = forms.BooleanField(
        label=gettext_lazy("I am a permanent resident of this country"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Nationalities: states and polities whose people hold a passport (not Quebec, not a
        # ministry); places: every state and territory.
        nationalities = country_choices(nationalities=True)
        places = country_choices(places=True)
        self._picker("nationality").choices = [("", _("Choose…")), *nationalities]
        self._picker("country").choices = [("", _("Choose…")), *places]
        self._picker("other_nationality").choices = [
            ("", pgettext("another nationality", "None")),
            *nationalities,
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
