"""`answer` on the real 2022 missions: the rules, their order, distances and caveats."""

from __future__ import annotations

import dataclasses
import datetime as dt

import phonenumbers
import pytest
from django.db.models import F
from django.utils import timezone

from chancery.assist.engine import answer
from chancery.assist.presenters import HONORARY_NOTE
from chancery.assist.rules import rules
from chancery.assist.selectors import snapshot_all, snapshot_for
from chancery.assist.types import RULE_LABELS, Location, Point, Rule
from chancery.core.geo import great_circle_km
from chancery.countries.models import Country
from chancery.countries.reference import UN_MEMBER_STATES
from chancery.directory.models import Mission, MissionKind

from .helpers import (
    RULE_ORDER,
    ask,
    ask_pair,
    assert_rules_in_order,
    career_missions,
    country,
    haversine_km,
    mission_ids,
    with_rule,
)

pytestmark = pytest.mark.django_db

CAREER = list(MissionKind.career())
BALI = {"latitude": -8.65, "longitude": 115.22}
SAINT_PETERSBURG = {"latitude": 59.94, "longitude": 30.31}
# Two town centres either side of the Rhine, 5 km apart.
STRASBOURG = {"latitude": 48.5734, "longitude": 7.7521}
KEHL = {"latitude": 48.5725, "longitude": 7.8153}
MID_ATLANTIC = {"latitude": 30.0, "longitude": -40.0}


def _mission(sender: str, host: str, kind: str, city: str) -> Mission:
    return Mission.objects.active().get(
        sending_country__iso_alpha2=sender, host_country__iso_alpha2=host, kind=kind, city=city
    )


def _represented_in(sender: Country) -> set[int]:
    """Hosts where the sender has an active career mission."""
    return set(
        Mission.objects.active()
        .filter(sending_country=sender, kind__in=CAREER)
        .values_list("host_country", flat=True)
    )


def _un_states() -> list[Country]:
    return list(Country.objects.filter(iso_alpha2__in=UN_MEMBER_STATES).order_by("iso_alpha2"))


# --- rule 1: resident missions, nearest first ------------------------------------------------


def test_australian_in_bali_gets_surabaya_before_jakarta() -> None:
    result = ask("AU", **BALI)

    assert result.location.country.iso_alpha2 == "ID"
    assert result.location.source == "coordinates"
    surabaya = _mission("AU", "ID", MissionKind.CONSULATE_GENERAL, "Surabaya")
    jakarta = _mission("AU", "ID", MissionKind.EMBASSY, "Jakarta")
    resident = with_rule(result, Rule.RESIDENT)
    ids = mission_ids(resident)
    assert ids[:2] == [surabaya.wikidata_id, jakarta.wikidata_id]
    assert result.options[0].mission == surabaya
    assert result.options[0].rule == Rule.RESIDENT
    assert result.options[0].rule_label == RULE_LABELS[Rule.RESIDENT]

    near, far = resident[0].distance_km, resident[1].distance_km
    assert near is not None and far is not None
    assert 250 <= near <= 350
    assert far > near
    assert far == pytest.approx(960, abs=40)  # Jakarta is about 960 km from Denpasar


def test_distances_are_great_circle() -> None:
    result = ask("AU", **BALI)
    option = with_rule(result, Rule.RESIDENT)[0]
    mission = option.mission
    assert mission is not None and mission.has_coordinates

    expected = great_circle_km(
        BALI["latitude"], BALI["longitude"], mission.latitude, mission.longitude
    )
    assert option.distance_km == pytest.approx(expected, abs=0.05)
    independent = haversine_km(
        BALI["latitude"], BALI["longitude"], mission.latitude, mission.longitude
    )
    assert option.distance_km == pytest.approx(independent, rel=1e-3)
    # Not a flat-earth approximation: 1 degree of longitude is shorter than 111 km here.
    flat = (
        111.195
        * (
            (mission.latitude - BALI["latitude"]) ** 2
            + (mission.longitude - BALI["longitude"]) ** 2
        )
        ** 0.5
    )
    assert abs(option.distance_km - flat) > 0.5


