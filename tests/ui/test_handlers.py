"""The page's behaviour without a browser: a real store holding the bundled
seed report, the real answer chain, real files."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import gradio as gr
import pytest

from assistant.errors import BackendError
from assistant.records import Answer
from assistant.settings import Settings
from assistant.store.store import Store
from tests.conftest import CORPUS_DIR
from ui import handlers as H
from ui.errors import INTERNAL_ERROR

RD_QUESTION = "广西2023年R&D经费投入强度是多少？"


@pytest.fixture(scope="module")
def ctx(tmp_path_factory, embed_cache) -> H.PageContext:
    from ingest.pipeline import Indexer

    data = tmp_path_factory.mktemp("page") / "data"
    settings = Settings(
        data_dir=data, admin_password="pw", corpus_dir=CORPUS_DIR, embed_cache=embed_cache
    )
    store = Store(settings)
    summary = Indexer(settings, store).ingest([CORPUS_DIR])
    assert not summary.failed, summary.failed
    return H.PageContext(settings, store)


def ask(ctx: H.PageContext, question: str, chat=(), answers=(), filters=None):
    updates = list(H.respond(ctx, question, list(chat), list(answers), filters))
    return updates, updates[-1][0], updates[-1][1]


# --- chat -----------------------------------------------------------------------------


def test_answer_streams_then_shows_numbered_sources(ctx) -> None:
    updates, chat, answers = ask(ctx, RD_QUESTION)
    assert len(updates) >= 3  # placeholder, at least one text delta, the final answer
    first_chat, first_answers = updates[0]
    assert first_chat[0] == {"role": "user", "content": H.render.md_text(RD_QUESTION)}
    assert first_answers == []
    partial = [u[0][-1]["content"] for u in updates[1:-1]]
    assert partial and all(isinstance(p, str) for p in partial)
    assert len(chat) == 2 and chat[1]["role"] == "assistant"
    assert "0.84%" in chat[1]["content"]
    assert "**来源**" in chat[1]["content"] and "\\[1\\] 《" in chat[1]["content"]
    (answer,) = answers
    assert isinstance(answer, Answer) and answer.citations and answer.passages == []


def test_follow_up_uses_the_conversation(ctx) -> None:
    _, chat, answers = ask(ctx, RD_QUESTION)
    _, chat, answers = ask(ctx, "排第几？", chat, answers)
    assert len(chat) == 4 and len(answers) == 2
    assert "28" in answers[1].text
    history = H.chain_history(chat[:2], answers[:1])
    assert history[1] == {"role": "assistant", "content": answers[0].text}  # no source list


def as_gradio_hands_it_over(chat: list) -> list:
    """``chat`` through the Chatbot's round trip: what a Gradio 6 handler receives."""
    from gradio.components.chatbot import ChatbotDataMessages

    bot = gr.Chatbot()
    return bot.preprocess(ChatbotDataMessages.model_validate(bot.postprocess(chat).model_dump()))


def test_history_keeps_every_turn_in_the_shapes_gradio_6_uses(ctx) -> None:
    _, chat, answers = ask(ctx, RD_QUESTION)
    received = as_gradio_hands_it_over(chat)
    assert isinstance(received[0]["content"], list)  # parts, not a string (issue 12)
    assert H.chain_history(received, answers) == [
        {"role": "user", "content": RD_QUESTION},
        {"role": "assistant", "content": answers[0].text},
    ]
    # A turn without an answer (a failed one) reads back as the text shown.
    failed = [*chat, {"role": "user", "content": H.render.md_text("那R&D呢？")}]
    failed.append({"role": "assistant", "content": "【提示】内部错误"})
    history = H.chain_history(as_gradio_hands_it_over(failed), [*answers, None])
    assert history[2:] == [
        {"role": "user", "content": "那R&D呢？"},
        {"role": "assistant", "content": "【提示】内部错误"},
    ]


