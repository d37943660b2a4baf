"""The 问答 tab: the chat, its sources, filters, export and feedback.

Layout and events only; what each event does is in ``ui.handlers``.
"""

# No `from __future__ import annotations` here: Gradio reads handler type
# hints (gr.SelectData) at run time.

from collections.abc import Sequence
from typing import Any

import gradio as gr

from assistant import Answer

from . import handlers as H
from . import render
from .errors import soft

FIRM_EXAMPLES = [
    ["我们是木材加工企业，员工90人，能享受哪些支持？"],
    ["小型微利企业的企业所得税税率是多少？"],
]
STAFF_EXAMPLES = [
    ["广西2023年R&D经费投入强度是多少？"],
    ["广西产业链聚链集群发展面临哪些问题？"],
]


def _current(answers: Sequence[Answer | None], current: int | None) -> Answer | None:
    if current is None or not 0 <= current < len(answers):
        return None
    return answers[current]


class ChatTab:
    """The components of the 问答 tab (built inside a ``gr.Blocks``)."""

    def __init__(self, ctx: H.PageContext) -> None:
        self.ctx = ctx
        with gr.Tab("问答", id="chat"), gr.Row():
            # States live inside the tab: a State directly under gr.Tabs makes
            # Gradio 6 register the next tab under the wrong name (政策计算器 was
            # shown as a second 问答).
            self.answers = gr.State([])
            self.current = gr.State(None)
            with gr.Column(scale=3):
                self._conversation()
                self._filters()
            with gr.Column(scale=2):
                self._sources()

    def _conversation(self) -> None:
        self.chatbot = gr.Chatbot(
            label="对话",
            height=480,
            buttons=["copy"],
            elem_id="pqa-chat",
            feedback_options=None,
            placeholder="请在下方输入问题，或点选示例问题。",
        )
        with gr.Row():
            self.question = gr.Textbox(
                show_label=False,
                placeholder="输入问题，按回车发送…",
                scale=8,
                elem_id="pqa-question",
                # no max_length: the browser would cut a long paste without a
                # word; the handler says it is too long and the box keeps it
            )
            self.send = gr.Button("提问", variant="primary", scale=1, elem_id="pqa-send")
        with gr.Row():
            self.clear_btn = gr.Button("清空对话", size="sm", elem_id="pqa-clear")
            self.export_btn = gr.Button("导出当前回答（Markdown）", size="sm", elem_id="pqa-export")
        self.export_file = gr.File(label="导出文件", visible=False, elem_id="pqa-export-file")
        gr.Examples(FIRM_EXAMPLES, inputs=[self.question], label="企业常问")
        gr.Examples(STAFF_EXAMPLES, inputs=[self.question], label="工作人员常问")

    def _filters(self) -> None:
        with gr.Accordion("筛选范围", open=False):
            self.doc_filter = gr.Dropdown(label="限定文档", multiselect=True, choices=[])
            with gr.Row():
                self.issuer_filter = gr.Dropdown(label="发文机关", multiselect=True, choices=[])
                self.year_filter = gr.Dropdown(label="年份", multiselect=True, choices=[])
            self.in_force = gr.Checkbox(label="只看现行有效文件", value=False)

    def _sources(self) -> None:
        self.sources = gr.Radio(label="来源", choices=[], type="index", elem_id="pqa-sources")
        self.passage = gr.HTML(render.PLACEHOLDER_HTML, elem_id="pqa-passage")
        with gr.Group():
            self.comment = gr.Textbox(label="意见（可选）", lines=2, elem_id="pqa-comment")
            with gr.Row():
                self.useful_btn = gr.Button("有用", size="sm", elem_id="pqa-useful")
                self.useless_btn = gr.Button("没用", size="sm", elem_id="pqa-useless")
            self.feedback_status = gr.Markdown("")

    @property
    def filter_menus(self) -> list[Any]:
        return [self.doc_filter, self.issuer_filter, self.year_filter]

    # --- events -----------------------------------------------------------------------
    def wire(self, concurrency: int) -> None:
        ctx = self.ctx
        inputs = [self.question, self.chatbot, self.answers, *self.filter_menus, self.in_force]
        outputs = [
            self.chatbot, self.answers, self.current, self.sources, self.passage, self.question
        ]  # fmt: skip
        # Answers share one pool of settings.concurrency workers; the quick
        # handlers (source view, feedback) are not limited. Set per event rather
        # than with demo.queue(), which builds the web app an extra time (~1.5 s
        # of start-up).
        # A question sent while the last answer is still finishing runs after it
        # (Gradio's default "once" would drop it without a word).
        chat = {
            "concurrency_limit": concurrency,
            "concurrency_id": "chat",
            "trigger_mode": "always_last",
        }
        quick = {"concurrency_limit": None}
        self.question.submit(_ask(ctx), inputs, outputs, **chat)
        self.send.click(_ask(ctx), inputs, outputs, **chat)
        self.sources.change(
            _pick_source(ctx), [self.sources, self.answers, self.current], [self.passage], **quick
        ).then(
            None,
            js="() => document.querySelector('#pqa-passage mark')?.scrollIntoView({block: 'nearest'})",
        )
        self.chatbot.select(
            _pick_message, [self.answers], [self.current, self.sources, self.passage], **quick
        )
        cleared = [self.chatbot, self.answers, self.current, self.sources, self.passage]
        cleared += [self.export_file, self.feedback_status]
        self.clear_btn.click(_clear, None, cleared)
        self.chatbot.clear(_clear, None, cleared)
        self.export_btn.click(
            _export(ctx), [self.answers, self.current], [self.export_file], **quick
        )
        for button, useful in ((self.useful_btn, True), (self.useless_btn, False)):
            button.click(
                _feedback(ctx, useful),
                [self.answers, self.current, self.comment],
                [self.comment, self.feedback_status],
                **quick,
            )


