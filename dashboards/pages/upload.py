"""データ提出 — log in, download a template, upload, read every problem at once, see the history.

Every action goes through `pipelines.portal`, which enforces on the server who may submit or see what;
this page only decides what to show.
"""

from __future__ import annotations

import html
import io
import tempfile
from pathlib import Path

import panel as pn
import param
import polars as pl
from panel.viewable import Viewer

from dashboards.auth import current_account
from dashboards.state import AppState
from pipelines import audit, portal, templates
from pipelines.intake.forms import FORMS
from pipelines.periods import due_at
from pipelines.reference import prefectures
from pipelines.uploads import RejectedUpload

TEXTS = {
    "login_needed": ("データを提出するにはログインしてください。", "Please log in to submit data."),
    "login": ("ログイン", "Log in"),
    "logout": ("ログアウト", "Log out"),
    "signed_in": ("ログイン中: {name}（{role}）", "Logged in as {name} ({role})"),
    "role_ministry": ("厚生労働省", "ministry"),
    "role_prefecture": ("{pref}", "{pref}"),
    "prefecture": ("提出する都道府県", "Prefecture"),
    "form": ("様式", "Form"),
    "detect": ("自動判定（見出しから）", "Detect from the headers"),
    "file": ("ファイル（.xlsx / .csv / .parquet）", "File (.xlsx / .csv / .parquet)"),
    "submit": ("検証して提出", "Validate and submit"),
    "no_file": ("ファイルを選んでください。", "Choose a file first."),
    "templates": ("記入用テンプレート", "Templates"),
    "accepted": (
        "受理しました（提出ID {id}、{form}、{period}、{rows} 行）。",
        "Accepted (submission {id}, {form}, {period}, {rows} rows).",
    ),
    "replaces": ("この提出は {id} を置き換えます。", "It replaces submission {id}."),
    "picked_up": (
        "新しい提出は自動で検知され、次のデータ更新で指標に反映されます。",
        "New submissions are detected automatically and appear in the indicators after the next refresh.",
    ),
    "rejected": (
        "受理できませんでした: エラー {errors} 件。下の一覧をすべて修正して、もう一度提出してください。"
        "何も登録されていません。",
        "Rejected: {errors} errors. Fix every problem listed below and submit again. Nothing was stored as accepted.",
    ),
    "duplicate": (
        "同じファイルが提出済みです（{id}）。変更はありません。",
        "This exact file was already submitted ({id}); nothing changed.",
    ),
    "warnings": ("警告 {n} 件（受理には影響しません）。", "{n} warnings (they do not prevent acceptance)."),
    "history": ("提出履歴", "Submission history"),
    "download_own": ("提出したファイルをダウンロード", "Download the submitted file"),
    "audit": ("監査ログ（厚生労働省のみ）", "Audit log (ministry only)"),
}
ISSUE_COLUMNS = {"severity": "区分", "sheet": "シート", "row": "行", "column": "列", "value": "値", "message": "内容"}


def _t(key: str, lang: str, **values) -> str:
    ja, en = TEXTS[key]
    return (ja if lang == "ja" else en).format(**values)


def _form_label(form: str | None, lang: str) -> str:
    if not form:
        return "―"
    return FORMS[form].title_ja if lang == "ja" else FORMS[form].title_en


def issues_frame(issues: list[dict], lang: str) -> pl.DataFrame:
    """The validation report as the officer reads it: Excel row, column, value, message."""
    rows = [
        {
            "severity": ("エラー" if i["severity"] == "error" else "警告") if lang == "ja" else i["severity"],
            "sheet": i["sheet"],
            "row": i["row"],
            "column": i["column"],
            "value": i["value"],
            "message": i["message_ja"] if lang == "ja" else i["message_en"],
        }
        for i in issues
    ]
    frame = pl.DataFrame(rows, schema={name: pl.String if name != "row" else pl.Int64 for name in ISSUE_COLUMNS})
    return frame.rename(ISSUE_COLUMNS) if lang == "ja" else frame


STATUS_LABELS = {
    "accepted": ("✓ 受理（有効）", "✓ accepted (effective)"),
    "superseded": ("置き換え済み", "superseded"),
    "rejected": ("✗ 差し戻し", "✗ rejected"),
    "duplicate": ("重複（変更なし）", "duplicate (no change)"),
}
HISTORY_COLUMNS = {
    "submission_id": "提出ID",
    "received_at": "受付日時",
    "form": "様式",
    "period": "期間",
    "due": "提出期限",
    "on_time": "期限",
    "status": "状態",
    "rows": "行数",
    "errors": "エラー",
    "warnings": "警告",
    "user": "提出者",
    "file": "ファイル名",
}


