"""The report's charts as PNG images (matplotlib, Agg backend, Noto Sans CJK JP for Japanese)."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from pipelines.report.content import ReportContent  # noqa: E402
from pipelines.report.labels import period_ja  # noqa: E402

FONT_FAMILY = ["Noto Sans CJK JP", "DejaVu Sans"]
PREFECTURE_COLOUR = "#1f5fa8"
NATIONAL_COLOUR = "#9aa5b1"
TARGET_COLOUR = "#c0392b"


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=160, bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()


def _short(period: str) -> str:
    return f"{period[4:6]}年度Q{period[7]}"


def _ordinal(period: str) -> int:
    return int(period[2:6]) * 4 + int(period[7]) - 1


def _period(ordinal: int) -> str:
    return f"FY{ordinal // 4}Q{ordinal % 4 + 1}"


def stage_chart(content: ReportContent) -> bytes:
    """Reported (carried-forward) stage and target stage by period up to the latest one, the projected
    quarters dashed, each stage's scheduled quarter marked and the report's period shaded."""
    first = _ordinal(content.stage_series[0]["period"])
    latest = _ordinal(content.stage_series[-1]["period"])
    projected = sorted((_ordinal(r["projected_period"]) - first, r["stage"])
                       for r in content.projection if r["projected_period"])
    scheduled = [(_ordinal(r["scheduled_period"]) - first, r["stage"])
                 for r in content.projection if r["scheduled_period"]]
    horizon = max([x for x, _ in projected + scheduled], default=0)
    horizon = max(horizon, latest - first)
    targets = [p["target"] for p in content.stage_series]
    with plt.rc_context({"font.family": FONT_FAMILY, "font.size": 8}):
        figure, axis = plt.subplots(figsize=(6.0, 2.8))
        report_x = _ordinal(content.period) - first
        axis.axvspan(report_x - 0.5, report_x + 0.5, color="#fff3c4", zorder=0, label="報告対象期")
        axis.step(range(len(targets) + 1), targets + targets[-1:], where="post", color=TARGET_COLOUR,
                  linestyle=":", label="目標段階（スケジュール）")
        if scheduled:
            axis.scatter(*zip(*scheduled, strict=True), marker="x", color=TARGET_COLOUR, zorder=3,
                         label="予定到達期")
        stages = [(_ordinal(p["period"]) - first, p["stage"]) for p in content.stage_series if p["stage"] is not None]
        if stages:
            axis.plot(*zip(*stages, strict=True), marker="o", color=PREFECTURE_COLOUR, label="構築段階（報告）")
        if stages and projected:
            axis.plot(*zip(*([stages[-1]] + projected), strict=True), linestyle="--", color=PREFECTURE_COLOUR)
            axis.scatter(*zip(*projected, strict=True), marker="o", facecolor="white", edgecolor=PREFECTURE_COLOUR,
                         zorder=3, label="到達見込み（現在のペース）")
        axis.set_xticks(range(horizon + 1), [_short(_period(first + x)) for x in range(horizon + 1)],
                        rotation=45, ha="right")
        axis.set_xlim(-0.6, horizon + 0.6)
        axis.set_yticks(range(5), [f"段階{s}" for s in range(5)])
        axis.set_ylim(-0.3, 4.3)
        axis.grid(axis="y", color="#e5e5e5")
        axis.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, frameon=False)
        axis.set_title("構築段階の推移と到達見込み（最新期時点のペース）", fontsize=9)
        return _png(figure)


def comparison_chart(content: ReportContent) -> bytes | None:
    """Ratio indicators: the prefecture against the nation (percent); None when it has none this period."""
    rows = [(name, value, national) for name, value, national in content.comparisons if value is not None]
    if not rows:
        return None
    with plt.rc_context({"font.family": FONT_FAMILY, "font.size": 8}):
        figure, axis = plt.subplots(figsize=(7.2, 0.28 * max(len(rows), 1) + 0.8))
        names = [name for name, _, _ in rows][::-1]
        ys = range(len(names))
        axis.barh([y + 0.2 for y in ys], [(v or 0) * 100 for _, v, _ in rows][::-1], height=0.4,
                  color=PREFECTURE_COLOUR, label=content.prefecture_name)
        axis.barh([y - 0.2 for y in ys], [(n or 0) * 100 for _, _, n in rows][::-1], height=0.4,
                  color=NATIONAL_COLOUR, label="全国")
        axis.set_yticks(list(ys), names)
        axis.set_xlabel("%")
        axis.legend(loc="lower right", fontsize=7, frameon=False)
        axis.set_title(f"主な割合指標（{period_ja(content.period)}）", fontsize=9)
        axis.grid(axis="x", color="#e5e5e5")
        return _png(figure)


def composition_chart(content: ReportContent) -> bytes | None:
    """Engagements by actor type and, beside it, service-A engagements by model type (None without a roster)."""
    actor_rows = content.section("actor_types").rows
    model_rows = next((s.rows for s in content.sections if s.key == "model_types"), [])
    if all(r[1].value is None for r in actor_rows):
        return None
    with plt.rc_context({"font.family": FONT_FAMILY, "font.size": 8}):
        figure, (left, right) = plt.subplots(1, 2, figsize=(7.2, 2.8), gridspec_kw={"width_ratios": [3, 2]})
        left.barh([r[0].value for r in actor_rows][::-1], [r[1].value or 0 for r in actor_rows][::-1],
                  color=PREFECTURE_COLOUR)
        left.set_title("主体種別の参画件数", fontsize=9)
        right.bar([r[0].value.split(" ")[0] for r in model_rows], [r[1].value or 0 for r in model_rows],
                  color="#4c9f70")
        right.set_title("サービスAのモデル類型（件数）", fontsize=9)
        for axis in (left, right):
            axis.grid(axis="x" if axis is left else "y", color="#e5e5e5")
        figure.tight_layout()
        return _png(figure)


def domain_chart(content: ReportContent) -> bytes | None:
    """Per domain: engagements of the actors (supply) and respondents wanting it (demand); None without either."""
    rows = content.section("domains").rows
    if all(r[1].value is None and r[3].value is None for r in rows):
        return None
    with plt.rc_context({"font.family": FONT_FAMILY, "font.size": 7}):
        figure, axis = plt.subplots(figsize=(7.2, 2.6))
        xs = range(len(rows))
        axis.bar([x - 0.2 for x in xs], [r[1].value or 0 for r in rows], width=0.4, color=PREFECTURE_COLOUR,
                 label="担い手の参画件数")
        axis.bar([x + 0.2 for x in xs], [r[3].value or 0 for r in rows], width=0.4, color="#e6a23c",
                 label="希望する回答者")
        axis.set_xticks(list(xs), [r[0].value for r in rows], rotation=60, ha="right")
        axis.legend(fontsize=7, frameon=False)
        axis.set_title("分野別の担い手と希望", fontsize=9)
        axis.grid(axis="y", color="#e5e5e5")
        return _png(figure)
