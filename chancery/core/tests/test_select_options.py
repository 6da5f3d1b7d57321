"""`{% select_options %}` writes a choice field's options: escaped, the bound value selected."""

from __future__ import annotations

import pytest
from django import forms
from django.template import Context, Template


class PickForm(forms.Form):
    country = forms.ChoiceField(
        choices=[("", "Choose…"), ("cote-divoire", "Côte d'Ivoire"), ("x", "<b>A & B</b>")]
    )


def render(form: forms.Form, cache_as: str = "") -> str:
    return Template("{% load forms %}{% select_options form.country cache_as=name %}").render(
        Context({"form": form, "name": cache_as})
    )


def test_the_bound_value_is_selected_and_only_it() -> None:
    html = render(PickForm({"country": "cote-divoire"}))
    assert html.count(" selected") == 1
    assert '<option value="cote-divoire" selected>Côte d&#x27;Ivoire</option>' in html


def test_labels_and_values_are_escaped() -> None:
    html = render(PickForm())
    assert "<b>" not in html
    assert '<option value="x">&lt;b&gt;A &amp; B&lt;/b&gt;</option>' in html
    assert html.startswith('<option value="">Choose…</option>')
    assert " selected" not in html  # nothing chosen yet: the browser shows the first


def test_an_initial_value_is_selected() -> None:
    html = render(PickForm(initial={"country": "x"}))
    assert '<option value="x" selected>' in html


@pytest.mark.django_db
def test_kept_options_are_reused_with_each_requests_selection(settings) -> None:
    settings.CHANCERY_FRAGMENT_CACHE_SECONDS = 60
    first = render(PickForm({"country": "x"}), cache_as="pick")
    second = render(PickForm({"country": "cote-divoire"}), cache_as="pick")
    assert '<option value="x" selected>' in first and first.count(" selected") == 1
    assert '<option value="cote-divoire" selected>' in second and second.count(" selected") == 1
    assert first.replace(" selected", "") == second.replace(" selected", "")


@pytest.mark.django_db
def test_a_value_not_in_the_list_selects_nothing(settings) -> None:
    settings.CHANCERY_FRAGMENT_CACHE_SECONDS = 60
    html = render(PickForm({"country": '"><script>'}), cache_as="pick")
    assert " selected" not in html and "<script>" not in html
