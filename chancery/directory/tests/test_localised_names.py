"""Mission names in the reader's language, on the real 2022 snapshot.

Twenty-one missions of every sort (embassies, consulates-general, honorary consulates, a
nunciature, a delegation, Taiwan's office, an interests section, missions in territories),
each in the six site languages, against names a speaker would write. Where usage admits two
forms ("de los Estados Unidos" or "de Estados Unidos"), either is accepted.
"""

from __future__ import annotations

import re

import pytest
from django.db.models import F
from django.utils import translation

from chancery.directory.models import Mission

pytestmark = pytest.mark.django_db

# QID → {language: accepted names}; a plain string is the one accepted name.
EXPECTED: dict[str, dict[str, str | set[str]]] = {
    "Q4373990": {
        "en": "Embassy of Germany in Russia",
        "fr": "Ambassade d’Allemagne en Russie",
        "es": "Embajada de Alemania en Rusia",
        "de": "Deutsche Botschaft in Russland",
        "ru": "Посольство Германии в России",
        "ar": "سفارة ألمانيا في روسيا",
    },
    "Q2331721": {
        "en": "Embassy of the United States in Japan",
        "fr": "Ambassade des États-Unis au Japon",
        "es": {"Embajada de los Estados Unidos en Japón", "Embajada de Estados Unidos en Japón"},
        "de": "Botschaft der Vereinigten Staaten in Japan",
        "ru": {"Посольство Соединенных Штатов в Японии", "Посольство США в Японии"},
        "ar": "سفارة الولايات المتحدة في اليابان",
    },
    "Q2995349": {
        "en": "Consulate-General of France in Saint Petersburg",
        "fr": "Consulat général de France à Saint-Pétersbourg",
        "es": "Consulado General de Francia en San Petersburgo",
        "de": "Französisches Generalkonsulat in Sankt Petersburg",
        "ru": "Генеральное консульство Франции в Санкт-Петербурге",
        "ar": "القنصلية العامة لفرنسا في سانت بطرسبرغ",
    },
    "Q26980117": {
        "en": "Embassy of Germany in Switzerland",
        "fr": "Ambassade d’Allemagne en Suisse",
        "es": "Embajada de Alemania en Suiza",
        "de": "Deutsche Botschaft in der Schweiz",
        "ru": "Посольство Германии в Швейцарии",
        "ar": "سفارة ألمانيا في سويسرا",
    },
    "Q5369935": {
        "en": "Embassy of the Netherlands in the United States",
        "fr": "Ambassade des Pays-Bas aux États-Unis",
        "es": {
            "Embajada de los Países Bajos en los Estados Unidos",
            "Embajada de los Países Bajos en Estados Unidos",
        },
        "de": "Niederländische Botschaft in den Vereinigten Staaten",
        "ru": {"Посольство Нидерландов в Соединенных Штатах", "Посольство Нидерландов в США"},
        "ar": "سفارة هولندا في الولايات المتحدة",
    },
    "Q59290147": {
        "en": "Embassy of the United Kingdom in Cuba",
        "fr": "Ambassade du Royaume-Uni à Cuba",
        "es": "Embajada del Reino Unido en Cuba",
        "de": "Britische Botschaft in Kuba",
        "ru": "Посольство Великобритании на Кубе",
        "ar": "سفارة المملكة المتحدة في كوبا",
    },
    "Q19894883": {
        "en": "Embassy of the United Kingdom in Iran",
        "fr": "Ambassade du Royaume-Uni en Iran",
        "es": "Embajada del Reino Unido en Irán",
        "de": "Britische Botschaft im Iran",
        "ru": "Посольство Великобритании в Иране",
        "ar": "سفارة المملكة المتحدة في إيران",
    },
    "Q3128430": {
        "en": "High Commission of the United Kingdom in Canada",
        "fr": "Haut-commissariat du Royaume-Uni au Canada",
        "es": "Alta Comisión del Reino Unido en Canadá",
        "de": "Britisches Hochkommissariat in Kanada",
        "ru": "Высокая комиссия Великобритании в Канаде",
        "ar": "المفوضية العليا للمملكة المتحدة في كندا",
    },
    "Q5164576": {
        "en": "Consulate-General of the United States in Hong Kong",
        "fr": "Consulat général des États-Unis à Hong Kong",
        "es": {
            "Consulado General de los Estados Unidos en Hong Kong",
            "Consulado General de Estados Unidos en Hong Kong",
        },
        "de": "Generalkonsulat der Vereinigten Staaten in Hongkong",
        "ru": {
            "Генеральное консульство Соединенных Штатов в Гонконге",
            "Генеральное консульство США в Гонконге",
        },
        "ar": "القنصلية العامة للولايات المتحدة في هونغ كونغ",
    },
    "Q2995343": {
        "en": "Consulate-General of France in New York City",
        "fr": "Consulat général de France à New York",
        "es": "Consulado General de Francia en Nueva York",
        "de": {
            "Französisches Generalkonsulat in New York",
            "Französisches Generalkonsulat in New York City",
        },
        "ru": "Генеральное консульство Франции в Нью-Йорке",
        "ar": "القنصلية العامة لفرنسا في نيويورك",
    },
    "Q73414042": {
        "en": "Consulate-General of France in Cairo",
        "fr": "Consulat général de France au Caire",
        "es": "Consulado General de Francia en El Cairo",
        "de": "Französisches Generalkonsulat in Kairo",
        "ru": "Генеральное консульство Франции в Каире",
        "ar": "القنصلية العامة لفرنسا في القاهرة",
    },
    "Q2995338": {
        "en": "Honorary Consulate of France in Gdańsk",
        "fr": "Consulat honoraire de France à Gdańsk",
        "es": {
            "Consulado Honorario de Francia en Gdansk",
            "Consulado Honorario de Francia en Gdańsk",
        },
        "de": "Französisches Honorarkonsulat in Danzig",
        "ru": {
            "Почётное консульство Франции в Гданьске",
            "Почетное консульство Франции в Гданьске",
        },
        "ar": {"القنصلية الفخرية لفرنسا في غدانسك", "القنصلية الفخرية لفرنسا في جدانسك"},
    },
    "Q111528797": {
        "en": "Honorary Consulate of Germany in Alexandria",
        "fr": "Consulat honoraire d’Allemagne à Alexandrie",
        "es": "Consulado Honorario de Alemania en Alejandría",
        "de": "Deutsches Honorarkonsulat in Alexandria",
        "ru": {
            "Почётное консульство Германии в Александрии",
            "Почетное консульство Германии в Александрии",
        },
        "ar": "القنصلية الفخرية لألمانيا في الإسكندرية",
    },
    "Q3879488": {
        "en": "Apostolic Nunciature in Albania",
        "fr": "Nonciature apostolique en Albanie",
        "es": "Nunciatura Apostólica en Albania",
        "de": "Apostolische Nuntiatur in Albanien",
        "ru": "Апостольская нунциатура в Албании",
        "ar": "السفارة البابوية في ألبانيا",
    },
    "Q335453": {
        "en": "Delegation of Quebec in France",
        "fr": "Délégation du Québec en France",
        "es": "Delegación de Quebec en Francia",
        "de": {"Delegation von Québec in Frankreich", "Delegation Québecs in Frankreich"},
        "ru": "Делегация Квебека во Франции",
        "ar": "بعثة كيبك في فرنسا",
    },
    "Q24970318": {
        "en": "Representative Office of Taiwan in France",
        "fr": "Bureau de représentation de Taïwan en France",
        "es": "Oficina de Representación de Taiwán en Francia",
        "de": {"Vertretung von Taiwan in Frankreich", "Vertretung Taiwans in Frankreich"},
        "ru": "Представительство Тайваня во Франции",
        "ar": "مكتب تمثيل تايوان في فرنسا",
    },
    "Q3774656": {
        "en": "Interests Section of the United States in Cuba",
        "fr": "Section d’intérêts des États-Unis à Cuba",
        "es": {
            "Sección de Intereses de los Estados Unidos en Cuba",
            "Sección de Intereses de Estados Unidos en Cuba",
        },
        "de": "Interessenvertretung der Vereinigten Staaten in Kuba",
        "ru": {"Секция интересов Соединенных Штатов на Кубе", "Секция интересов США на Кубе"},
        "ar": "قسم رعاية مصالح الولايات المتحدة في كوبا",
    },
    "Q15973391": {
        "en": "Consulate-General of Australia in Noumea",
        "fr": "Consulat général d’Australie à Nouméa",
        "es": "Consulado General de Australia en Numea",
        "de": "Australisches Generalkonsulat in Nouméa",
        "ru": "Генеральное консульство Австралии в Нумеа",
        "ar": "القنصلية العامة لأستراليا في نوميا",
    },
    "Q25431157": {
        "en": "Consulate-General of Norway in Nuuk",
        "fr": "Consulat général de Norvège à Nuuk",
        "es": "Consulado General de Noruega en Nuuk",
        "de": "Norwegisches Generalkonsulat in Nuuk",
        "ru": {
            "Генеральное консульство Норвегии в Нууке",
            "Генеральное консульство Норвегии в Нуук",
        },
        "ar": {"القنصلية العامة للنرويج في نوك", "القنصلية العامة للنرويج في غودثاب"},
    },
    "Q836838": {
        "en": "Embassy of Russia in Germany",
        "fr": "Ambassade de Russie en Allemagne",
        "es": "Embajada de Rusia en Alemania",
        "de": "Russische Botschaft in Deutschland",
        "ru": "Посольство России в Германии",
        "ar": "سفارة روسيا في ألمانيا",
    },
    "Q15120708": {
        "en": "Embassy of Saudi Arabia in the United Kingdom",
        "fr": "Ambassade d’Arabie saoudite au Royaume-Uni",
        "es": {
            "Embajada de Arabia Saudí en el Reino Unido",
            "Embajada de Arabia Saudita en el Reino Unido",
        },
        "de": "Saudi-arabische Botschaft im Vereinigten Königreich",
        "ru": "Посольство Саудовской Аравии в Великобритании",
        "ar": "سفارة المملكة العربية السعودية في المملكة المتحدة",
    },
}
LANGUAGES = ("en", "fr", "es", "de", "ru", "ar")