@pytest.mark.parametrize(
    "where",
    [
        pytest.param({"country": "RU", "city": "Saint Petersburg"}, id="city"),
        pytest.param({"country": "russia", "city": "saint petersburg"}, id="slug-lower-case"),
        pytest.param(SAINT_PETERSBURG, id="coordinates"),
    ],
)
def test_french_in_saint_petersburg_gets_the_consulate_before_moscow(where: dict) -> None:
    result = ask("FR", **where)

    assert result.location.country.iso_alpha2 == "RU"
    assert result.location.point is not None
    consulate = _mission("FR", "RU", MissionKind.CONSULATE_GENERAL, "Saint Petersburg")
    embassy = _mission("FR", "RU", MissionKind.EMBASSY, "Moscow")
    resident = with_rule(result, Rule.RESIDENT)
    ids = mission_ids(resident)
    assert ids.index(consulate.wikidata_id) == 0
    assert ids.index(consulate.wikidata_id) < ids.index(embassy.wikidata_id)
    assert resident[0].distance_km is not None and resident[0].distance_km < 10
    moscow = resident[ids.index(embassy.wikidata_id)].distance_km
    assert moscow == pytest.approx(635, abs=30)


def test_without_a_point_the_embassy_comes_first_and_no_distances() -> None:
    result = ask("FR", country="RU")

    resident = with_rule(result, Rule.RESIDENT)
    assert resident[0].mission == _mission("FR", "RU", MissionKind.EMBASSY, "Moscow")
    assert all(option.distance_km is None for option in result.options)
    ranks = [MissionKind.help_rank(option.mission.kind) for option in resident]
    assert ranks == sorted(ranks)


def test_with_a_point_missions_are_sorted_by_distance() -> None:
    result = ask("FR", country="US", city="Chicago")
    resident = with_rule(result, Rule.RESIDENT)
    assert len(resident) > 3
    known = [option.distance_km for option in resident if option.distance_km is not None]
    assert known == sorted(known)
    # Missions without a known distance come after all those with one.
    seen_unknown = False
    for option in resident:
        if option.distance_km is None:
            seen_unknown = True
        else:
            assert not seen_unknown
    if any(o.mission.city == "Chicago" for o in resident):
        assert resident[0].mission.city == "Chicago"


def test_resident_notes_say_what_the_mission_does() -> None:
    result = ask("FR", country="RU")
    for option in with_rule(result, Rule.RESIDENT):
        assert option.note
        if option.mission.kind == MissionKind.EMBASSY:
            assert "embassy of France" in option.note
            assert "passports" in option.note


# --- rule 2: accredited from abroad --------------------------------------------------------


def _accredited_pairs(limit: int = 10) -> list[tuple[Country, Country, Mission]]:
    """Real (sender, host, mission) triples: the sender has no resident career mission in the
    host, but an active career mission elsewhere lists the host among its jurisdictions."""
    through = Mission.jurisdictions.through
    rows = (
        through.objects.filter(
            mission__status="active",
            mission__kind__in=CAREER,
            country__iso_alpha2__in=UN_MEMBER_STATES,
            mission__sending_country__iso_alpha2__isnull=False,
        )
        .exclude(mission__host_country=F("country"))
        .exclude(mission__sending_country=F("country"))
        .select_related("mission__sending_country", "mission__host_country", "country")
        .order_by("mission__sending_country__iso_alpha2", "country__iso_alpha2", "mission__name")
    )
    found: list[tuple[Country, Country, Mission]] = []
    represented: dict[int, set[int]] = {}
    for row in rows:
        sender = row.mission.sending_country
        if sender.pk not in represented:
            represented[sender.pk] = _represented_in(sender)
        if row.country_id in represented[sender.pk]:
            continue
        if any((s.pk, h.pk) == (sender.pk, row.country_id) for s, h, _ in found):
            continue
        found.append((sender, row.country, row.mission))
        if len(found) == limit:
            break
    return found


def test_without_a_resident_mission_the_accredited_one_is_given() -> None:
    pairs = _accredited_pairs()
    assert pairs, "the data should hold accredited-only pairs"
    for sender, host, mission in pairs:
        result = ask_pair(sender, host)
        accredited = with_rule(result, Rule.ACCREDITED)
        assert mission.wikidata_id in mission_ids(accredited), (sender, host)
        assert not with_rule(result, Rule.RESIDENT)
        assert result.options[0].rule == Rule.ACCREDITED
        option = next(o for o in accredited if o.mission == mission)
        # The note says where the mission is and that it covers this country.
        assert mission.host_country.name in option.note
        if mission.city:
            assert mission.city in option.note
        assert host.name_in_sentence in option.note
        assert "accredited" in option.note
        assert_rules_in_order(result)