@pytest.mark.parametrize(
    "content",
    [
        "那R&D呢？",
        [{"type": "text", "text": "那R&D呢？"}],
        [{"type": "text", "text": "那R&D"}, {"type": "file", "file": {"path": "/x.png"}}, "呢？"],
        {"type": "text", "text": "那R&D呢？"},
        gr.ChatMessage(role="user", content=[{"type": "text", "text": "那R&D呢？"}]),
    ],
)
def test_message_text_reads_every_content_shape(content) -> None:
    assert H.message_text(content).replace("\n", "") == "那R&D呢？"


def test_selected_source_shows_passage_in_context_with_marked_sentence(ctx) -> None:
    _, _, answers = ask(ctx, RD_QUESTION)
    answer = answers[0]
    html = H.show_source(ctx, answer, 0)
    c = answer.citations[0]
    assert c.title in html and "现行" in html
    assert "<mark>" in html and "0.84%" in html.split("<mark>", 1)[1].split("</mark>", 1)[0]
    assert H.show_source(ctx, answer, 99) == H.render.PLACEHOLDER_HTML
    assert H.show_source(ctx, None, 0) == H.render.PLACEHOLDER_HTML


def test_choosing_a_message_picks_its_answer() -> None:
    answers = [Answer("q1", "a1"), None, Answer("q3", "a3")]
    assert H.answer_for_message(answers, 0) == 0
    assert H.answer_for_message(answers, 1) == 0
    assert H.answer_for_message(answers, 3) is None  # that question failed
    assert H.answer_for_message(answers, 5) == 2
    assert H.answer_for_message(answers, 9) is None
    assert H.latest_answer(answers) == 2 and H.latest_answer([None]) is None


def test_filters_build_only_when_something_is_chosen(ctx) -> None:
    assert H.build_filters([], [], [], False) is None
    f = H.build_filters(["d1"], ["国务院"], ["2023", "x"], True)
    assert f.doc_ids == ("d1",) and f.issuers == ("国务院",) and f.years == (2023,)
    assert f.in_force_only
    docs, _issuers, years = H.filter_choices(ctx.store.documents())
    assert docs and all(isinstance(label, str) and doc_id for label, doc_id in docs)
    assert years == sorted(years, reverse=True)


def test_a_filter_excluding_every_document_gives_no_sources(ctx) -> None:
    _, chat, answers = ask(
        ctx, RD_QUESTION, filters=H.build_filters(["no-such-doc"], [], [], False)
    )
    assert answers[0] is None or not answers[0].citations
    assert "0.84%" not in chat[-1]["content"]


def test_empty_and_overlong_questions_are_refused(ctx) -> None:
    with pytest.raises(H.AssistantError, match="请输入问题"):
        list(H.respond(ctx, "   ", [], []))
    with pytest.raises(H.AssistantError, match="问题太长"):
        list(H.respond(ctx, "长" * (H.MAX_QUESTION_CHARS + 1), [], []))


@pytest.mark.parametrize(
    ("exc", "shown"),
    [
        (BackendError("大模型服务无响应"), "大模型服务无响应"),
        (RuntimeError("boom at x.py:3"), INTERNAL_ERROR),
    ],
)
def test_chain_failures_become_one_line_replies(ctx, monkeypatch, caplog, exc, shown) -> None:
    import assistant.answer

    def broken(*args, **kwargs):
        yield "部分"
        raise exc

    monkeypatch.setattr(assistant.answer, "stream_answer", broken)
    with caplog.at_level(logging.ERROR):
        _, chat, answers = ask(ctx, RD_QUESTION)
    assert chat[-1]["content"] == f"【提示】{shown}" and answers == [None]
    assert "boom" not in chat[-1]["content"]
    assert ("Traceback" in caplog.text or "boom" in caplog.text) == isinstance(exc, RuntimeError)


# --- export and feedback -------------------------------------------------------------------


def test_export_writes_markdown_with_sources(ctx) -> None:
    _, _, answers = ask(ctx, RD_QUESTION)
    path = H.export_answer(ctx, answers[0])
    text = Path(path).read_text(encoding="utf-8")
    assert text.startswith("# 问：广西2023年R&D经费投入强度是多少？")  # as typed
    assert "## 来源" in text and "0.84%" in text
    with pytest.raises(H.AssistantError):
        H.export_answer(ctx, None)


