"""データ提出 — log in, see where the prefecture stands, upload, read the report, withdraw, see the history.

Every action goes through `pipelines.portal.service`, which enforces on the server who may submit, withdraw or see
what; this page only decides what to show. The file arrives in chunks (`upload_file`) and is validated in a worker
process (`upload_worker`), so the server keeps serving every other session while a large file travels and is
checked; the page shows the share sent, then polls the worker and shows the elapsed time.
"""

from __future__ import annotations

import html
import io
import tempfile
import time
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import panel as pn
import param
import polars as pl
from panel.viewable import Viewer

from dashboards.auth import current_account
from dashboards.components.tables import plain_table
from dashboards.pages import upload_report as report
from dashboards.pages import upload_worker
from dashboards.pages.upload_file import ChunkedFileInput
from dashboards.pages.upload_history import HistoryPanel
from dashboards.pages.upload_issues import IssueReport
from dashboards.pages.upload_status import quarter_status
from dashboards.pages.upload_texts import form_label
from dashboards.state import AppState
from dashboards.texts import t
from pipelines.core.reference import prefectures
from pipelines.intake.forms import FORMS
from pipelines.portal import service
from pipelines.portal.service import RejectedUpload, max_upload_bytes, too_large

POLL_MS = 300


def prefecture_label(code: str, lang: str) -> str:
    """'大阪府' / 'Osaka' (the upload page works without a published snapshot: names from the reference)."""
    prefecture = prefectures()[code]
    return prefecture.name_en if lang == "en" else prefecture.name