def test_accredited_missions_are_not_listed_when_there_is_a_resident_one() -> None:
    result = ask("FR", country="RU")
    assert with_rule(result, Rule.RESIDENT)
    assert not with_rule(result, Rule.ACCREDITED)


# --- rule 3a: the EU directive --------------------------------------------------------------


def _eu_members() -> frozenset[str]:
    return rules().eu_members(timezone.localdate())


def _eu_case() -> tuple[Country, Country]:
    """A small EU state and a non-EU UN member state where it has no career mission, but
    where other EU states and the United Kingdom have one."""
    members = _eu_members()
    uk = country("GB")
    for code in ("EE", "LV", "LU", "MT"):
        citizen = country(code)
        represented = _represented_in(citizen)
        for host in _un_states():
            if host.iso_alpha2 in members or host.pk in represented:
                continue
            there = Mission.objects.active().filter(host_country=host, kind__in=CAREER)
            eu_there = there.filter(sending_country__iso_alpha2__in=members).count()
            if eu_there > 6 and there.filter(sending_country=uk).exists():
                return citizen, host
    pytest.skip("no small EU state is unrepresented in a non-EU host with EU and UK missions")


def test_unrepresented_eu_citizen_gets_other_eu_states_missions() -> None:
    citizen, host = _eu_case()
    members = _eu_members()
    result = ask_pair(citizen, host)

    eu = with_rule(result, Rule.EU_DIRECTIVE)
    assert eu, (citizen, host)
    assert not with_rule(result, Rule.RESIDENT)
    senders = {option.mission.sending_country.iso_alpha2 for option in eu}
    assert senders <= members
    assert "GB" not in senders
    assert citizen.iso_alpha2 not in senders
    assert all(option.mission.host_country == host for option in eu)
    assert all(MissionKind.is_career(option.mission.kind) for option in eu)
    # A handful, embassies first when the location is not known.
    assert 1 <= len(eu) <= 6
    ranks = [MissionKind.help_rank(option.mission.kind) for option in eu]
    assert ranks == sorted(ranks)
    for option in eu:
        assert "2015/637" in option.note
        assert option.source.startswith("https://")
        assert option.rule_label == RULE_LABELS[Rule.EU_DIRECTIVE]
    assert_rules_in_order(result)


def test_eu_rule_sorts_by_distance_when_the_point_is_known() -> None:
    citizen, host = _eu_case()
    helper = (
        Mission.objects.active()
        .filter(host_country=host, kind__in=CAREER, sending_country__iso_alpha2__in=_eu_members())
        .exclude(latitude=None)
        .order_by("name")
        .first()
    )
    assert helper is not None
    point = Point(helper.latitude, helper.longitude)
    snapshot = snapshot_for(citizen, host, with_city_points=True)
    result = answer(citizen, Location(country=host, point=point), snapshot)
    eu = with_rule(result, Rule.EU_DIRECTIVE)
    assert eu[0].distance_km == pytest.approx(0.0, abs=0.5)
    known = [option.distance_km for option in eu if option.distance_km is not None]
    assert known == sorted(known)


def test_eu_rule_does_not_apply_inside_the_eu() -> None:
    members = _eu_members()
    for code in ("EE", "LV", "LU", "MT"):
        citizen = country(code)
        represented = _represented_in(citizen)
        for host in Country.objects.filter(iso_alpha2__in=members).order_by("iso_alpha2"):
            if host.pk == citizen.pk or host.pk in represented:
                continue
            result = ask_pair(citizen, host)
            assert not with_rule(result, Rule.EU_DIRECTIVE), (code, host.iso_alpha2)
            return
    pytest.skip("every small EU state has a mission in every other EU state")


def test_eu_rule_does_not_apply_to_non_eu_nationals() -> None:
    # The United Kingdom left on 31 January 2020: British citizens are no longer covered,
    # but were when it was a member.
    uk = country("GB")
    represented = _represented_in(uk)
    members = _eu_members()
    host = next(
        (
            h
            for h in _un_states()
            if h.iso_alpha2 not in members
            and h.pk not in represented
            and Mission.objects.active()
            .filter(host_country=h, kind__in=CAREER, sending_country__iso_alpha2__in=members)
            .exists()
        ),
        None,
    )
    if host is None:
        pytest.skip("the United Kingdom has a mission wherever EU states have one")
    assert not with_rule(ask_pair(uk, host), Rule.EU_DIRECTIVE)
    before_brexit = ask_pair(uk, host, today=dt.date(2019, 6, 1))
    assert with_rule(before_brexit, Rule.EU_DIRECTIVE)
    # A state that never was a member.
    for code in ("CH", "NO", "US"):
        outsider = country(code)
        if host.pk not in _represented_in(outsider):
            assert not with_rule(ask_pair(outsider, host), Rule.EU_DIRECTIVE), code


