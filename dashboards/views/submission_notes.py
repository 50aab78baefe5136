"""The submitters' notes (備考, SPEC §3.7) beside a prefecture's numbers: the note of each effective
submission of the chosen period, per form. Notes are written for readers, so anyone may see them (§4.5)."""

from __future__ import annotations

import html

import panel as pn
import polars as pl

from dashboards import data
from dashboards.components.page import View
from pipelines.intake.forms import FORMS

HEADING = ("提出者の備考", "Submitters' notes")


def period_notes(snap: data.Snapshot, pref: str, period: str) -> list[tuple[str, str]]:
    """(form, note) of the effective submissions of one prefecture and period, in the forms' order."""
    register = snap.table("mart_submissions")
    if register.is_empty() or "note" not in register.columns:
        return []
    rows = register.filter(
        (pl.col("prefecture_code") == pref)
        & (pl.col("period") == period)
        & (pl.col("status") == "accepted")
        & pl.col("note").is_not_null()
    )
    notes = dict(rows.select("form", "note").iter_rows())
    return [(form, notes[form]) for form in FORMS if form in notes]


class SubmissionNotes(View):
    depends = ("pref", "period")

    def __init__(self, state, snap):
        super().__init__(state, snap)
        self.layout = pn.pane.HTML(sizing_mode="stretch_width", visible=False)

    def update(self) -> None:
        notes = period_notes(self.snap, self.state.pref, self.state.period)
        self.layout.visible = bool(notes)
        if not notes:
            return
        index = 0 if self.lang == "ja" else 1
        items = "".join(
            f"<li><b>{html.escape((FORMS[form].title_ja, FORMS[form].title_en)[index])}</b>: "
            f"{html.escape(note).replace(chr(10), '<br>')}</li>"
            for form, note in notes
        )
        self.layout.object = f"<div class='submission-notes'><h4>{HEADING[index]}</h4><ul>{items}</ul></div>"
