"""Submission behaviour: when each file arrives, who sends it, what is missing, late, resubmitted or rejected.

`make_plan` returns the uploads (in no particular order; the manifest sorts them by received_at) and
the scenario records of every deliberate gap. All choices are drawn from seed-keyed streams.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import numpy as np

from pipelines.core.periods import due_at
from pipelines.core.reference import prefectures
from pipelines.demo import inject
from pipelines.demo.dataset import Dataset
from pipelines.demo.rng import stream
from pipelines.demo.styles import Style, draw_style, vary_style

FORM_ORDER = ["municipal_report", "actor_roster", "platform_status", "survey_responses"]
SURNAMES_EN = ["sato", "suzuki", "takahashi", "tanaka", "ito", "watanabe", "yamamoto", "nakamura", "kobayashi",
               "kato", "yoshida", "yamada", "sasaki", "yamaguchi", "matsumoto", "inoue", "kimura", "hayashi"]

# (error kind, form, earliest period position, fix: quick | late | never)
REJECTIONS = [
    ("check_digit", "municipal_report", 0, "quick"),
    ("negative_count", "municipal_report", 0, "quick"),
    ("layer2_exceeds", "municipal_report", 1, "quick"),
    ("missing_column", "municipal_report", 1, "late"),
    ("other_prefecture", "actor_roster", 0, "quick"),
    ("mixed_periods", "actor_roster", 1, "quick"),
    ("bad_corporate_number", "actor_roster", 1, "quick"),
    ("unknown_domain", "actor_roster", 2, "never"),
    ("wrong_prefecture", "platform_status", 1, "quick"),
    ("duplicate_respondent", "survey_responses", 0, "quick"),
]
RESUBMISSIONS = [("municipal_report", 0), ("municipal_report", 2), ("actor_roster", 1), ("platform_status", 3)]
QUIRKS = [("omit", "municipal_report", 1), ("omit", "municipal_report", 3), ("names", "municipal_report", 2),
          ("model", "actor_roster", 2)]
MISSING = [("municipal_report", 2), ("actor_roster", 3), ("platform_status", 3)]
_CORRECTIONS = {"municipal_report": inject.correct_municipal, "actor_roster": inject.correct_roster,
                "platform_status": inject.correct_platform}


@dataclass
class Upload:
    prefecture_code: str
    form: str
    k: int  # position in the run's periods
    received_at: datetime
    user: str
    style: Style
    rows: list[dict] | None  # canonical rows; None for surveys
    status: str = "accepted"
    note: str = ""
    version: int = 1
    event: str = ""  # the rejection kind, if any
    drop: tuple[str, ...] = ()
    duplicate: bool = False  # a second manifest row for an already written file
    path: str = ""


def office_time(rng: np.random.Generator, day: datetime) -> datetime:
    return day.replace(hour=int(rng.integers(9, 19)), minute=int(rng.integers(0, 60)), second=int(rng.integers(0, 60)))


def arrival(seed: int, pref: str, k: int, period: tuple[int, int], form: str, late_p: float,
            eagerness: float) -> datetime:
    """Received time of the first upload: mostly in the weeks before the deadline, sometimes late."""
    rng = stream(seed, "arrival", pref, k, form)
    due = due_at(*period)
    if rng.random() < late_p:
        return office_time(rng, due + timedelta(days=int(rng.integers(1, 21))))
    before = eagerness * 25 + 2 - rng.uniform(0, 5) - (4 if form == "survey_responses" else 0)
    return office_time(rng, due - timedelta(days=int(np.clip(before, 1, 27))))


def users(seed: int, pref: str, name_en: str) -> tuple[str, str]:
    rng = stream(seed, "users", pref)
    first, second = rng.choice(len(SURNAMES_EN), 2, replace=False)
    base = name_en.lower().replace(" ", "")
    return f"{base}.{SURNAMES_EN[first]}", f"{base}.{SURNAMES_EN[second]}"


class _Planner:
    def __init__(self, ds: Dataset):
        self.ds, self.seed, self.periods = ds, ds.seed, ds.periods
        self.rng = stream(ds.seed, "scenario")
        codes = sorted(prefectures())
        self.late_prone = sorted(codes[i] for i in self.rng.choice(len(codes), 3, replace=False))
        self.eagerness = dict(zip(codes, self.rng.beta(2, 2, len(codes)), strict=True))
        self.staff = {code: users(ds.seed, code, prefectures()[code].name_en) for code in codes}
        self.present = {(p, k, f) for p in codes for k in range(len(ds.periods)) for f in FORM_ORDER
                        if f != "survey_responses" or ds.survey_counts(p, k).sum() > 0}
        self.taken: set[tuple] = set()
        self.scenario: list[list] = []
        self.uploads: list[Upload] = []
        self.base: dict[tuple, Upload] = {}

    def period(self, k: int) -> tuple[int, int]:
        return self.periods[k]

    def pick(self, form: str, min_k: int, exclude: set[str] = frozenset(), min_rows: int = 0) -> tuple | None:
        """A not-yet-used (prefecture, period, form) cell, at period position ≥ min_k when possible."""
        min_k = min(min_k, len(self.periods) - 1)
        pool = sorted(c for c in self.present - self.taken if c[2] == form and c[1] >= min_k and c[0] not in exclude
                      and self._big_enough(c, min_rows))
        if not pool:
            return None
        cell = pool[int(self.rng.integers(len(pool)))]
        self.taken.add(cell)
        return cell

    def _big_enough(self, cell: tuple, min_rows: int) -> bool:
        pref, k, form = cell
        if form == "survey_responses":
            return bool((self.ds.survey_counts(pref, k) >= 2).any())
        return form != "municipal_report" or len(self.ds.by_pref[pref]) > min_rows

    def record(self, kind: str, cell: tuple, municipality: str, detail: str) -> None:
        self.scenario.append([kind, cell[0], cell[2], *self.period(cell[1]), municipality, detail])

    def missing(self) -> None:
        for form, count in MISSING:
            chosen: set[str] = set()
            for _ in range(count):
                cell = self.pick(form, 1, chosen)
                if cell:
                    chosen.add(cell[0])
                    self.present.discard(cell)
                    self.record("missing_form", cell, "", "not submitted")

    def first_uploads(self) -> None:
        for cell in sorted(self.present):
            pref, k, form = cell
            late_p = 0.4 if pref in self.late_prone else 0.06
            at = arrival(self.seed, pref, k, self.period(k), form, late_p, self.eagerness[pref])
            if form == "survey_responses":
                style = self.ds.survey_style(pref, k)
            else:
                style = vary_style(draw_style(self.seed, pref, form), self.seed, pref, k, form)
            upload = Upload(pref, form, k, at, self.staff[pref][0], style, self.ds.rows(pref, k, form))
            self.base[cell] = upload
            self.uploads.append(upload)

    def follow_up(self, first: Upload, at: datetime, note: str, rows: list[dict] | None) -> None:
        user = self.staff[first.prefecture_code][1 if first.received_at.day % 3 == 0 else 0]
        self.uploads.append(replace(first, received_at=at, version=2, status="accepted", note=note, event="",
                                    drop=(), user=user, rows=rows))

    def rejections(self) -> None:
        for kind, form, min_k, fix in REJECTIONS:
            if kind == "mixed_periods" and len(self.periods) < 2:
                continue
            cell = self.pick(form, min_k, min_rows=3)
            if cell is None:
                continue
            first = self.base[cell]
            rng = stream(self.seed, "reject", kind)
            fixed_rows, fmt = first.rows, first.style.fmt
            if kind == "missing_column":
                first.drop = ("partnership_program",)
                detail = "missing column 住民参画・官民連携推進事業実施 (old template)"
            elif kind == "mixed_periods":
                first.rows, detail = inject.mixed_periods(first.rows, rng, fmt, self.period(cell[1] - 1))
            elif kind == "unknown_domain":
                first.rows, detail = inject.unknown_domain(first.rows, rng, first.style)
            elif kind == "duplicate_respondent":
                detail = "duplicate respondent ID"  # applied when the frame is built
            else:
                first.rows, detail = getattr(inject, kind)(first.rows, rng, fmt)
            first.status, first.event, first.note = "rejected", kind, f"rejected: {detail}"
            due = due_at(*self.period(cell[1]))
            if fix == "never":
                self.record("never_corrected", cell, "", detail)
                continue
            if fix == "late":  # sent before the deadline, corrected only after it
                first.received_at = min(first.received_at, office_time(rng, due - timedelta(days=3)))
                at = office_time(rng, due + timedelta(days=int(rng.integers(2, 7))))
            else:
                at = office_time(rng, first.received_at + timedelta(days=int(rng.integers(1, 4))))
            self.follow_up(first, at, "corrected resubmission", fixed_rows)

    def resubmissions(self) -> None:
        for form, min_k in RESUBMISSIONS:
            cell = self.pick(form, min_k)
            if cell is None:
                continue
            first = self.base[cell]
            rng = stream(self.seed, "resubmit", *cell)
            rows, detail = _CORRECTIONS[form](first.rows, rng)
            later = office_time(rng, first.received_at + timedelta(days=int(rng.integers(2, 16))))
            self.follow_up(first, later, f"resubmission ({detail})", rows)

    def quirks(self) -> None:
        for quirk, form, min_k in QUIRKS:
            cell = self.pick(form, min_k, min_rows=10)
            if cell is None:
                continue
            upload = self.base[cell]
            rng = stream(self.seed, "quirk", quirk, *cell)
            if quirk == "omit":
                upload.rows, omitted = inject.omit_municipalities(upload.rows, rng)
                upload.note = f"accepted with warning: {len(omitted)} municipalities omitted ({' '.join(omitted)})"
                for code in omitted:
                    self.record("missing_municipality", cell, code, "omitted from report")
            else:
                change = inject.name_variants if quirk == "names" else inject.model_outside_a
                upload.rows, detail = change(upload.rows, rng)
                upload.note = f"accepted with warning: {detail}"

    def edge_cases(self) -> None:
        for offset, note in ((timedelta(0), "on time (received exactly at the deadline)"),
                             (timedelta(seconds=1), "late (1 second after the deadline)")):
            cell = self.pick("municipal_report", 1)
            if cell:
                self.base[cell].received_at = due_at(*self.period(cell[1])) + offset
                self.base[cell].note = note
        cell = self.pick("platform_status", 0)
        if cell:
            first = self.base[cell]
            self.uploads.append(replace(first, received_at=first.received_at + timedelta(days=1), duplicate=True,
                                        note="duplicate upload (identical file)"))

    def mark_late(self) -> None:
        """'late' marks exactly the cells whose first accepted upload came after the deadline."""
        first: dict[tuple, Upload] = {}
        for upload in sorted(self.uploads, key=lambda u: u.received_at):
            if upload.status == "accepted":
                first.setdefault((upload.prefecture_code, upload.k, upload.form), upload)
        for (_, k, _), upload in first.items():
            if upload.received_at > due_at(*self.period(k)) and not upload.note.startswith("late"):
                upload.note = "; ".join(x for x in ("late", upload.note) if x)


def make_plan(ds: Dataset) -> tuple[list[Upload], list[list]]:
    planner = _Planner(ds)
    planner.missing()
    planner.first_uploads()
    planner.rejections()
    planner.resubmissions()
    planner.quirks()
    planner.edge_cases()
    planner.mark_late()
    for code in planner.late_prone:
        planner.scenario.append(["late_prone", code, "", "", "", "", "often submits after the deadline"])
    for code, track in ds.tracks.items():
        stages = " ".join(str(s) for s in track.stages)
        planner.scenario.append(["platform_track", code, "platform_status", "", "", "", f"{track.label}: {stages}"])
    return planner.uploads, planner.scenario