# --- handlers (thin: the logic is in ui.handlers) -----------------------------------------


def _ask(ctx: H.PageContext):  # type: ignore[no-untyped-def]
    @soft(6)
    def ask(question, chat, answers, doc_ids, issuers, years, in_force):  # type: ignore[no-untyped-def]
        filters = H.build_filters(doc_ids, issuers, years, in_force)
        keep = gr.skip()
        # The question box is emptied once, when the question is taken; later
        # updates leave it alone so the user can type the next one meanwhile.
        box: object = ""
        for chat_now, answers_now in H.respond(ctx, question, chat or [], answers or [], filters):
            if len(answers_now) > len(answers or []):  # the final update
                current = H.latest_answer(answers_now)
                labels = H.source_choices(_current(answers_now, current))
                radio = gr.Radio(choices=labels, value=None)
                yield chat_now, answers_now, current, radio, render.PLACEHOLDER_HTML, box
            else:
                yield chat_now, answers_now, keep, keep, keep, box
            box = keep

    return ask


def _pick_source(ctx: H.PageContext):  # type: ignore[no-untyped-def]
    @soft(1)
    def pick_source(index, answers, current):  # type: ignore[no-untyped-def]
        return H.show_source(ctx, _current(answers, current), index)

    return pick_source


@soft(3)
def _pick_message(answers, evt: gr.SelectData):  # type: ignore[no-untyped-def]
    index = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
    current = H.answer_for_message(answers, int(index))
    labels = H.source_choices(_current(answers, current))
    return current, gr.Radio(choices=labels, value=None), render.PLACEHOLDER_HTML


def _clear():  # type: ignore[no-untyped-def]
    return [], [], None, gr.Radio(choices=[], value=None), render.PLACEHOLDER_HTML, None, ""


def _export(ctx: H.PageContext):  # type: ignore[no-untyped-def]
    @soft(1)
    def export(answers, current):  # type: ignore[no-untyped-def]
        return gr.File(value=str(H.export_answer(ctx, _current(answers, current))), visible=True)

    return export


def _feedback(ctx: H.PageContext, useful: bool):  # type: ignore[no-untyped-def]
    @soft(2, status=1)
    def handler(answers, current, comment):  # type: ignore[no-untyped-def]
        message = H.save_feedback(ctx, _current(answers, current), useful, comment)
        gr.Info(message)
        return "", message

    return handler