def _accepted(value: str | set[str]) -> set[str]:
    return {value} if isinstance(value, str) else value


@pytest.mark.parametrize("qid", sorted(EXPECTED))
def test_a_mission_is_named_in_each_site_language(qid: str) -> None:
    mission = Mission.objects.select_related("sending_country", "host_country", "territory").get(
        wikidata_id=qid
    )
    wrong = {}
    for language in LANGUAGES:
        with translation.override(language):
            shown = mission.title
        if shown not in _accepted(EXPECTED[qid][language]):
            wrong[language] = shown
    assert not wrong, wrong


def test_the_set_covers_every_sort_of_mission() -> None:
    kinds = set(Mission.objects.filter(wikidata_id__in=EXPECTED).values_list("kind", flat=True))
    assert {
        "embassy",
        "consulate_general",
        "honorary_consulate",
        "nunciature",
        "delegation",
        "representative_office",
        "high_commission",
        "interests_section",
    } <= kinds
    in_territories = Mission.objects.filter(wikidata_id__in=EXPECTED).exclude(
        territory=F("host_country")
    )
    assert in_territories.count() >= 3


def models_F(name: str):
    from django.db.models import F

    return F(name)


def test_an_editors_own_wording_is_never_rewritten() -> None:
    mission = Mission.objects.get(wikidata_id="Q4373990")
    mission.name = "German Embassy Moscow (chancery building)"
    with translation.override("fr"):
        assert mission.title == "German Embassy Moscow (chancery building)"


