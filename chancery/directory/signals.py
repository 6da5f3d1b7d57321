"""The directory's part in changes to countries."""

from __future__ import annotations

from django.dispatch import receiver

from chancery.countries.models import Country
from chancery.countries.signals import country_merging

from .models import Mission


@receiver(country_merging, dispatch_uid="directory-country-merging")
def _missions_move(sender: type, *, previous: Country, target: Country, **_kwargs: object) -> None:
    """Missions sent from, hosted by, standing in or accredited to `previous` now belong to
    `target`."""
    Mission.objects.filter(sending_country=previous).update(sending_country=target)
    Mission.objects.filter(host_country=previous).update(host_country=target)
    Mission.objects.filter(territory=previous).update(territory=target)
    through = Mission.jurisdictions.through
    already = through.objects.filter(country=target).values("mission_id")
    through.objects.filter(country=previous, mission_id__in=already).delete()
    through.objects.filter(country=previous).update(country=target)
