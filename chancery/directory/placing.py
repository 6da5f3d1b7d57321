"""Where a mission stands: its host from the source, or the territory of that host its
coordinates (or its town) lie in. Every write through the door sets it (`services`)."""

from __future__ import annotations

from chancery.countries.models import Country
from chancery.countries.places import territory_code_at

from .models import Mission


class Placer:
    """Finds missions' territories, reading the countries' codes once for a whole import."""

    def __init__(self) -> None:
        rows = Country.objects.exclude(iso_alpha2=None).values_list("id", "iso_alpha2")
        self._code_of: dict[int, str] = {pk: code for pk, code in rows if code}
        self._id_of: dict[str, int] = {code: pk for pk, code in self._code_of.items()}

    def territory_id(
        self, host_id: int, latitude: float | None, longitude: float | None, town: str = ""
    ) -> int:
        code = self._code_of.get(host_id)
        if not code:
            return host_id  # an entity without a code (Quebec, the EU): no territories
        found = territory_code_at(latitude, longitude, code, label=town)
        return self._id_of.get(found, host_id)

    def place(self, mission: Mission) -> None:
        """Set `mission.territory` from its host, coordinates and town."""
        mission.territory_id = self.territory_id(
            mission.host_country_id,
            mission.latitude,
            mission.longitude,
            mission.city_source_label or mission.city,
        )