class UploadPage(Viewer):
    """One officer's upload desk; rebuilt per browser session, relabelled when the language changes."""

    state = param.ClassSelector(class_=AppState)

    def __init__(self, **params):
        super().__init__(**params)
        self._account = current_account()
        self._layout = pn.Column(sizing_mode="stretch_width", css_classes=["upload-page"])
        if self._account is None:
            self.state.param.watch(lambda *_: self._render_guest(), "lang")
            self._render_guest()
            return
        self._allowed = sorted(prefectures()) if self._account.is_ministry else [self._account.prefecture_code]
        self._prefecture = pn.widgets.Select(options=self._prefecture_options(self.state.lang),
                                             css_classes=["upload-prefecture"])
        self._form = pn.widgets.Select(css_classes=["upload-form"])
        self._file = ChunkedFileInput(accept=".xlsx,.csv,.parquet", max_bytes=max_upload_bytes(),
                                      css_classes=["upload-file"])
        self._file.param.watch(lambda *_: self._show_refusal(), "refused_size")
        self._file.param.watch(lambda *_: self._submit_when_received(), "receiving")
        self._submit_waiting = False  # the button was pressed while the chosen file was still on its way
        self._note = pn.widgets.TextAreaInput(max_length=2000, height=70, css_classes=["upload-note"])
        self._submit = pn.widgets.Button(button_type="primary", css_classes=["upload-submit"])
        self._submit.on_click(self._on_submit)
        self._status = pn.Column(sizing_mode="stretch_width", css_classes=["upload-status"])
        self._result = pn.pane.HTML(sizing_mode="stretch_width", css_classes=["upload-result"])
        self._report = IssueReport()
        self._history = HistoryPanel(self._account, self.state, on_change=self._refresh_register)
        self._issues: list[dict] = []
        self._shown: tuple | None = None  # (submission, the id it replaced) of the report on screen
        self._who, self._file_label = pn.pane.HTML(), pn.pane.HTML()
        self._templates, self._audit = pn.Column(), pn.Column()
        self._layout.objects = [
            self._who,
            self._status,
            self._templates,
            pn.Row(
                self._prefecture,
                self._form,
                pn.Column(self._file_label, self._file),
                pn.Column(pn.Spacer(height=18), self._submit),
            ),
            self._note,
            self._result,
            self._report,
            self._history,
            self._audit,
        ]
        self._prefecture.param.watch(lambda *_: self._refresh_register(), "value")
        self.state.param.watch(lambda *_: self._relabel(), "lang")
        self._restore_report()
        self._relabel()

    def _restore_report(self) -> None:
        """The report of the submission the link names (`&submission=`): a language switch or a reload is a
        new page, and the officer must not lose the list of errors to fix."""
        given = self.state.submission
        if not given:
            return
        try:
            submission, issues, replaces = service.upload_report(self._account, given)
        except (KeyError, PermissionError):
            self.state.fall_back("submission", given, "")
            return
        if submission.prefecture_code in self._prefecture.options.values():
            self._prefecture.value = submission.prefecture_code
        self._shown, self._issues = (submission, replaces), issues
        if submission.outcome == "rejected":  # the officer is about to send the corrected file: same note
            self._note.value = submission.note or ""

    # --- language -------------------------------------------------------------------------------------------
    def _relabel(self) -> None:
        """Every label, table and message in the page's language (the toggle applies at once). The widgets
        keep their browser models: only their labels and the text around them change."""
        lang = self.state.lang
        self._prefecture.param.update(name=t("upload_prefecture", lang), options=self._prefecture_options(lang))
        self._form.options = {t("detect", lang): "", **{form_label(key, lang): key for key in FORMS}}
        self._file.param.update(label=t("file", lang), sending_text=t("sending", lang))
        self._note.name = t("note", lang)
        self._note.placeholder = t("note_hint", lang)
        self._submit.name = t("submit", lang)
        if self._account.is_ministry:
            role = t("role_ministry", lang)
        else:
            role = prefecture_label(self._account.prefecture_code, lang)
        who = html.escape(t("signed_in", lang, name=self._account.name, role=role))
        self._who.object = f"<p class='signed-in'>{who} <a href='./logout'>{t('logout', lang)}</a></p>"
        self._file_label.object = t("file", lang)
        self._templates.objects = self._template_downloads(lang).objects
        self._audit.objects = [self._audit_view(lang)]
        if self._shown is not None:
            self._show_outcome(*self._shown)
        self._refresh_register()

    def _prefecture_options(self, lang: str) -> dict[str, str]:
        return {f"{code} {prefecture_label(code, lang)}": code for code in self._allowed}

    def _render_guest(self) -> None:
        lang = self.state.lang
        self._layout.objects = [
            pn.pane.HTML(
                f"<p class='login-needed'>{t('login_needed', lang)}</p>"
                f"<p><a class='login-link' href='./login'>{t('login', lang)}</a></p>"
            )
        ]

    # --- upload ---------------------------------------------------------------------------------------------
    def _on_submit(self, _event) -> None:
        lang = self.state.lang
        if self._file.receiving:
            self._submit_waiting, self._submit.disabled = True, True
            self._result.object = f"<div class='upload-progress' role='status'>{t('receiving', lang)}</div>"
            return
        if self._file.value is None:
            self._show_no_file()
            return
        self._submit.disabled = True
        job = upload_worker.submit(
            self._account,
            self._file.value,
            self._file.filename or "upload",
            self._prefecture.value,
            form=self._form.value or None,
            note=self._note.value or None,
        )
        started = time.monotonic()
        self._show_progress(started)
        if pn.state.curdoc is None:  # no server (tests of the page object): wait here
            self._finish(job)
            return
        poll = pn.state.add_periodic_callback(lambda: self._poll(job, started, poll), period=POLL_MS)

    def _submit_when_received(self) -> None:
        if self._file.receiving or not self._submit_waiting:
            return
        self._submit_waiting, self._submit.disabled = False, False
        self._on_submit(None)

    def _show_refusal(self) -> None:
        if self._file.refused_size is not None:
            self._show_no_file()

    def _show_no_file(self) -> None:
        """No file to submit: none chosen, or the one chosen was refused as too large (say so again)."""
        message = t("no_file", self.state.lang)
        if self._file.refused_size is not None:
            error = too_large(self._file.max_bytes)
            message = error.message_ja if self.state.lang == "ja" else error.message_en
        self._result.object = f"<p class='upload-error' role='alert'>{html.escape(message)}</p>"

    def _show_progress(self, started: float) -> None:
        seconds = int(time.monotonic() - started)
        message = html.escape(t("validating", self.state.lang, seconds=seconds))
        self._result.object = f"<div class='upload-progress' role='status'><progress></progress> {message}</div>"

    def _poll(self, job: Future, started: float, poll) -> None:
        if not job.done():
            self._show_progress(started)
            return
        poll.stop()
        self._finish(job)

    def _finish(self, job: Future) -> None:
        lang = self.state.lang
        self._submit.disabled = False
        try:
            outcome = job.result()
        except (PermissionError, ValueError) as error:
            self._result.object = f"<p class='upload-error' role='alert'>{html.escape(str(error))}</p>"
            return
        except RejectedUpload as error:
            message = error.message_ja if lang == "ja" else error.message_en
            self._result.object = f"<p class='upload-error' role='alert'>{html.escape(message)}</p>"
            return
        except BrokenProcessPool:  # the next upload gets a new pool
            self._result.object = f"<p class='upload-error' role='alert'>{html.escape(t('interrupted', lang))}</p>"
            return
        self._shown = (outcome.submission, outcome.replaces)
        self._issues = [issue.as_dict() for issue in outcome.result.issues]
        self.state.submission = outcome.submission.submission_id
        self._show_outcome(*self._shown)
        self._refresh_register()

    def _show_outcome(self, s, replaces: str | None) -> None:
        lang = self.state.lang
        if s.outcome == "accepted":
            parts = [
                t("accepted", lang, id=s.submission_id, form=form_label(s.form, lang), period=s.period, rows=s.rows)
            ]
            if replaces:
                parts.append(t("replaces", lang, id=replaces))
            parts.append(t("picked_up", lang))
            css = "upload-accepted"
        elif s.outcome == "duplicate":
            parts, css = [t("duplicate", lang, id=s.duplicate_of)], "upload-duplicate"
        else:
            parts = [t("rejected", lang, errors=s.errors, error_word="error" if s.errors == 1 else "errors")]
            css = "upload-rejected"
        summary = html.escape(report.summary_line(self._issues, lang))
        body = "<br>".join(html.escape(p) for p in parts)
        self._result.object = (
            f"<div class='{css}' role='status'><p class='upload-summary'><b>{summary}</b></p>{body}</div>"
        )
        self._report.show(self._issues, lang)

    # --- register: status of the quarter, history ----------------------------------------------------------
    def _refresh_register(self) -> None:
        lang, prefecture = self.state.lang, self._prefecture.value
        mine = [s for s in service.visible_submissions(self._account) if s.prefecture_code == prefecture]
        name = prefecture_label(prefecture, lang)
        heading = f"<h3 class='section-heading'>{html.escape(t('status_heading', lang, pref=name))}</h3>"
        status = plain_table(quarter_status(mine, prefecture, lang), "quarter-status", lang)
        self._status.objects = [pn.pane.HTML(heading), status]
        self._history.show(mine, prefecture)

    def _template_downloads(self, lang: str) -> pn.Column:
        def template_bytes(form: str) -> io.BytesIO:
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / f"{form}.xlsx"
                service.write_template(form, self._prefecture.value, path)
                return io.BytesIO(path.read_bytes())

        buttons = [
            pn.widgets.FileDownload(
                callback=lambda form=form: template_bytes(form),
                filename=f"{form}_template.xlsx",
                label=form_label(form, lang),
                button_type="light",
            )
            for form in FORMS
        ]
        return pn.Column(pn.pane.HTML(f"<h3 class='section-heading'>{t('templates', lang)}</h3>"), pn.Row(*buttons))

    def _audit_view(self, lang: str):
        if not self._account.is_ministry:
            return pn.Spacer(height=0)
        entries = pl.DataFrame(service.read_audit(self._account), infer_schema_length=None)
        table = plain_table(entries.reverse(), "audit-log", lang, page_size=20, pagination="local")
        return pn.Column(pn.pane.HTML(f"<h3 class='section-heading'>{t('audit', lang)}</h3>"), table)

    def __panel__(self):
        return self._layout
