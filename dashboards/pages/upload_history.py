"""The upload page's history: every submission of the prefecture, the uploaded files, and withdrawal
(取り下げ) of an accepted one with a reason, confirmed first; `pipelines.portal.service` checks and audits it."""

from __future__ import annotations

import html
import io

import panel as pn
from panel.viewable import Viewer

from dashboards.components.tables import plain_table
from dashboards.pages.upload_texts import form_label, history_frame
from dashboards.texts import t
from pipelines.portal import service


class HistoryPanel(Viewer):
    def __init__(self, account, state, on_change) -> None:
        super().__init__()
        self._account, self._state, self._on_change = account, state, on_change
        self._column = pn.Column(sizing_mode="stretch_width", css_classes=["upload-history-panel"])
        self._message = pn.pane.HTML(sizing_mode="stretch_width", css_classes=["withdraw-message"])
        self._submissions: list[service.Submission] = []

    def show(self, submissions: list[service.Submission], prefecture: str) -> None:
        lang = self._state.lang
        self._submissions = submissions
        heading = pn.pane.HTML(f"<h3 class='section-heading'>{t('history', lang)}</h3>")
        table = plain_table(history_frame(submissions, lang), "upload-history", lang, page_size=15,
                            pagination="local")
        self._column.objects = [heading, table, self._downloads(lang), self._withdrawal(lang), self._message]

    def _label(self, s: service.Submission, lang: str) -> str:
        return f"{s.submission_id}（{form_label(s.form, lang)} {s.period or ''}）"

    def _downloads(self, lang: str):
        files = {self._label(s, lang): s.submission_id for s in reversed(self._submissions) if s.status != "duplicate"}
        if not files:
            return pn.Spacer(height=0)
        picker = pn.widgets.Select(name=t("download_own", lang), options=files, width=420, css_classes=["file-pick"])

        def file_name(submission_id: str) -> str:
            return service.submission_detail(self._account, submission_id)["submission"]["file_name"]

        download = pn.widgets.FileDownload(
            callback=lambda: io.BytesIO(service.submitted_file(self._account, picker.value)[1]),
            filename=file_name(picker.value),
            label=t("download_own", lang),
            css_classes=["download-own"],
        )
        picker.param.watch(lambda event: setattr(download, "filename", file_name(event.new)), "value")
        return pn.Row(picker, pn.Column(pn.Spacer(height=18), download))

    def _withdrawal(self, lang: str):
        candidates = [s for s in reversed(self._submissions) if s.status in (service.ACCEPTED, service.SUPERSEDED)]
        if not candidates:
            return pn.Spacer(height=0)
        pick = pn.widgets.Select(
            name=t("withdraw_pick", lang),
            options={self._label(s, lang): s.submission_id for s in candidates},
            width=420,
            css_classes=["withdraw-pick"],
        )
        reason = pn.widgets.TextInput(
            name=t("withdraw_reason", lang), max_length=2000, css_classes=["withdraw-reason"]
        )
        ask = pn.widgets.Button(name=t("withdraw", lang), button_type="warning", css_classes=["withdraw-ask"])
        confirm = pn.Column(visible=False, css_classes=["withdraw-confirm"])

        def on_ask(_event) -> None:
            chosen = next(s for s in candidates if s.submission_id == pick.value)
            if not reason.value.strip():
                self._message.object = f"<p class='upload-error' role='alert'>{t('withdraw_reason', lang)}</p>"
                return
            question = t("withdraw_confirm", lang, id=chosen.submission_id, form=form_label(chosen.form, lang),
                            period=chosen.period)  # fmt: skip
            yes = pn.widgets.Button(name=t("withdraw_yes", lang), button_type="danger", css_classes=["withdraw-yes"])
            no = pn.widgets.Button(name=t("withdraw_no", lang), css_classes=["withdraw-no"])
            yes.on_click(lambda _e: self._withdraw(chosen.submission_id, reason.value))
            no.on_click(lambda _e: setattr(confirm, "visible", False))
            confirm.objects = [pn.pane.HTML(f"<p role='alert'>{html.escape(question)}</p>"), pn.Row(yes, no)]
            confirm.visible = True

        ask.on_click(on_ask)
        heading = pn.pane.HTML(f"<h4>{t('withdraw_heading', lang)}</h4>")
        return pn.Column(heading, pn.Row(pick, reason, pn.Column(pn.Spacer(height=18), ask)), confirm)

    def _withdraw(self, submission_id: str, reason: str) -> None:
        lang = self._state.lang
        try:
            service.withdraw_as(self._account, submission_id, reason)
        except service.SubmissionRefused as refused:
            message = refused.message_ja if lang == "ja" else refused.message_en
            self._message.object = f"<p class='upload-error' role='alert'>{html.escape(message)}</p>"
            return
        except (KeyError, PermissionError) as error:
            self._message.object = f"<p class='upload-error' role='alert'>{html.escape(str(error))}</p>"
            return
        self._on_change()
        self._message.object = (
            f"<p class='withdraw-done' role='status'>{html.escape(t('withdrawn', lang, id=submission_id))}</p>"
        )

    def __panel__(self):
        return self._column