def test_feedback_is_saved_with_question_answer_and_sources(ctx) -> None:
    _, _, answers = ask(ctx, RD_QUESTION)
    before = _lines(ctx.settings.feedback_path)
    assert H.save_feedback(ctx, answers[0], False, "排名没写") == "感谢反馈！已记录。"
    H.save_feedback(ctx, answers[0], True, "")
    lines = _lines(ctx.settings.feedback_path)[len(before) :]
    assert [r["useful"] for r in lines] == [False, True]
    assert lines[0]["comment"] == "排名没写" and lines[0]["question"] == RD_QUESTION
    assert "0.84%" in lines[0]["answer"] and lines[0]["sources"][0]["title"]
    with pytest.raises(H.AssistantError):
        H.save_feedback(ctx, None, True, "")


def _lines(path: Path) -> list[dict]:
    return (
        [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
        if path.exists()
        else []
    )


# --- library through the handlers ------------------------------------------------------------


def test_login_and_upload_through_handlers(ctx, tmp_path) -> None:
    with pytest.raises(H.AssistantError, match="密码不正确"):
        H.login(ctx, "nope", "10.0.0.1")
    with pytest.raises(H.AssistantError, match="秒后再试"):  # too soon after a failure
        H.login(ctx, "pw", "10.0.0.1")
    session, message = H.login(ctx, "pw", "10.0.0.2")
    assert message.startswith("已登录为管理员") and session is not None
    src = tmp_path / "测试市茶叶补贴办法.txt"
    src.write_text(
        "测试市茶叶补贴办法（虚构）\n\n第一条 茶叶企业每新建一亩茶园，补贴6173元。\n",
        encoding="utf-8",
    )
    with pytest.raises(H.AssistantError, match="管理员登录"):
        H.upload_files(ctx, [str(src)], None)
    with pytest.raises(H.AssistantError, match="选择要上传"):
        H.upload_files(ctx, [], session)
    seen: list[tuple[str, int, int]] = []
    rows, summary = H.upload_files(ctx, [str(src)], session, lambda *a: seen.append(a))
    assert rows[0][:2] == ["测试市茶叶补贴办法.txt", "新增"] and summary == "处理完成：新增 1"
    assert ("files", 1, 1) in seen
    assert src.exists()  # a file outside Gradio's upload cache is not removed
    # Answerable at once, though a worker process wrote it (the page reopened its store).
    _, chat, answers = ask(ctx, "新建一亩茶园补贴多少钱？")
    assert "6173" in chat[-1]["content"]
    doc_id = answers[0].citations[0].doc_id
    assert answers[0].passages == [] and doc_id
    assert H.delete_documents(ctx, [doc_id], session).startswith("已删除：")
    assert all(d.doc_id != doc_id for d in ctx.store.documents())
    assert H.logout(ctx, session) == (None, "已退出管理员登录。")


def test_page_builds_with_offline_theme(ctx) -> None:
    from ui.app import build_app, theme

    t = theme()
    assert not t._stylesheets  # no Google Fonts stylesheet to fetch
    demo = build_app(ctx.settings, ctx.store)
    assert isinstance(demo, gr.Blocks)
    # Answers share one pool sized by settings.concurrency; corpus changes run one at a time.
    pools = {f.concurrency_id: f.concurrency_limit for f in demo.fns.values()}
    assert pools["chat"] == ctx.settings.concurrency and pools["library"] == 1
    tabs = {b.label for b in demo.blocks.values() if isinstance(b, gr.Tab)}
    assert {"问答", "文档库", "政策计算器"} <= tabs
    css = t._get_theme_css()
    assert "Noto Sans CJK SC" in css
    # Only local or inline resources: url(static/…) and data: URIs (whose SVG
    # namespace string is not a fetch).
    urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", css)
    assert urls and all(u.startswith(("static/", "data:")) for u in urls), urls
    assert "googleapis" not in css and "@import" not in css


def test_warm_up_never_raises(ctx, tmp_path) -> None:
    H.warm_up(ctx.settings, ctx.store)
    empty = Settings(data_dir=tmp_path / "empty")
    H.warm_up(empty, Store(empty))  # an empty index is not an error at start-up
