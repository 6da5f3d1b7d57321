"""How well "who can help" covers the world: every (nationality, host) pair of UN members, and
every (nationality, territory) pair: a mission in the territory, only in its state, or none."""

from __future__ import annotations

import csv
import time
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from chancery.assist.engine import answer
from chancery.assist.selectors import snapshot_all
from chancery.assist.types import Location, Rule, Snapshot
from chancery.countries.models import Country
from chancery.countries.reference import UN_MEMBER_STATES


class Command(BaseCommand):
    help = (
        "Answer every (nationality, host) pair of UN member states; print the share answered "
        "by each rule and the pairs left with only the ministry line or nothing, and write a CSV; "
        "then, for every territory, how many nationalities have a mission there, only in its "
        "state, or none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--csv",
            default=str(Path(settings.VAR_DIR) / "assist-coverage.csv"),
            help="Where to write one line per pair (default: var/assist-coverage.csv).",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: object, **options: object) -> None:
        started = time.perf_counter()
        states = sorted(
            Country.objects.filter(iso_alpha2__in=UN_MEMBER_STATES),
            key=lambda c: c.iso_alpha2 or "",
        )
        snapshot = snapshot_all()
        best: Counter[str] = Counter()
        any_rule: Counter[str] = Counter()
        only_line: list[tuple[str, str]] = []
        nothing: list[tuple[str, str]] = []
        path = Path(str(options["csv"]))
        path.parent.mkdir(parents=True, exist_ok=True)
        pairs = [(n, h) for n in states for h in states if n.pk != h.pk]
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["nationality", "host", "best_rule", "rules", "options"])
            for nationality, host in tqdm(
                pairs, desc="Pairs", unit="pair", disable=bool(options["no_progress"])
            ):
                result = answer(nationality, Location(country=host), snapshot)
                rules = result.rules_used()
                first = str(rules[0]) if rules else "nothing"
                best[first] += 1
                for rule in rules:
                    any_rule[str(rule)] += 1
                key = (nationality.iso_alpha2 or "", host.iso_alpha2 or "")
                if not rules:
                    nothing.append(key)
                elif rules == [Rule.MINISTRY_LINE]:
                    only_line.append(key)
                writer.writerow([*key, first, " ".join(str(r) for r in rules), len(result.options)])
        total = len(pairs)
        self.stdout.write(f"{len(states)} UN member states, {total:,} (nationality, host) pairs\n")
        self.stdout.write(f"{'rule':<22} {'best answer':>14} {'appears in':>14}")
        for name in [*(str(r) for r in Rule), "nothing"]:
            self.stdout.write(
                f"{name:<22} {best[name]:>7,} {best[name] / total:6.1%} "
                f"{any_rule[name]:>7,} {any_rule[name] / total:6.1%}"
            )
        self.stdout.write(
            f"only the ministry line: {len(only_line):,} pairs ({len(only_line) / total:.1%}); "
            f"nothing at all: {len(nothing):,} pairs ({len(nothing) / total:.1%})"
        )
        self._territories(states, snapshot)
        self.stdout.write(f"CSV: {path} ({time.perf_counter() - started:.1f} s)")

    def _territories(self, states: list[Country], snapshot: Snapshot) -> None:
        """Each UN member's citizens in each territory (not the territory's own state's)."""
        territories = list(
            Country.objects.filter(part_of__isnull=False)
            .exclude(iso_alpha2=None)
            .select_related("part_of")
            .order_by("iso_alpha2")
        )
        counts: Counter[str] = Counter()
        per_territory: dict[str, Counter[str]] = {}
        for territory in territories:
            here: Counter[str] = Counter()
            for nationality in states:
                if nationality.pk == territory.part_of_id:
                    continue
                rules = answer(nationality, Location(country=territory), snapshot).rules_used()
                if Rule.RESIDENT in rules:
                    here["in_territory"] += 1
                elif Rule.SOVEREIGN_STATE in rules:
                    here["in_state"] += 1
                else:
                    here["none"] += 1
            counts.update(here)
            per_territory[territory.iso_alpha2 or ""] = here
        total = sum(counts.values())
        self.stdout.write(
            f"territories: {len(territories)}, {total:,} (nationality, territory) pairs: "
            f"a mission in the territory {counts['in_territory']:,}, "
            f"only in its state {counts['in_state']:,}, none {counts['none']:,}"
        )
        for code, here in per_territory.items():
            if here["in_territory"]:
                self.stdout.write(
                    f"  {code}: in the territory {here['in_territory']}, "
                    f"only in its state {here['in_state']}, none {here['none']}"
                )