def test_eu_rule_is_not_used_when_the_citizen_has_a_resident_mission() -> None:
    result = ask("FR", country="RU")
    assert not with_rule(result, Rule.EU_DIRECTIVE)


# --- rule 3b: consular sharing --------------------------------------------------------------


def _sharing_cases(provider: str, beneficiary: str) -> list[tuple[Country, Country]]:
    """(beneficiary, host) pairs from consular_sharing.toml's listed places where the
    beneficiary has no career mission and the provider has one."""
    cases = []
    for agreement in rules().sharing:
        if agreement.provider != provider or beneficiary not in agreement.beneficiaries:
            continue
        citizen = Country.objects.filter(iso_alpha2=beneficiary).first()
        if citizen is None:
            continue
        for code in sorted(agreement.countries):
            host = Country.objects.filter(iso_alpha2=code).first()
            if host is None or career_missions(citizen, host):
                continue
            if career_missions(country(provider), host):
                cases.append((citizen, host))
    return cases


def _assert_sharing(citizen: Country, host: Country, provider: str) -> None:
    result = ask_pair(citizen, host)
    sharing = with_rule(result, Rule.CONSULAR_SHARING)
    expected = {m.wikidata_id for m in career_missions(country(provider), host)}
    got = {
        o.mission.wikidata_id for o in sharing if o.mission.sending_country.iso_alpha2 == provider
    }
    assert got == expected, (citizen.iso_alpha2, host.iso_alpha2)
    for option in sharing:
        assert option.source.startswith("https://")
        assert citizen.name_in_sentence in option.note
        assert option.rule_label == RULE_LABELS[Rule.CONSULAR_SHARING]
    assert_rules_in_order(result)


def test_canadians_get_australian_missions_where_the_arrangement_applies() -> None:
    cases = _sharing_cases("AU", "CA")
    if not cases:
        pytest.skip("consular_sharing.toml lists no place where only Australia is present")
    for citizen, host in cases:
        _assert_sharing(citizen, host, "AU")
        note = with_rule(ask_pair(citizen, host), Rule.CONSULAR_SHARING)[0].note
        assert "Canada–Australia" in note


def test_australians_get_canadian_missions_where_the_arrangement_applies() -> None:
    cases = _sharing_cases("CA", "AU")
    if not cases:
        pytest.skip("consular_sharing.toml lists no place where only Canada is present")
    for citizen, host in cases:
        _assert_sharing(citizen, host, "CA")


def test_sharing_does_not_apply_outside_the_listed_places() -> None:
    canada, australia = country("CA"), country("AU")
    listed = {
        code
        for agreement in rules().sharing
        if agreement.provider == "AU" and "CA" in agreement.beneficiaries
        for code in agreement.countries
    }
    represented = _represented_in(canada)
    for host in _un_states():
        if host.iso_alpha2 in listed or host.pk in represented or host == australia:
            continue
        if career_missions(australia, host):
            result = ask_pair(canada, host)
            shared = with_rule(result, Rule.CONSULAR_SHARING)
            assert not [o for o in shared if o.mission.sending_country == australia], host
            return
    pytest.skip("no unlisted place where Canada is absent and Australia present")


def test_sweden_helps_australians_in_north_korea() -> None:
    if not any(a.provider == "SE" and "KP" in a.countries for a in rules().sharing):
        pytest.skip("consular_sharing.toml no longer lists Sweden in North Korea")
    australia, north_korea = country("AU"), country("KP")
    if career_missions(australia, north_korea) or not career_missions(country("SE"), north_korea):
        pytest.skip("the data has changed for North Korea")
    _assert_sharing(australia, north_korea, "SE")