def history_frame(submissions, lang: str) -> pl.DataFrame:
    """Register entries with due date and on-time mark (for accepted files), newest first."""
    rows = []
    for s in sorted(submissions, key=lambda s: s.received, reverse=True):
        due = due_at(s.fiscal_year, s.quarter) if s.fiscal_year and s.quarter else None
        on_time = None
        if due is not None and s.outcome == "accepted":
            on_time = ("✓ 期限内", "✓ on time") if s.received <= due else ("✗ 期限後", "✗ late")
        rows.append(
            {
                "submission_id": s.submission_id,
                "received_at": s.received.strftime("%Y-%m-%d %H:%M"),
                "form": _form_label(s.form, lang),
                "period": s.period,
                "due": due.strftime("%Y-%m-%d") if due else None,
                "on_time": on_time[0 if lang == "ja" else 1] if on_time else "―",
                "status": STATUS_LABELS[s.status][0 if lang == "ja" else 1],
                "rows": s.rows,
                "errors": s.errors,
                "warnings": s.warnings,
                "user": s.user,
                "file": s.file_name,
            }
        )
    frame = pl.DataFrame(
        rows,
        schema={name: pl.Int64 if name in {"rows", "errors", "warnings"} else pl.String for name in HISTORY_COLUMNS},
    )
    return frame.rename(HISTORY_COLUMNS) if lang == "ja" else frame


