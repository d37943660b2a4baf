"""The 政策计算器 tab: a firm describes itself, the page lists the measures
whose conditions it meets (``assistant.matching.match``), each with its clause.

Measure cards come from ``assistant.catalog`` (rebuilt per store
generation), so an upload is reflected on the next calculation.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from assistant.errors import AssistantError
from assistant.policy import (
    FIELD_LABELS,
    SIZES,
    FirmProfile,
    activities_in,
    format_match,
    match,
    measure_cards,
    parse_profile_from_text,
    result_json,
)
from assistant.store import Store

from . import handlers as H
from .errors import soft


def _number(value: Any) -> float | None:
    if value in (None, ""):
        return None
    try:
        return float(value)
    except (TypeError, ValueError) as exc:
        raise AssistantError(f"请输入数字：{value}") from exc


def build_profile(
    description: str,
    industry: str,
    employees: Any,
    revenue_wan: Any,
    assets_wan: Any,
    taxable_income_wan: Any,
    qualifications: str,
    region: str,
    size: str = "",
    activities: str = "",
) -> FirmProfile:
    """The profile the description states, with the form's fields taking precedence."""
    profile = parse_profile_from_text(description or "")
    updates: dict[str, Any] = {}
    if size in SIZES:
        updates["size"] = size
    stated = activities_in((activities or "").replace("\n", "，"))
    if stated:
        updates["activities"] = list(dict.fromkeys([*profile.activities, *stated]))
    if (industry or "").strip():
        updates["industry"] = industry.strip()
        from assistant.policy import infer_industrial

        updates["industrial"] = infer_industrial(industry.strip())
    numbers = {
        "employees": _number(employees),
        "annual_revenue_wan": _number(revenue_wan),
        "total_assets_wan": _number(assets_wan),
        "taxable_income_wan": _number(taxable_income_wan),
    }
    for name, value in numbers.items():
        if value is not None:
            updates[name] = int(value) if name == "employees" else value
    quals = [
        q.strip() for q in (qualifications or "").replace("，", ",").replace("、", ",").split(",")
    ]
    if any(quals):
        updates["qualifications"] = sorted({*profile.qualifications, *(q for q in quals if q)})
    if (region or "").strip():
        updates["region"] = region.strip()
    try:  # the profile's own constraints (no negative people or money)
        return FirmProfile.model_validate({**profile.model_dump(), **updates})
    except ValidationError as err:
        first = err.errors()[0]
        name = str(first["loc"][0]) if first["loc"] else ""
        raise AssistantError(
            f"{FIELD_LABELS.get(name, name)}不能为负数：{first['input']:g}"
            if first["type"] == "greater_than_equal"
            else f"{FIELD_LABELS.get(name, name)}：{first['msg']}"
        ) from err


def calculate(store: Store, *form: Any) -> str:
    return calculate_in_full(store, *form)[0]


def calculate_in_full(store: Store, *form: Any) -> tuple[str, list[dict]]:
    """(the screenful, every result with all its checks: the tab's 完整结果)."""
    profile = build_profile(*form)
    if profile == FirmProfile():
        raise AssistantError("请描述企业情况，或至少填写一项（如行业、从业人数）。")
    results = match(profile, measure_cards(store))
    facts = profile.model_dump(exclude_defaults=True)
    head = "企业画像：" + "，".join(f"{k}={v}" for k, v in facts.items())
    return head + "\n\n" + format_match(results, profile), [result_json(r) for r in results]


def build_tab(ctx: H.PageContext) -> None:
    import gradio as gr

    @soft(2, status=0)
    def run(*form: Any) -> tuple[str, list[dict]]:
        return calculate_in_full(ctx.store, *form)

    with gr.Tab("政策计算器", id="calculator"):
        gr.Markdown(
            "描述企业情况和经营活动，列出可以适用、还需确认和不符合的条款，每项注明出处和判断依据。"
        )
        # A filled-in example firm (issue #11): one click on 计算 shows what the
        # tab does; a 小型微利企业 under 企业所得税法实施条例 第九十二条.
        description = gr.Textbox(
            label="企业情况",
            lines=2,
            value="我们是木材加工企业，员工90人，资产总额2000万元，年应纳税所得额25万元，位于南宁市。",
            placeholder="例如：我们是木材加工企业，员工90人，年应纳税所得额200万元，位于南宁市。",
        )
        with gr.Row():
            industry = gr.Textbox(label="行业", value="木材加工")
            employees = gr.Number(label="从业人数（人）", value=90, elem_id="pqa-employees")
            region = gr.Textbox(label="所在地区", value="广西南宁市")
        with gr.Row():
            revenue = gr.Number(label="年营业收入（万元）", value=4000)
            assets = gr.Number(label="资产总额（万元）", value=2000)
            taxable = gr.Number(label="年应纳税所得额（万元）", value=25)
        with gr.Row():
            size = gr.Dropdown(["", *SIZES], value="", label="企业规模（中小企业划型）")
            qualifications = gr.Textbox(label="已有资质（逗号分隔，如 高新技术企业）")
        activities = gr.Textbox(
            label="经营情况（每行一项）",
            lines=2,
            placeholder="例如：开展研发\n参与政府采购\n被大型企业拖欠货款",
            value="开展研发\n参与政府采购",
        )
        button = gr.Button("计算", variant="primary")
        output = gr.Textbox(
            label="匹配结果", lines=18, interactive=False, buttons=["copy"], elem_id="pqa-match"
        )
        with gr.Accordion("完整结果（每一条款及其全部判断）", open=False):
            detail = gr.JSON(label="完整结果", elem_id="pqa-match-detail")
        button.click(
            run,
            [
                description,
                industry,
                employees,
                revenue,
                assets,
                taxable,
                qualifications,
                region,
                size,
                activities,
            ],
            [output, detail],
        )