def test_a_wikidata_label_in_the_language_comes_first() -> None:
    mission = Mission.objects.get(wikidata_id="Q4373990")
    mission.names = {"fr": "Ambassade d’Allemagne à Moscou"}
    with translation.override("fr"):
        assert mission.title == "Ambassade d’Allemagne à Moscou"


ENGLISH_GENERATED = re.compile(
    r">(?:Embassy|Consulate-General|Consulate|Honorary Consulate|High Commission) of [^<]+ in "
)


@pytest.mark.parametrize("language", ["fr", "es", "de", "ru", "ar"])
@pytest.mark.parametrize("path", ["/in/russia/", "/from/germany/", "/from/germany/in/russia/"])
def test_no_english_generated_name_on_a_page_in_another_language(
    client, language: str, path: str
) -> None:
    page = client.get(f"/{language}{path}").content.decode()
    assert not ENGLISH_GENERATED.findall(page)


def test_a_vcard_asked_in_french_names_the_mission_in_french_and_in_english(client) -> None:
    import vobject

    mission = Mission.objects.get(wikidata_id="Q2995349")
    response = client.get(f"/fr/missions/{mission.slug}.vcf")
    card = vobject.readOne(response.content.decode())
    assert card.fn.value == "Consulat général de France à Saint-Pétersbourg"
    assert card.nickname.value == "Consulate-General of France in Saint Petersburg"
    assert card.org.value == ["France"]


def test_the_api_answers_in_english_unless_asked(client) -> None:
    english = client.get("/api/v1/missions/Q2995349").json()
    assert english["name"] == "Consulate-General of France in Saint Petersburg"
    assert english["city"] == "Saint Petersburg"
    response = client.get("/api/v1/missions/Q2995349?lang=ru")
    assert response["Content-Language"] == "ru"
    russian = response.json()
    assert russian["name"] == "Генеральное консульство Франции в Санкт-Петербурге"
    assert russian["city"] == "Санкт-Петербург"
    listed = client.get("/api/v1/missions?sending=FR&territory=RU&lang=fr").json()
    assert "Consulat général de France à Saint-Pétersbourg" in {m["name"] for m in listed["items"]}
    found = client.get("/api/v1/search?q=consulat+France+Saint-Pétersbourg&lang=de").json()
    assert found["results"][0]["name"] == "Französisches Generalkonsulat in Sankt Petersburg"


def test_an_unknown_language_is_refused_by_name(client) -> None:
    response = client.get("/api/v1/missions/Q2995349?lang=xx")
    assert response.status_code in (400, 422)
    assert "lang" in response.json()["detail"]


def test_search_results_and_the_reading_line_are_in_the_pages_language(client) -> None:
    page = client.get("/fr/search/?q=ambassade+allemande+moscou").content.decode()
    assert ">Ambassade d’Allemagne en Russie</a>" in page
    assert "Moscou" in page
    assert not ENGLISH_GENERATED.findall(page)