class UploadPage(Viewer):
    """One officer's upload desk; rebuilt per browser session."""

    state = param.ClassSelector(class_=AppState)

    def __init__(self, **params):
        super().__init__(**params)
        self._account = current_account()
        self._result = pn.pane.HTML(sizing_mode="stretch_width", css_classes=["upload-result"])
        self._issues = pn.Column(sizing_mode="stretch_width")
        self._history = pn.Column(sizing_mode="stretch_width")
        if self._account is None:
            return
        lang = self.state.lang
        allowed = sorted(prefectures()) if self._account.is_ministry else [self._account.prefecture_code]
        self._prefecture = pn.widgets.Select(
            name=_t("prefecture", lang),
            options={f"{code} {prefectures()[code].name}": code for code in allowed},
            css_classes=["upload-prefecture"],
        )
        self._form = pn.widgets.Select(
            name=_t("form", lang),
            options={_t("detect", lang): "", **{_form_label(key, lang): key for key in FORMS}},
            css_classes=["upload-form"],
        )
        self._file = pn.widgets.FileInput(accept=".xlsx,.csv,.parquet", css_classes=["upload-file"])
        self._submit = pn.widgets.Button(name=_t("submit", lang), button_type="primary", css_classes=["upload-submit"])
        self._submit.on_click(self._on_submit)
        self._prefecture.param.watch(lambda *_: self._refresh_history(), "value")
        self._refresh_history()

    def _on_submit(self, _event) -> None:
        lang = self.state.lang
        if not self._file.value:
            self._result.object = f"<p class='upload-error' role='alert'>{_t('no_file', lang)}</p>"
            return
        try:
            outcome = portal.submit_as(
                self._account,
                self._file.value,
                self._file.filename or "upload",
                self._prefecture.value,
                form=self._form.value or None,
            )
        except (PermissionError, ValueError) as error:
            self._result.object = f"<p class='upload-error' role='alert'>{html.escape(str(error))}</p>"
            return
        except RejectedUpload as error:
            message = error.message_ja if lang == "ja" else error.message_en
            self._result.object = f"<p class='upload-error' role='alert'>{html.escape(message)}</p>"
            return
        self._show_outcome(outcome, lang)
        self._refresh_history()

    def _show_outcome(self, outcome, lang: str) -> None:
        s = outcome.submission
        if s.outcome == "accepted":
            parts = [
                _t("accepted", lang, id=s.submission_id, form=_form_label(s.form, lang), period=s.period, rows=s.rows)
            ]
            if outcome.replaces:
                parts.append(_t("replaces", lang, id=outcome.replaces))
            parts.append(_t("picked_up", lang))
            css = "upload-accepted"
        elif s.outcome == "duplicate":
            parts, css = [_t("duplicate", lang, id=s.duplicate_of)], "upload-duplicate"
        else:
            parts, css = [_t("rejected", lang, errors=s.errors)], "upload-rejected"
        if s.warnings:
            parts.append(_t("warnings", lang, n=s.warnings))
        self._result.object = f"<div class='{css}' role='status'>{'<br>'.join(html.escape(p) for p in parts)}</div>"
        issues = [issue.as_dict() for issue in outcome.result.issues]
        self._issues.objects = (
            [
                pn.widgets.Tabulator(
                    issues_frame(issues, lang).to_pandas(),
                    disabled=True,
                    show_index=False,
                    layout="fit_data_stretch",
                    css_classes=["upload-issues"],
                    height=360,
                )
            ]
            if issues
            else []
        )

    def _refresh_history(self) -> None:
        lang = self.state.lang
        mine = [s for s in portal.visible_submissions(self._account) if s.prefecture_code == self._prefecture.value]
        frame = history_frame(mine, lang)
        owner_files = [s.submission_id for s in mine if s.status != "duplicate"]
        picker = pn.widgets.Select(name=_t("download_own", lang), options=owner_files, width=320)
        download = pn.widgets.FileDownload(
            callback=lambda: io.BytesIO(portal.submitted_file(self._account, picker.value)[1]),
            filename="submission",
            label=_t("download_own", lang),
            css_classes=["download-own"],
        )
        picker.param.watch(
            lambda e: setattr(download, "filename", portal.submission_detail(self._account, e.new)["file_name"]),
            "value",
        )
        self._history.objects = [
            pn.pane.HTML(f"<h3 class='section-heading'>{_t('history', lang)}</h3>"),
            pn.widgets.Tabulator(
                frame.to_pandas(),
                disabled=True,
                show_index=False,
                layout="fit_data_stretch",
                page_size=15,
                pagination="local",
                css_classes=["upload-history"],
            ),
            pn.Row(picker, download) if owner_files else pn.Spacer(height=0),
        ]

    def _template_downloads(self, lang: str) -> pn.Row:
        def template_bytes(form: str) -> io.BytesIO:
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / f"{form}.xlsx"
                templates.write_template(form, self._prefecture.value, path)
                return io.BytesIO(path.read_bytes())

        buttons = [
            pn.widgets.FileDownload(
                callback=lambda form=form: template_bytes(form),
                filename=f"{form}_template.xlsx",
                label=_form_label(form, lang),
                button_type="light",
            )
            for form in FORMS
        ]
        return pn.Column(pn.pane.HTML(f"<h3 class='section-heading'>{_t('templates', lang)}</h3>"), pn.Row(*buttons))

    def _audit_view(self, lang: str):
        if not self._account.is_ministry:
            return pn.Spacer(height=0)
        entries = pl.DataFrame(audit.read_audit(self._account), infer_schema_length=None)
        table = pn.widgets.Tabulator(
            entries.reverse().to_pandas(),
            disabled=True,
            show_index=False,
            page_size=20,
            pagination="local",
            layout="fit_data_stretch",
            css_classes=["audit-log"],
        )
        return pn.Column(pn.pane.HTML(f"<h3 class='section-heading'>{_t('audit', lang)}</h3>"), table)

    def __panel__(self):
        lang = self.state.lang
        if self._account is None:
            return pn.Column(
                pn.pane.HTML(
                    f"<p class='login-needed'>{_t('login_needed', lang)}</p>"
                    f"<p><a class='login-link' href='./login'>{_t('login', lang)}</a></p>"
                ),
                sizing_mode="stretch_width",
            )
        role = _t("role_ministry", lang) if self._account.is_ministry else self._account.prefecture_code
        who = pn.pane.HTML(
            f"<p class='signed-in'>{html.escape(_t('signed_in', lang, name=self._account.name, role=role))} "
            f"<a href='./logout'>{_t('logout', lang)}</a></p>"
        )
        controls = pn.Row(
            self._prefecture,
            self._form,
            pn.Column(pn.pane.HTML(_t("file", lang)), self._file),
            pn.Column(pn.Spacer(height=18), self._submit),
        )
        return pn.Column(
            who,
            self._template_downloads(lang),
            controls,
            self._result,
            self._issues,
            self._history,
            self._audit_view(lang),
            sizing_mode="stretch_width",
        )
