"""The public suggestion pages under a language prefix."""

from __future__ import annotations

import pytest
from django.test import Client

from .helpers import GERMANY_IN_RUSSIA, closed_url, history_url, mission, suggest_url

pytestmark = pytest.mark.django_db


def test_french_suggestion_pages_render_in_french(client: Client) -> None:
    m = mission(GERMANY_IN_RUSSIA)
    for path in (suggest_url(m), closed_url(m), history_url(m), "/suggestions/thanks/"):
        response = client.get(f"/fr{path}")
        assert response.status_code == 200, path
        assert '<html lang="fr"' in response.content.decode(), path


def test_french_new_mission_page_names_the_host_in_french(client: Client) -> None:
    response = client.get("/fr/in/russia/suggest-mission/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr"' in html
    assert "Russie" in html
    assert '<option value="germany">Allemagne</option>' in html
