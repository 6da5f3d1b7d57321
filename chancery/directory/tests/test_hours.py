"""Opening hours: the regular week, "open now" in the mission's zone, and the API's form."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from chancery.directory.hours import hours_status, hours_structured, hours_week

# A Wednesday: its week runs from Monday 3 March 2025.
WEDNESDAY = date(2025, 3, 5)
# Monday 3 March 2025, 10:00 UTC: 18:00 in Singapore (closed), 13:00 in Moscow (open).
MONDAY_10_UTC = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)
# Friday 7 March 2025, 12:00 UTC: 20:00 in Singapore, after closing, before the weekend.
FRIDAY_12_UTC = datetime(2025, 3, 7, 12, 0, tzinfo=UTC)


def _week(raw: str) -> dict[str, list[tuple[str, str]]]:
    hours = hours_week(raw, today=WEDNESDAY)
    assert hours is not None
    return {day.code: list(day.intervals) for day in hours.days}


def test_weekdays_open_weekend_closed() -> None:
    week = _week("Mo-Fr 09:00-17:00")
    assert list(week) == ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
    assert all(week[day] == [("09:00", "17:00")] for day in ("Mo", "Tu", "We", "Th", "Fr"))
    assert week["Sa"] == week["Su"] == []


def test_split_hours_and_public_holidays() -> None:
    hours = hours_week("Mo-Fr 09:00-12:00,14:00-17:00; PH off", today=WEDNESDAY)
    assert hours is not None
    assert hours.days[0].intervals == (("09:00", "12:00"), ("14:00", "17:00"))
    assert hours.days[5].closed
    assert hours.public_holidays == "closed"


def test_always_open() -> None:
    assert set(map(tuple, _week("24/7").values())) == {(("00:00", "24:00"),)}


def test_shorter_friday() -> None:
    week = _week("Mo-Th 08:30-16:30; Fr 08:30-13:00")
    assert week["Th"] == [("08:30", "16:30")]
    assert week["Fr"] == [("08:30", "13:00")]
    assert week["Sa"] == []


def test_hours_past_midnight_stay_on_their_evening() -> None:
    week = _week("Fr-Sa 20:00-02:00")
    assert week["Fr"] == [("20:00", "02:00")]
    assert week["Sa"] == [("20:00", "02:00")]
    assert week["Su"] == []  # Saturday night's end is not shown as Sunday hours


def test_comment_only_rule_is_not_opening() -> None:
    hours = hours_week('Mo-Fr 09:00-17:00; Sa "by appointment"', today=WEDNESDAY)
    assert hours is not None
    saturday = hours.days[5]
    assert saturday.intervals == ()
    assert saturday.note == "by appointment"
    assert not saturday.closed  # unconfirmed, not closed


def test_fallback_comment_becomes_a_note() -> None:
    hours = hours_week('Mo-Fr 09:00-17:00 || "by appointment"', today=WEDNESDAY)
    assert hours is not None
    assert hours.days[0].intervals == (("09:00", "17:00"),)
    assert hours.days[6].closed
    assert hours.notes == ("by appointment",)


@pytest.mark.parametrize("raw", ["", "   ", "Mo-Fr 9-5", "open when we feel like it", "x" * 2000])
def test_empty_or_invalid_gives_none(raw: str) -> None:
    assert hours_week(raw, today=WEDNESDAY) is None


def test_status_depends_on_the_mission_zone() -> None:
    singapore = hours_status("Mo-Fr 09:00-17:00", time_zone="Asia/Singapore", now=MONDAY_10_UTC)
    moscow = hours_status("Mo-Fr 09:00-17:00", time_zone="Europe/Moscow", now=MONDAY_10_UTC)
    assert singapore is not None and moscow is not None
    assert not singapore.is_open
    assert singapore.changes_at == datetime(2025, 3, 4, 9, 0, tzinfo=ZoneInfo("Asia/Singapore"))
    assert moscow.is_open
    assert moscow.changes_at == datetime(2025, 3, 3, 17, 0, tzinfo=ZoneInfo("Europe/Moscow"))
    with translation.override("en"):
        assert moscow.text() == "Open now · closes at 17:00"
        assert singapore.text() == "Closed now · opens tomorrow at 09:00"


def test_closed_for_the_weekend_names_the_day() -> None:
    status = hours_status("Mo-Fr 09:00-17:00", time_zone="Asia/Singapore", now=FRIDAY_12_UTC)
    assert status is not None
    with translation.override("en"):
        assert status.text() == "Closed now · opens Monday at 09:00"


def test_never_open_and_always_open() -> None:
    with translation.override("en"):
        closed = hours_status("off", time_zone="Europe/Paris", now=MONDAY_10_UTC)
        always = hours_status("24/7", time_zone="Europe/Paris", now=MONDAY_10_UTC)
        assert closed is not None and closed.text() == "Closed now"
        assert always is not None and always.text() == "Open now"
        assert always.changes_at is None


def test_public_holiday_counts_when_the_country_is_known() -> None:
    bastille_day = datetime(2025, 7, 14, 10, 0, tzinfo=UTC)  # a Monday
    raw = "Mo-Fr 09:00-17:00; PH off"
    plain = hours_status(raw, time_zone="Europe/Paris", now=bastille_day)
    french = hours_status(raw, time_zone="Europe/Paris", now=bastille_day, country_code="FR")
    assert plain is not None and plain.is_open
    assert french is not None and not french.is_open


def test_no_status_without_a_zone_or_with_unknown_hours() -> None:
    # Without the zone "09:00-17:00" could be any instant of the day.
    assert hours_status("Mo-Fr 09:00-17:00", time_zone="", now=MONDAY_10_UTC) is None
    assert hours_status("Mo-Fr 09:00-17:00", time_zone="Mars/Olympus", now=MONDAY_10_UTC) is None
    assert hours_status("not hours", time_zone="Asia/Singapore", now=MONDAY_10_UTC) is None
    saturday = datetime(2025, 3, 8, 4, 0, tzinfo=UTC)
    raw = 'Mo-Fr 09:00-17:00; Sa "by appointment"'
    assert hours_status(raw, time_zone="Asia/Singapore", now=saturday) is None


def test_status_skips_a_comment_only_day_when_saying_when_it_opens() -> None:
    raw = 'Mo-Fr 09:00-17:00; Sa "by appointment"'
    status = hours_status(raw, time_zone="Asia/Singapore", now=FRIDAY_12_UTC)
    assert status is not None and not status.is_open
    assert status.changes_at == datetime(2025, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Singapore"))


def test_status_text_in_french_uses_french_days_and_24_hour_times() -> None:
    weekend = hours_status("Mo-Fr 09:00-17:00", time_zone="Asia/Singapore", now=FRIDAY_12_UTC)
    moscow = hours_status("Mo-Fr 09:00-17:00", time_zone="Europe/Moscow", now=MONDAY_10_UTC)
    assert weekend is not None and moscow is not None
    with translation.override("fr"):
        opens = weekend.text()
        closes = moscow.change_text()
    assert "lundi" in opens and "Monday" not in opens
    assert "09:00" in opens
    assert "17:00" in closes and "p.m." not in closes


def test_structured_week_for_the_api() -> None:
    data = hours_structured("Mo-Fr 09:00-12:00,14:00-17:00", time_zone="Asia/Manila")
    assert data is not None
    assert data["valid"] is True
    assert data["time_zone"] == "Asia/Manila"
    assert [day["day"] for day in data["week"]] == ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
    assert data["week"][0]["intervals"] == [["09:00", "12:00"], ["14:00", "17:00"]]
    assert data["week"][6]["intervals"] == []
    # A caller changing its copy does not change the next one.
    data["week"][0]["intervals"].clear()
    again = hours_structured("Mo-Fr 09:00-12:00,14:00-17:00", time_zone="Asia/Manila")
    assert again is not None and again["week"][0]["intervals"]


def test_structured_invalid_and_empty() -> None:
    assert hours_structured("Mo-Fr 9-5", time_zone="Europe/Paris") == {
        "raw": "Mo-Fr 9-5",
        "valid": False,
        "week": [],
        "notes": [],
        "time_zone": "Europe/Paris",
    }
    assert hours_structured("", time_zone="Europe/Paris") is None


def _render(raw: str, **status: object) -> str:
    hours = hours_week(raw, today=WEDNESDAY)
    return render_to_string(
        "directory/_opening_hours.html",
        {"hours": hours, "status": hours_status(raw, **status) if status else None},  # type: ignore[arg-type]
    )


def test_partial_renders_the_week_and_status() -> None:
    with translation.override("en"):
        html = _render(
            "Mo-Fr 09:00-12:00,14:00-17:00; PH off",
            time_zone="Europe/Moscow",
            now=datetime(2025, 3, 3, 8, 0, tzinfo=UTC),  # 11:00 in Moscow
        )
    assert "<caption>Opening hours (local time)</caption>" in html
    rows = re.findall(r'<th scope="row">(\w+)</th>', html)
    assert rows == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    assert len(re.findall(r"<td>Closed</td>", html)) == 2
    assert "09:00–12:00</span>, <span" in html
    assert "<strong>Open now</strong>" in html
    assert '<time datetime="2025-03-03T12:00:00+03:00">closes at 12:00</time>' in html
    assert "Closed on public holidays." in html


def test_partial_in_french_names_days_in_french() -> None:
    with translation.override("fr"):
        html = _render("Mo-Fr 09:00-17:00")
    rows = re.findall(r'<th scope="row">(\w+)</th>', html)
    assert rows == ["Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche"]
    assert "hours-status" not in html  # no status without a zone


def test_partial_escapes_source_comments() -> None:
    with translation.override("en"):
        html = _render('Mo-Fr 09:00-17:00; Sa "<script>x</script>"')
    assert "<script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