def test_nordic_citizens_get_another_nordic_states_mission_where_theirs_is_absent() -> None:
    """Helsinki Treaty art. 34 (scope "unrepresented", no listed countries)."""
    nordic = [a for a in rules().sharing if "IS" in a.beneficiaries and not a.countries]
    if not nordic:
        pytest.skip("consular_sharing.toml has no 'unrepresented' arrangement for Icelanders")
    parties = {code for a in nordic for code in (a.provider, *a.beneficiaries)}
    iceland = country("IS")
    providers = Country.objects.filter(iso_alpha2__in=[a.provider for a in nordic])
    represented = _represented_in(iceland)
    for host in _un_states():
        if host.iso_alpha2 in parties or host.pk in represented:
            continue
        helpers = Mission.objects.active().filter(
            host_country=host, kind__in=CAREER, sending_country__in=providers
        )
        if not helpers.exists():
            continue
        result = ask_pair(iceland, host)
        shared = with_rule(result, Rule.CONSULAR_SHARING)
        assert {o.mission.wikidata_id for o in shared} == set(
            helpers.values_list("wikidata_id", flat=True)
        ), host.iso_alpha2
        assert not with_rule(result, Rule.EU_DIRECTIVE)  # Iceland is not in the EU
        assert_rules_in_order(result)
        return
    pytest.skip("Iceland is represented wherever another Nordic state is")


def test_nordic_arrangement_does_not_apply_between_the_nordic_states() -> None:
    """Article 34 is for service outside the Nordic region. Iceland has an embassy in every
    Nordic capital in the data, so withdraw the one in Norway (rolled back after the test)."""
    iceland, norway = country("IS"), country("NO")
    Mission.objects.filter(sending_country=iceland, host_country=norway).update(status="withdrawn")
    assert not career_missions(iceland, norway)
    assert career_missions(country("DK"), norway) or career_missions(country("SE"), norway)

    result = ask_pair(iceland, norway)
    assert not with_rule(result, Rule.CONSULAR_SHARING)
    assert not with_rule(result, Rule.EU_DIRECTIVE)


# --- rule 3c: protecting powers -------------------------------------------------------------


def test_american_in_iran_gets_the_swiss_embassy() -> None:
    result = ask("US", country="IR")

    assert not with_rule(result, Rule.RESIDENT)
    protecting = with_rule(result, Rule.PROTECTING_POWER)
    assert protecting
    mission = protecting[0].mission
    assert mission.sending_country.iso_alpha2 == "CH"
    assert mission.host_country.iso_alpha2 == "IR"
    assert mission.kind == MissionKind.EMBASSY
    assert mission.name == "Embassy of Switzerland in Iran"
    assert "Foreign Interests Section" in protecting[0].note
    assert protecting[0].source.startswith("https://")
    assert result.options[0].rule == Rule.PROTECTING_POWER
    assert_rules_in_order(result)


def test_american_in_north_korea_gets_sweden_as_protecting_power() -> None:
    result = ask("US", country="KP")
    protecting = with_rule(result, Rule.PROTECTING_POWER)
    assert [o.mission.sending_country.iso_alpha2 for o in protecting] == ["SE"]


def test_a_mandate_without_consular_services_gives_no_option() -> None:
    mandate = next(
        (m for m in rules().mandates if not getattr(m, "consular", True)),
        None,
    )
    if mandate is None:
        pytest.skip("protecting_powers.toml lists no diplomatic-only mandate")
    result = ask_pair(country(mandate.protected), country(mandate.host))
    assert not with_rule(result, Rule.PROTECTING_POWER)


def test_an_ended_mandate_gives_no_option() -> None:
    ruleset = rules()
    ended = tuple(
        m.model_copy(update={"ended": dt.date(2020, 1, 1)})
        if (m.protected, m.host) == ("US", "IR")
        else m
        for m in ruleset.mandates
    )
    patched = dataclasses.replace(ruleset, mandates=ended)
    us, iran = country("US"), country("IR")
    result = answer(us, Location(country=iran), snapshot_for(us, iran), ruleset=patched)
    assert not with_rule(result, Rule.PROTECTING_POWER)
    # Before it ended, it applied.
    earlier = answer(
        us,
        Location(country=iran),
        snapshot_for(us, iran),
        ruleset=patched,
        today=dt.date(2019, 1, 1),
    )
    assert with_rule(earlier, Rule.PROTECTING_POWER)


