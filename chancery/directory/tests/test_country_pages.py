"""Host pages (/in/<country>/) and sender pages (/from/<country>/)."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from chancery.directory.models import Mission, MissionStatus

pytestmark = pytest.mark.django_db


def _section(html: str, section_id: str) -> str:
    """The HTML of one <section id=...> group."""
    start = html.index(f'id="{section_id}"')
    return html[start : html.index("</section>", start)]


def test_host_page_groups_missions_by_sending_country(
    client: Client, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(10):
        response = client.get("/in/russia/")

    assert response.status_code == 200
    assertContains(response, "<title>Embassies and consulates in Russia · Chancery</title>")
    assertContains(response, "<h1>Embassies and consulates in Russia</h1>", html=True)
    assertContains(response, '<a href="/from/germany/in/russia/">Germany</a>', html=True)
    assertContains(
        response,
        '<a href="/missions/embassy-of-germany-in-russia/">Embassy of Germany in Russia</a>',
        html=True,
    )
    html = response.content.decode()
    germany = _section(html, "from-germany")
    assert "Embassy of Germany in Russia" in germany
    assert "Moscow" in germany
    # France keeps an embassy and consulates-general; they sit together under France.
    france = _section(html, "from-france")
    assert "Embassy of France in Russia" in france
    assert "Consulate-General of France in Saint Petersburg" in france
    assert "Consulate-General of France in Yekaterinburg" in france
    assert "Germany" not in france
    # The embassy, which can do the most, comes before the consulates.
    assert france.index("Embassy of France") < france.index("Consulate-General of France in Saint")


def test_host_page_counts_and_orders_groups_by_name(client: Client) -> None:
    html = client.get("/in/russia/").content.decode()
    active = Mission.objects.active().filter(host_country__slug="russia")
    missions = active.count()
    senders = active.values("sending_country").distinct().count()
    assert f"{missions} foreign missions of {senders} countries." in html
    assert html.index('id="from-france"') < html.index('id="from-germany"')
    assert html.index('id="from-germany"') < html.index('id="from-ghana"')
    assert html.count('<section class="group"') == senders


@pytest.mark.parametrize("code", ["ru", "RU", "RUS", "rus", "Q159", "Russia", "Russian Federation"])
def test_host_page_other_codes_redirect_to_the_slug(client: Client, code: str) -> None:
    response = client.get(f"/in/{code}/")
    assertRedirects(response, "/in/russia/", status_code=301, fetch_redirect_response=False)


def test_host_page_uses_the_article_where_english_does(client: Client) -> None:
    response = client.get("/in/united-states/")
    assertContains(response, "Embassies and consulates in the United States")
    assertContains(response, "<title>Embassies and consulates in the United States · Chancery")


def test_host_page_leaves_out_withdrawn_missions(client: Client) -> None:
    Mission.objects.filter(wikidata_id="Q4373990").update(status=MissionStatus.WITHDRAWN)
    response = client.get("/in/russia/")
    assertNotContains(response, "Embassy of Germany in Russia")
    assertNotContains(response, 'id="from-germany"')


def test_unknown_host_is_404_with_suggestions(client: Client) -> None:
    response = client.get("/in/narnia/")
    assert response.status_code == 404
    assertContains(response, "We don't know that country", status_code=404)
    assertContains(response, "“narnia”", status_code=404)

    # A near miss gets a "Did you mean" with the link to the right page.
    response = client.get("/in/russsia/")
    assertContains(response, "Did you mean", status_code=404)
    assertContains(response, '<a href="/in/russia/">Russia</a>', html=True, status_code=404)


def test_a_name_in_another_language_finds_the_country(client: Client) -> None:
    # "Rusia" is Russia's Spanish name, so it is found rather than suggested.
    assertRedirects(
        client.get("/in/rusia/"), "/in/russia/", status_code=301, fetch_redirect_response=False
    )


def test_sender_page_groups_missions_by_host_country(
    client: Client, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(10):
        response = client.get("/from/germany/")

    assert response.status_code == 200
    assertContains(response, "Germany's embassies and consulates abroad")
    assertContains(response, "<h1>Germany's embassies and consulates abroad</h1>", html=True)
    assertContains(response, '<a href="/from/germany/in/russia/">Russia</a>', html=True)
    assertContains(response, '<a href="/from/germany/in/france/">France</a>', html=True)
    html = response.content.decode()
    russia = _section(html, "in-russia")
    assert '<a href="/missions/embassy-of-germany-in-russia/">' in russia
    france = _section(html, "in-france")
    german_missions_in_france = Mission.objects.active().filter(
        sending_country__slug="germany", host_country__slug="france"
    )
    assert german_missions_in_france.count() > 1
    for mission in german_missions_in_france:
        assert f'href="/missions/{mission.slug}/"' in france
    active = Mission.objects.active().filter(sending_country__slug="germany")
    hosts = active.values("territory").distinct().count()
    assert f"{active.count()} missions in {hosts} countries." in html
    assertContains(response, '<a href="/in/germany/">Foreign missions in Germany</a>', html=True)


@pytest.mark.parametrize("code", ["de", "DEU", "Deutschland"])
def test_sender_page_other_codes_redirect_to_the_slug(client: Client, code: str) -> None:
    assertRedirects(
        client.get(f"/from/{code}/"),
        "/from/germany/",
        status_code=301,
        fetch_redirect_response=False,
    )


def test_unknown_sender_is_404(client: Client) -> None:
    response = client.get("/from/narnia/")
    assertContains(response, "We don't know that country", status_code=404)


@pytest.mark.parametrize("code", ["Россия", "روسيا", "俄罗斯", "-", "country"])
def test_a_code_without_latin_letters_does_not_land_on_an_unrelated_country(
    client: Client, code: str
) -> None:
    response = client.get(f"/in/{code}/")
    assert response.status_code in {301, 404}
    if response.status_code == 301:
        assert response["Location"] == "/in/russia/"


def test_suggestions_for_a_misspelt_sender_lead_to_the_sender_page(client: Client) -> None:
    response = client.get("/from/germny/")
    assertContains(response, "Did you mean", status_code=404)
    assertContains(response, '<a href="/from/germany/">Germany</a>', html=True, status_code=404)


@pytest.mark.parametrize(
    "url", ["/", "/countries/", "/in/russia/", "/from/germany/", "/from/germany/in/russia/"]
)
def test_pages_answer_head_requests(client: Client, url: str) -> None:
    assert client.head(url).status_code == 200


def test_hub_listings_escape_names_and_cities(client: Client) -> None:
    mission = Mission.objects.active().filter(host_country__slug="russia").first()
    mission.name = "<script>alert(1)</script> & Co"
    mission.city = 'Moscow "<b>"'
    mission.save()

    html = client.get("/in/russia/").content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html
    assert "Moscow &quot;&lt;b&gt;&quot;" in html
    sender = client.get(f"/from/{mission.sending_country.slug}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in sender


def test_hub_listings_show_the_kind_of_each_mission(client: Client) -> None:
    html = client.get("/in/russia/").content.decode()
    france = _section(html, "from-france")
    assert '<span class="kind">Embassy</span> · Moscow' in france
    assert '<span class="kind">Consulate-General</span> · Saint Petersburg' in france
