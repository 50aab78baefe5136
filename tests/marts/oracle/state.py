"""The oracle's view of the raw tables: the monitored periods, the effective submissions and their rows,
and the per-prefecture building blocks (on time, carried-forward stage, target, spend to date)."""

from __future__ import annotations

from collections import Counter

from .spec import FIRST_PERIOD, due_utc, next_period, target_stage


class Oracle:
    def __init__(self, raw: dict[str, list[dict]], municipalities: list[dict], prefectures: list[str],
                 target_overrides: dict[tuple[str, int, int], int] | None = None):
        self.raw = raw
        self.prefectures = prefectures
        self.overrides = target_overrides or {}  # the project ships the override seed empty
        self.wards = {m["municipality_code"]: m["designated_city_wards"] for m in municipalities}
        self.total = Counter(m["prefecture_code"] for m in municipalities)

        subs = raw["submissions"]
        # "accepted" in the SPEC's sense = accepted when it arrived: the effective one (status accepted)
        # and the ones it replaced (status superseded). Rejected and duplicate submissions are neither.
        self.ever_accepted = [s for s in subs if s["status"] in ("accepted", "superseded")]
        self.effective = {(s["prefecture_code"], s["form"], s["fiscal_year"], s["quarter"])
                          for s in subs if s["status"] == "accepted"}

        # Periods: FY2025Q1 … latest period of any accepted (or superseded) submission.
        latest = max((s["fiscal_year"], s["quarter"]) for s in self.ever_accepted if s["fiscal_year"] is not None)
        self.periods = []
        p = FIRST_PERIOD
        while p <= latest:
            self.periods.append(p)
            p = next_period(*p)

        # form rows grouped by (prefecture, fy, q); the form tables hold only effective submissions.
        self.rows: dict[str, dict[tuple, list[dict]]] = {}
        for form in ("municipal_report", "actor_roster", "platform_status", "survey_responses"):
            grouped: dict[tuple, list[dict]] = {}
            for r in raw[form]:
                grouped.setdefault((r["prefecture_code"], r["fiscal_year"], r["quarter"]), []).append(r)
            self.rows[form] = grouped

    # -- building blocks ----------------------------------------------------------------------------
    def submitted(self, pref: str, form: str, fy: int, q: int) -> bool:
        return (pref, form, fy, q) in self.effective

    def on_time(self, pref: str, form: str, fy: int, q: int) -> bool | None:
        """First accepted submission (earliest received_at, superseded ones included) ≤ due instant."""
        received = [s["received_at"] for s in self.ever_accepted
                    if (s["prefecture_code"], s["form"], s["fiscal_year"], s["quarter"]) == (pref, form, fy, q)]
        if not received:
            return None
        return min(received) <= due_utc(fy, q)  # boundary included

    def form_rows(self, form: str, pref: str, fy: int, q: int) -> list[dict]:
        return self.rows[form].get((pref, fy, q), [])

    def stage(self, pref: str, fy: int, q: int) -> int | None:
        """This period's stage, else the latest earlier reported stage, else None (carry-forward)."""
        for period in reversed([p for p in self.periods if p <= (fy, q)]):
            rows = self.form_rows("platform_status", pref, *period)
            if rows:
                return rows[0]["stage"]
        return None

    def target(self, pref: str, fy: int, q: int) -> int:
        return target_stage(fy, q, self.overrides.get((pref, fy, q)))

    def spend_fy_to_date(self, prefs: list[str], fy: int, q: int) -> int | None:
        """Σ program_spend_kyen over the effective municipal_reports of fy with quarter ≤ q."""
        amounts = [r["program_spend_kyen"] for pref in prefs for quarter in range(1, q + 1)
                   for r in self.form_rows("municipal_report", pref, fy, quarter)]
        submitted = any(self.submitted(pref, "municipal_report", fy, quarter)
                        for pref in prefs for quarter in range(1, q + 1))
        return sum(amounts) if submitted else None