def test_a_mandate_not_yet_begun_gives_no_option() -> None:
    """`since` bounds a mandate as `ended` does (answers can be asked for another day)."""
    ruleset = rules()
    today = timezone.localdate()
    later = tuple(
        m.model_copy(update={"since": today + dt.timedelta(days=365)})
        if (m.protected, m.host) == ("US", "IR")
        else m
        for m in ruleset.mandates
    )
    patched = dataclasses.replace(ruleset, mandates=later)
    us, iran = country("US"), country("IR")
    result = answer(us, Location(country=iran), snapshot_for(us, iran), ruleset=patched)
    assert not with_rule(result, Rule.PROTECTING_POWER)


# --- rule 4: honorary consulates ------------------------------------------------------------


def test_honorary_consulate_comes_with_its_caveat_and_career_mission() -> None:
    result = ask("NL", country="ID")

    honorary = with_rule(result, Rule.HONORARY)
    assert honorary
    embassy = _mission("NL", "ID", MissionKind.EMBASSY, "Jakarta")
    for option in honorary:
        assert option.mission.kind == MissionKind.HONORARY_CONSULATE
        assert "cannot issue passports" in option.note
        assert option.note.startswith(HONORARY_NOTE)
        assert option.supervising == embassy
        assert option.rule_label == RULE_LABELS[Rule.HONORARY]
    assert_rules_in_order(result)


def _acceptable_supervisors(honorary: Mission, career: list[Mission]) -> set[Mission]:
    """The embassy (or high commission), or the career mission nearest the honorary consul."""
    heads = {m for m in career if m.kind in (MissionKind.EMBASSY, MissionKind.HIGH_COMMISSION)}
    placed = [m for m in career if m.has_coordinates]
    if honorary.has_coordinates and placed:
        heads.add(
            min(
                placed,
                key=lambda m: great_circle_km(
                    honorary.latitude, honorary.longitude, m.latitude, m.longitude
                ),
            )
        )
    return heads


def test_honorary_consul_reports_to_the_embassy_rather_than_a_consulate() -> None:
    """Where a sender has an embassy and consulates besides honorary consuls, the supervising
    career mission shown is the embassy or the one nearest the honorary consul, not whichever
    consulate sorts first by name."""
    checked = 0
    honorary = Mission.objects.active().filter(kind=MissionKind.HONORARY_CONSULATE)
    pairs = sorted(set(honorary.values_list("sending_country", "host_country")))
    for sender_id, host_id in pairs:
        career = list(
            Mission.objects.active().filter(
                sending_country_id=sender_id, host_country_id=host_id, kind__in=CAREER
            )
        )
        heads = [m for m in career if m.kind in (MissionKind.EMBASSY, MissionKind.HIGH_COMMISSION)]
        if len(heads) != 1 or len(career) < 2:
            continue
        first_by_name = min(career, key=lambda m: (m.name, m.wikidata_id))
        if first_by_name in heads:
            continue
        sender, host = Country.objects.get(pk=sender_id), Country.objects.get(pk=host_id)
        result = ask_pair(sender, host)
        for option in with_rule(result, Rule.HONORARY):
            assert option.supervising in _acceptable_supervisors(option.mission, career), (
                sender.iso_alpha2,
                host.iso_alpha2,
                option.mission.name,
                option.supervising.name,
            )
        checked += 1
        if checked == 5:
            break
    if not checked:
        pytest.skip("no pair with honorary consuls, an embassy and a consulate before it")


def test_honorary_consul_without_a_resident_mission_reports_to_the_accredited_one() -> None:
    honorary = Mission.objects.active().filter(kind=MissionKind.HONORARY_CONSULATE)
    for sender_id, host_id in sorted(set(honorary.values_list("sending_country", "host_country"))):
        sender, host = Country.objects.get(pk=sender_id), Country.objects.get(pk=host_id)
        if not sender.iso_alpha2 or not host.iso_alpha2 or career_missions(sender, host):
            continue
        result = ask_pair(sender, host)
        accredited = with_rule(result, Rule.ACCREDITED)
        if not accredited:
            continue
        for option in with_rule(result, Rule.HONORARY):
            assert option.supervising == accredited[0].mission
        return
    pytest.skip("no pair with honorary consuls and only an accredited career mission")


