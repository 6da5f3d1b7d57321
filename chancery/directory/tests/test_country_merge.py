"""When two QIDs turn out to be one country, the missions of the one that goes move over."""

from __future__ import annotations

from collections import Counter

import pytest

from chancery.countries.models import Country, CountryKind
from chancery.countries.services import countries_sync
from chancery.directory.models import Mission

pytestmark = pytest.mark.django_db


def test_a_merged_country_takes_its_missions_and_accreditations_along() -> None:
    germany = Country.objects.get(iso_alpha2="DE")
    nepal = Country.objects.get(iso_alpha2="NP")
    stray = Country.objects.create(
        wikidata_id="Q999999990",
        kind=CountryKind.OTHER,
        name="Federal Republic of Germany (government)",
        slug="stray-germany",
    )
    sent = Mission.objects.filter(sending_country=germany, host_country=nepal).first()
    assert sent is not None
    hosted = Mission.objects.filter(host_country=germany).exclude(sending_country=nepal)[0]
    accredited = Mission.objects.filter(jurisdictions=nepal).exclude(jurisdictions=germany)[0]
    Mission.objects.filter(pk=sent.pk).update(sending_country=stray)
    Mission.objects.filter(pk=hosted.pk).update(host_country=stray)
    accredited.jurisdictions.add(stray)

    # The next import names the stray QID as Germany: it resolves to DE, so the two are one.
    result = countries_sync({"Q999999990": Counter({"Germany": 3})})

    assert result.by_wikidata_id["Q999999990"] == germany
    assert not Country.objects.filter(pk=stray.pk).exists()
    assert Mission.objects.get(pk=sent.pk).sending_country == germany
    assert Mission.objects.get(pk=hosted.pk).host_country == germany
    assert germany in Mission.objects.get(pk=accredited.pk).jurisdictions.all()
    assert any("Q999999990 now resolves to Germany" in warning for warning in result.warnings)
