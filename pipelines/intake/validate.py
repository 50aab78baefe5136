"""validate_file: read → match headers → normalize → check rules → normalized frame (SPEC §3)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from os import PathLike
from pathlib import Path

import polars as pl

from pipelines.core.periods import TOKYO, period_text
from pipelines.intake.codes import normalize_prefecture
from pipelines.intake.columns import ColumnNormalizer
from pipelines.intake.forms import FORMS, NORMALIZED_SCHEMAS
from pipelines.intake.headers import HeaderMatch, column_letter
from pipelines.intake.issues import IssueLog, ReadError
from pipelines.intake.layout import Layout, drop_unreported, locate
from pipelines.intake.period_sanity import check_period
from pipelines.intake.readers import read_table
from pipelines.intake.result import IntakeResult
from pipelines.intake.rules import FORM_RULES, RuleContext

SURVEY = "survey_responses"
PreviousPopulation = Mapping[str, int] | Callable[[int, int], Mapping[str, int]] | None


def validate_file(
    path: str | PathLike[str],
    prefecture_code: str,
    form: str | None = None,
    previous_population: PreviousPopulation = None,
    display_name: str | None = None,
    received_at: datetime | None = None,
) -> IntakeResult:
    """Validate one uploaded file of prefecture `prefecture_code`; every problem is in the result's issues.

    `form` is detected from the headers when None. `previous_population` maps municipality code →
    population_65plus of its previous effective period (for the ±20 % warning of municipal_report); it may
    be a function of (fiscal_year, quarter) giving that map, called only once the file's period is known.
    `display_name` is the name the user uploaded the file as (issues of CSV/Parquet files cite it as sheet).
    `received_at` (default: now) rejects a period that starts after it (`period.future`).
    Raises ValueError only for bad arguments (unknown prefecture or form); never for the file's content.
    """
    submitting = normalize_prefecture(prefecture_code)
    if submitting is None:
        raise ValueError(f"unknown prefecture: {prefecture_code!r}")
    if form is not None and form not in FORMS:
        raise ValueError(f"unknown form {form!r}; expected one of {', '.join(FORMS)}")
    path = Path(path)
    result = IntakeResult(form=form, prefecture_code=submitting)
    log = IssueLog(display_name or path.name)
    try:
        _validate(path, form, previous_population, received_at or datetime.now(TOKYO), result, log)
    except ReadError as error:
        log.add("error", error.rule, error.message_ja, error.message_en, value=error.value)
    except Exception as error:  # any other failure while reading is the file's problem, reported, not raised
        log.add(
            "error",
            "file.unreadable",
            "ファイルを読み込めませんでした。"
            "形式（.xlsx または CSV）と内容をご確認のうえ、保存し直して再提出してください。",
            f"The file could not be read ({type(error).__name__}: {error}). "
            "Please check its format (.xlsx or CSV), save it again and resubmit.",
        )
    result.issues = log.finish()
    if result.errors:
        result.frame = None
    return result


def _validate(
    path: Path,
    form: str | None,
    previous_population: PreviousPopulation,
    received_at: datetime | None,
    result: IntakeResult,
    log: IssueLog,
) -> None:
    titles = [FORMS[form].title_ja] if form else [f.title_ja for f in FORMS.values()]
    table = read_table(path, titles)
    if table.file_type == "xlsx":  # CSV and Parquet issues cite the uploaded file name as their sheet
        log.sheet = table.sheet
    layout = locate(table, form, log)
    if layout is None:
        return
    match = layout.match
    form = result.form = match.form.key
    _report_headers(match, layout, log)
    if table.file_type == "parquet" and form != SURVEY:
        log.add(
            "error",
            "file.parquet_form",
            "Parquet 形式で提出できるのは高齢者アンケートのみです。"
            f"「{match.form.title_ja}」は .xlsx または CSV で提出してください。",
            f"Only the survey may be submitted as Parquet. Submit '{match.form.title_en}' as .xlsx or CSV.",
        )
    if match.missing or match.duplicates:
        result.rows = layout.data.height
        return
    data = drop_unreported(layout, log)
    result.rows = data.height
    if data.height == 0:
        raise ReadError(
            "file.no_data",
            f"見出し行（{layout.header_row}行目）の下にデータ行がありません。データを入力してください。",
            f"There are no data rows below the header (row {layout.header_row}). Please enter data.",
        )
    raw = data.select("source_row", *(pl.col(f"c{i}").alias(key) for key, i in match.positions.items()))
    normalizer = ColumnNormalizer(raw, match.written, result.prefecture_code, log)
    normalized = pl.DataFrame([raw["source_row"], *normalizer.normalize_all(match.form.columns)])
    period = _single_period(normalized, match.written, log)
    if period is not None and not check_period(period, received_at, match.written["fiscal_year"], log):
        period = None
    if period is not None:
        result.fiscal_year, result.quarter = period
    if callable(previous_population):  # only the municipal report compares populations with the last period
        wanted = period is not None and form == "municipal_report"
        previous_population = previous_population(*period) if wanted else None
    previous = dict(previous_population or {})
    FORM_RULES[form](RuleContext(normalized, match.written, result.prefecture_code, previous, log))
    if period is not None and not log.has_errors:
        result.frame = _output_frame(normalized, form, result.prefecture_code, *period)


def _report_headers(match: HeaderMatch, layout: Layout, log: IssueLog) -> None:
    for column in match.missing:
        log.add(
            "error",
            "header.missing_column",
            f"必須の列「{column.header_ja}」がありません。見出し行（{layout.header_row}行目）に"
            f"「{column.header_ja}」の列を追加してください。",
            f"Required column '{column.header_ja}' ({column.key}) is missing. "
            f"Please add it to the header row (row {layout.header_row}).",
            column=column.header_ja,
        )
    for column, index in match.duplicates:
        log.add(
            "error",
            "header.duplicate_column",
            f"「{column.header_ja}」の列が複数あります（{column_letter(index)}列）。1列にまとめてください。",
            f"Column '{column.header_ja}' ({column.key}) appears more than once (column {column_letter(index)}).",
            row=layout.header_row,
            column=str(layout.headers[index]),
        )
    for index, header in enumerate(layout.headers):
        blank = header is None or not str(header).strip()
        has_data = blank and layout.data[f"c{index}"].str.strip_chars().fill_null("").ne("").any()
        if index in match.extras or has_data:
            name = f"{column_letter(index)}列" if blank else str(header)
            log.add(
                "warning",
                "header.extra_column",
                f"「{name}」は様式にない列のため、読み込みません。",
                f"Column '{name}' is not part of the form and is ignored.",
                row=layout.header_row,
                column=name,
            )


def _single_period(normalized: pl.DataFrame, headers: dict[str, str], log: IssueLog) -> tuple[int, int] | None:
    """The file's one (fiscal_year, quarter); rows with another period are errors (SPEC §3.1)."""
    known = normalized.filter(pl.col("fiscal_year").is_not_null() & pl.col("quarter").is_not_null())
    periods = (
        known.group_by("fiscal_year", "quarter")
        .len()
        .sort("len", "fiscal_year", "quarter", descending=[True, False, False])
    )
    if periods.height <= 1:
        return periods.row(0)[:2] if periods.height else None
    found = "、".join(f"{period_text(fy, q)}（{n}行）" for fy, q, n in periods.iter_rows())
    found_en = ", ".join(f"{period_text(fy, q)} ({n} rows)" for fy, q, n in periods.iter_rows())
    log.add(
        "error",
        "period.mixed",
        f"ファイル内に複数の年度・四半期があります: {found}。"
        "1つのファイルには同じ年度・四半期のデータのみを記入してください。",
        f"The file mixes periods: {found_en}. One file must hold a single fiscal year and quarter.",
    )
    main_year, main_quarter, _ = periods.row(0)
    main = period_text(main_year, main_quarter)
    year_differs = pl.col("fiscal_year") != main_year
    quarter_differs = ~year_differs & (pl.col("quarter") != main_quarter)
    for key, differs in (("fiscal_year", year_differs), ("quarter", quarter_differs)):
        rows = known.filter(differs).select(
            "source_row", pl.col(key).alias("value"), period=pl.format("FY{}Q{}", "fiscal_year", "quarter")
        )
        log.add_rows(
            "error",
            "period.mixed",
            headers[key],
            rows,
            lambda row: (
                f"この行の年度・四半期（{row['period']}）が他の行（{main}）と異なります。",
                f"This row's period ({row['period']}) differs from the other rows ({main}).",
            ),
        )
    return None


def _output_frame(
    normalized: pl.DataFrame, form: str, prefecture_code: str, fiscal_year: int, quarter: int
) -> pl.DataFrame:
    frame = normalized.with_columns(
        prefecture_code=pl.lit(prefecture_code),
        fiscal_year=pl.lit(fiscal_year),
        quarter=pl.lit(quarter),
        period=pl.lit(period_text(fiscal_year, quarter)),
    )
    if form == "actor_roster":
        frame = frame.with_columns(
            actor_name_normalized=pl.col("actor_name").str.normalize("NFKC").str.replace_all(r"\s", "")
        )
    return frame.select(pl.col(name).cast(dtype) for name, dtype in NORMALIZED_SCHEMAS[form].items())