def test_only_an_honorary_consul_adds_a_caveat() -> None:
    members = _eu_members()
    honorary = Mission.objects.active().filter(kind=MissionKind.HONORARY_CONSULATE)
    for sender_id, host_id in sorted(set(honorary.values_list("sending_country", "host_country"))):
        sender, host = Country.objects.get(pk=sender_id), Country.objects.get(pk=host_id)
        if not sender.iso_alpha2 or sender.iso_alpha2 in members or not host.iso_alpha2:
            continue
        result = ask_pair(sender, host)
        if {o.rule for o in result.options} - {Rule.HONORARY, Rule.MINISTRY_LINE}:
            continue
        assert with_rule(result, Rule.HONORARY)
        assert all(o.supervising is None for o in with_rule(result, Rule.HONORARY))
        assert any("Only an honorary consul" in caveat for caveat in result.caveats)
        return
    pytest.skip("no pair answered only by honorary consuls")


# --- rule 5: the ministry's emergency line --------------------------------------------------


@pytest.mark.parametrize("code", ["FR", "US", "GB", "AU", "DE", "NL"])
def test_ministry_line_comes_last(code: str) -> None:
    line = rules().lines[code]
    result = ask(code, country="JP")

    last = result.options[-1]
    assert last.rule == Rule.MINISTRY_LINE
    assert last.mission is None and last.distance_km is None
    assert last.phone == line.phone
    assert last.phone.startswith("+")
    number = phonenumbers.parse(last.phone)
    assert phonenumbers.is_valid_number(number)
    assert phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) == last.phone
    assert line.ministry in last.note
    assert last.source.startswith("https://")
    assert len(with_rule(result, Rule.MINISTRY_LINE)) == 1
    assert with_rule(result, Rule.RESIDENT)


def test_no_ministry_line_when_none_is_known() -> None:
    lines = rules().lines
    code = next(c for c in ("BE", "LU", "MT", "HR", "IN", "ID") if c not in lines)
    result = ask(code, country="JP")
    assert not with_rule(result, Rule.MINISTRY_LINE)
    assert result.options


# --- caveats --------------------------------------------------------------------------------


def test_dual_national_in_their_other_country() -> None:
    plain = ask("FR", country="RU")
    dual = ask("FR", country="RU", other="RU")

    extra = [c for c in dual.caveats if c not in plain.caveats]
    assert len(extra) == 1
    assert "also a citizen of Russia" in extra[0]
    # Same places to go.
    assert mission_ids(dual.options) == mission_ids(plain.options)


def test_dual_national_of_a_third_country_gets_no_caveat() -> None:
    assert ask("FR", country="RU", other="DE").caveats == ask("FR", country="RU").caveats


def test_permanent_resident() -> None:
    result = ask("FR", country="RU", permanent_resident=True)
    assert any("permanent resident of Russia" in c for c in result.caveats)
    assert not any("permanent resident" in c for c in ask("FR", country="RU").caveats)


def test_a_point_at_sea_still_gets_an_answer() -> None:
    result = ask("DE", **MID_ATLANTIC)

    place = result.location.place
    assert place is not None and place.remote
    assert result.location.country.iso_alpha2 == place.country_code
    assert result.location.city == ""
    assert with_rule(result, Rule.RESIDENT)
    assert result.options[-1].rule == Rule.MINISTRY_LINE
    sea = [c for c in result.caveats if "km" in c and "nearest" in c]
    assert len(sea) == 1
    assert f"{place.distance_km:.0f} km" in sea[0]
    assert place.distance_km > 500


def test_a_point_on_land_gets_no_remote_caveat() -> None:
    result = ask("AU", **BALI)
    assert result.location.place is not None and not result.location.place.remote
    assert not any("nearest town" in c for c in result.caveats)


@pytest.mark.parametrize(
    ("nationality", "where", "host"),
    [("FR", KEHL, "DE"), ("DE", STRASBOURG, "FR"), ("US", KEHL, "DE"), ("US", STRASBOURG, "FR")],
)
def test_near_a_border_the_point_decides_the_country(
    nationality: str, where: dict, host: str
) -> None:
    result = ask(nationality, **where)
    assert result.location.country.iso_alpha2 == host
    assert with_rule(result, Rule.RESIDENT)
    assert all(o.mission.host_country.iso_alpha2 == host for o in with_rule(result, Rule.RESIDENT))


def test_a_point_outside_the_named_country_says_so() -> None:
    result = ask("US", country="FR", **KEHL)
    assert result.location.country.iso_alpha2 == "DE"
    assert any("Germany" in c and "France" in c for c in result.caveats)


