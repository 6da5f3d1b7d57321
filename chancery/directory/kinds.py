"""The kinds of mission and their two orders: in a listing, and in "who can help"."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MissionKind(models.TextChoices):
    EMBASSY = "embassy", _("Embassy")
    HIGH_COMMISSION = "high_commission", _("High Commission")
    CONSULATE_GENERAL = "consulate_general", _("Consulate-General")
    CONSULATE = "consulate", _("Consulate")
    VICE_CONSULATE = "vice_consulate", _("Vice-Consulate")
    HONORARY_CONSULATE = "honorary_consulate", _("Honorary Consulate")
    NUNCIATURE = "nunciature", _("Apostolic Nunciature")
    PERMANENT_MISSION = "permanent_mission", _("Permanent Mission")
    DELEGATION = "delegation", _("Delegation")
    REPRESENTATIVE_OFFICE = "representative_office", _("Representative Office")
    INTERESTS_SECTION = "interests_section", _("Interests Section")
    LIAISON_OFFICE = "liaison_office", _("Liaison Office")
    OTHER = "other", _("Diplomatic Mission")

    # A kind has two ranks because two questions are asked of it. A listing shows every office
    # a country has and orders them as declared above: the embassy and its peers, the
    # consular posts down to honorary consulates, then the rest. "Who can help" ranks only the
    # offices whose career staff help citizens, by where a traveller should go first: an
    # interests section acts as the embassy where there is none, so it comes before the
    # offices that seldom do consular work; honorary consulates, permanent missions and
    # delegations are not among them.

    @classmethod
    def listing_rank(cls, kind: str) -> int:
        """Where missions of this kind come in a listing (an unknown kind comes last)."""
        return _LISTING_RANK.get(kind, UNRANKED)

    @classmethod
    def career(cls) -> tuple[MissionKind, ...]:
        """The offices whose career staff help citizens, in the order a traveller should try them."""
        return _CAREER

    @classmethod
    def help_rank(cls, kind: str) -> int:
        """Where a career office of this kind comes in "who can help" (others come last)."""
        return _HELP_RANK.get(kind, UNRANKED)

    @classmethod
    def is_career(cls, kind: str) -> bool:
        return kind in _HELP_RANK

    @classmethod
    def label_of(cls, kind: str) -> str:
        """The kind's name in the page's language; an unknown kind is shown as it is."""
        return str(_LABELS.get(kind, kind))


#: The rank of a kind outside an order: after every ranked one.
UNRANKED = 99
_LABELS = dict(MissionKind.choices)
_LISTING_RANK: dict[str, int] = {kind: rank for rank, kind in enumerate(MissionKind.values)}
_CAREER = (
    MissionKind.EMBASSY,
    MissionKind.HIGH_COMMISSION,
    MissionKind.CONSULATE_GENERAL,
    MissionKind.CONSULATE,
    MissionKind.VICE_CONSULATE,
    MissionKind.INTERESTS_SECTION,
    MissionKind.REPRESENTATIVE_OFFICE,
    MissionKind.LIAISON_OFFICE,
    MissionKind.NUNCIATURE,
    MissionKind.OTHER,
)
_HELP_RANK: dict[str, int] = {kind: rank for rank, kind in enumerate(_CAREER)}


#: Kinds headed by career staff that are named after their city rather than the host country.
CONSULAR_KINDS = frozenset(
    {
        MissionKind.CONSULATE_GENERAL,
        MissionKind.CONSULATE,
        MissionKind.VICE_CONSULATE,
        MissionKind.HONORARY_CONSULATE,
    }
)
