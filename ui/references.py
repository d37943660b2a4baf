"""The 引用文件 tab: documents the corpus cites, who cites them, and whether
their text is in the corpus (the "1+N" texts stay 缺失 until added)."""

from __future__ import annotations

from assistant.policy import reference_statuses
from assistant.store import Store

from . import handlers as H
from .errors import soft

HEADERS = ["被引用文件", "类型", "状态", "引用它的文件与位置"]
TYPE_NAMES = {
    "law": "法律法规",
    "policy": "政策文件",
    "report": "报告",
    "project": "课题",
    "publication": "刊物",
    "doc_number": "文号",
    "other": "其他",
}


def rows(store: Store) -> list[list[str]]:
    """One row per cited document: policies and laws first, missing ones first."""
    out = []
    for s in reference_statuses(store):
        where = "；".join(f"《{c.doc_title}》{c.section}".strip() for c in s.cited_by[:3]) + (
            "…" if len(s.cited_by) > 3 else ""
        )
        out.append(
            [
                s.label,
                TYPE_NAMES.get(s.ref_type, s.ref_type),
                "已收录" if s.present else "缺失",
                where,
            ]
        )
    return out


def build_tab(ctx: H.PageContext) -> None:
    import gradio as gr

    @soft(1)
    def refresh() -> list[list[str]]:
        return rows(ctx.store)

    with gr.Tab("引用文件", id="references") as tab:
        gr.Markdown(
            "资料库中的文件所引用的其他文件。标为“缺失”的文件尚未收入资料库："
            "问到它们时，助手会说明出处而不是用其他文件代答。管理员可在“文档库”上传。"
        )
        table = gr.Dataframe(headers=HEADERS, interactive=False, wrap=True, elem_id="pqa-refs")
        button = gr.Button("刷新", size="sm")
    tab.select(refresh, None, [table])
    button.click(refresh, None, [table])