@pytest.mark.parametrize(
    ("latitude", "longitude", "sovereign"),
    [
        pytest.param(-22.27, 166.44, "FR", id="Noumea-New-Caledonia"),
        pytest.param(-20.88, 55.45, "FR", id="Saint-Denis-Reunion"),
        pytest.param(-17.53, -149.57, "FR", id="Papeete-French-Polynesia"),
        pytest.param(36.14, -5.35, "GB", id="Gibraltar"),
        pytest.param(78.22, 15.65, "NO", id="Longyearbyen-Svalbard"),
        pytest.param(60.10, 19.94, "FI", id="Mariehamn-Aland"),
    ],
)
def test_a_point_in_an_overseas_territory_gets_an_answer(
    latitude: float, longitude: float, sovereign: str
) -> None:
    """ "Use my location" in a territory that the directory does not list as a country of its
    own (missions there are recorded under the sovereign state) must still give an answer,
    not a 400 "lat: no country known"."""
    result = ask("US", latitude=latitude, longitude=longitude)
    place = result.location.place
    assert place is not None
    assert result.location.country.iso_alpha2 in {sovereign, place.country_code}
    assert result.options


@pytest.mark.parametrize(
    "where",
    [{"country": "FR"}, {"country": "france", "city": "Lyon"}, STRASBOURG],
    ids=["country", "city", "coordinates"],
)
def test_own_country_gets_no_missions(where: dict) -> None:
    result = ask("FR", **where)
    assert result.options == []
    assert len(result.caveats) == 1
    assert "your own country" in result.caveats[0]


def test_nothing_known_says_so() -> None:
    """A sender with no mission at all for a host, outside every sharing rule."""
    members = _eu_members()
    sender = (
        Country.objects.filter(iso_alpha2__in=UN_MEMBER_STATES)
        .exclude(iso_alpha2__in=[*members, *rules().lines])
        .order_by("iso_alpha2")
    )
    for citizen in sender:
        served = _represented_in(citizen) | set(
            Mission.objects.active()
            .filter(sending_country=citizen)
            .values_list("jurisdictions", flat=True)
        )
        host = (
            Country.objects.filter(iso_alpha2__in=UN_MEMBER_STATES)
            .exclude(pk__in=[pk for pk in served if pk is not None])
            .exclude(pk=citizen.pk)
            .order_by("iso_alpha2")
            .first()
        )
        if host is None:
            continue
        result = ask_pair(citizen, host)
        if result.options:
            continue
        assert any("No mission of" in c for c in result.caveats)
        return
    pytest.skip("no pair without any answer")


# --- the whole answer -----------------------------------------------------------------------


def test_rules_come_in_the_documented_order_across_many_pairs() -> None:
    snapshot = snapshot_all()
    states = _un_states()
    for code in ("FR", "US", "AU", "CA", "EE", "IS", "NL", "IN", "BR", "ZA"):
        citizen = country(code)
        for host in states:
            if host.pk == citizen.pk:
                continue
            assert_rules_in_order(answer(citizen, Location(country=host), snapshot))


def test_snapshot_for_one_pair_gives_the_same_answer_as_the_full_snapshot() -> None:
    snapshot = snapshot_all()
    for nationality, host in [
        ("FR", "RU"),
        ("US", "IR"),
        ("NL", "ID"),
        ("EE", "AR"),
        ("CA", "PG"),
        ("AU", "CU"),
        ("IS", "AR"),
    ]:
        citizen, where = country(nationality), country(host)
        small = answer(citizen, Location(country=where), snapshot_for(citizen, where))
        full = answer(citizen, Location(country=where), snapshot)
        assert [(o.rule, o.mission and o.mission.pk) for o in small.options] == [
            (o.rule, o.mission and o.mission.pk) for o in full.options
        ], (nationality, host)
        assert small.caveats == full.caveats


def test_rule_labels_are_plain_words() -> None:
    assert set(RULE_LABELS) == set(Rule)
    assert RULE_ORDER[0] == Rule.RESIDENT and RULE_ORDER[-1] == Rule.MINISTRY_LINE
    for label in RULE_LABELS.values():
        assert label[0].isupper()
        assert "_" not in label


def test_withdrawn_missions_are_not_offered() -> None:
    consulate = _mission("FR", "RU", MissionKind.CONSULATE_GENERAL, "Saint Petersburg")
    Mission.objects.filter(pk=consulate.pk).update(status="withdrawn")
    result = ask("FR", country="RU", city="Saint Petersburg")
    assert consulate.wikidata_id not in mission_ids(result.options)
