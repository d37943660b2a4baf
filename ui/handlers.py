"""What the page does, as plain functions: ask (streaming), show a source,
export, feedback, filters, library actions. ``ui.app`` only wires them to
components, so nearly all behaviour is tested without a browser.

Failures become one-line messages through ``ui.errors``.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from assistant.errors import AssistantError
from assistant.records import Answer, Citation, DocRecord, validity_label
from assistant.settings import Settings
from assistant.store import Store

from . import render
from .admin import AdminGate, AdminSession
from .errors import user_message, warn
from .feedback import append_feedback, feedback_record
from .library import Library
from .live_store import LiveStore
from .upload_cache import discard_uploads

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 1000
Message = dict[str, Any]  # Chatbot "messages" format: {"role": ..., "content": ...}


class PageContext:
    """What every handler of one page shares: settings, the store (reopened
    after outside writes, ``ui.live_store``), the admin gate, the library."""

    def __init__(self, settings: Settings, store: Store, *, indexer: Any = None) -> None:
        self.settings = settings
        self.live = LiveStore(settings, store)
        self.admin = AdminGate(settings)
        self.library = Library(settings, store, indexer=indexer, changing=self.live.changing)
        self.export_dir = Path(tempfile.mkdtemp(prefix="policyqa-export-"))

    @property
    def store(self) -> Store:
        return self.live.current


# --- filters ---------------------------------------------------------------------------


def filter_choices(docs: Sequence[DocRecord]) -> tuple[list[tuple[str, str]], list[str], list[str]]:
    """(document (label, doc_id) pairs, issuers, years) offered by the filter menus."""
    doc_choices = [
        (
            f"{d.title}"
            + (f"（{d.year}）" if d.year else "")
            + (f"［{validity_label(d.validity())}］" if d.validity() != "current" else ""),
            d.doc_id,
        )
        for d in docs
    ]
    issuers = sorted({d.issuer for d in docs if d.issuer})
    years = sorted({str(d.year) for d in docs if d.year}, reverse=True)
    return doc_choices, issuers, years


def build_filters(
    doc_ids: Sequence[str] | None,
    issuers: Sequence[str] | None,
    years: Sequence[str | int] | None,
    in_force_only: bool,
):  # -> Filters | None
    """The chain's Filters, or None when nothing is chosen (keeps the fast path)."""
    from assistant.retrieval import Filters

    filters = Filters(
        doc_ids=tuple(doc_ids or ()),
        issuers=tuple(issuers or ()),
        years=tuple(int(y) for y in years or () if str(y).isdigit()),
        in_force_only=bool(in_force_only),
    )
    return filters if filters.restricts else None


# --- chat ------------------------------------------------------------------------------


def message_text(content: Any) -> str:
    """The text of one chat message's content, in any shape Gradio 6 uses: a
    string, a list of parts (``{"type": "text", "text": …}``, files,
    components), one part, or ``ChatMessage``/``TextMessage`` objects. Files
    and components have no text for the conversation."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, (list, tuple)):
        return "\n".join(t for t in (message_text(part) for part in content) if t)
    if isinstance(content, dict):
        if "text" in content and content.get("type", "text") == "text":
            return str(content["text"] or "")
        if "content" in content:
            return message_text(content["content"])
        return ""
    text = getattr(content, "text", None)  # a TextMessage
    if isinstance(text, str) and getattr(content, "type", "text") == "text":
        return text
    if hasattr(content, "content"):  # a ChatMessage / Message
        return message_text(content.content)
    return ""


def _role(message: Any) -> str:
    role = message.get("role") if isinstance(message, dict) else getattr(message, "role", "")
    return str(role or "")


def chain_history(
    chat: Sequence[Message], answers: Sequence[Answer | None]
) -> list[dict[str, str]]:
    """Plain-text turns for the chain. The i-th question and reply come from
    ``answers[i]`` (the question as asked, the answer without its source
    list); a turn with no answer falls back to the text the chat shows."""
    out: list[dict[str, str]] = []
    seen = {"user": 0, "assistant": 0}
    for m in chat:
        role = _role(m)
        if role not in seen:
            continue
        i = seen[role]
        seen[role] += 1
        answer = answers[i] if i < len(answers) else None
        if answer is not None:
            text = answer.question if role == "user" else answer.text
        else:
            text = render.plain(message_text(m.get("content") if isinstance(m, dict) else m))
        if text.strip():
            out.append({"role": role, "content": text})
    return out


def _slim(answer: Answer) -> Answer:
    # The page keeps citations only; passages would copy every chunk into
    # each session's state.
    return replace(answer, passages=[])


def respond(
    ctx: PageContext,
    question: str,
    chat: Sequence[Message],
    answers: Sequence[Answer | None],
    filters: Any = None,
) -> Iterator[tuple[list[Message], list[Answer | None]]]:
    """Stream an answer: yields (chat, answers) as the text grows, then once
    more with the sources. ``answers[i]`` belongs to the i-th question."""
    from assistant.answer import stream_answer

    question = (question or "").strip()
    if not question:
        raise AssistantError("请输入问题。")
    if len(question) > MAX_QUESTION_CHARS:
        raise AssistantError(
            f"问题太长（{len(question)} 字），请控制在 {MAX_QUESTION_CHARS} 字以内。"
        )
    history = chain_history(chat, answers)
    chat = [*chat, {"role": "user", "content": render.md_text(question)}]
    answers = list(answers)
    text = ""
    reply: Message = {"role": "assistant", "content": "…"}
    yield [*chat, reply], answers
    try:
        for item in stream_answer(
            question, history or None, filters, settings=ctx.settings, store=ctx.store
        ):
            if isinstance(item, Answer):
                answer = _slim(item)
                reply = {"role": "assistant", "content": render.answer_markdown(answer)}
                yield [*chat, reply], [*answers, answer]
                return
            text += item
            reply = {"role": "assistant", "content": render.md_text(text)}
            yield [*chat, reply], answers
    except Exception as exc:
        # Keep the conversation consistent (one reply per question) and tell
        # the user in one line; the traceback goes to the log.
        if not isinstance(exc, AssistantError):
            log.exception("answering %r failed", question)
        message = user_message(exc)
        warn(message)
        yield [*chat, {"role": "assistant", "content": f"【提示】{message}"}], [*answers, None]
        return
    # The stream ended without a final Answer: keep what was streamed.
    shown = render.md_text(text) if text else "（没有回答）"
    yield [*chat, {"role": "assistant", "content": shown}], [*answers, None]


def warm_up(settings: Settings, store: Store) -> None:
    """Answer one throwaway question so the first real one is fast: it loads
    jieba's dictionary, the embedder and the keyword index (~3-5 s cold)."""
    from assistant.answer import stream_answer

    try:
        for _ in stream_answer("政策", None, None, settings=settings, store=store):
            pass
    except Exception:  # an empty or broken index: the first question will say so
        log.debug("warm-up failed", exc_info=True)


def answer_for_message(answers: Sequence[Answer | None], message_index: int) -> int | None:
    """Which answer a clicked chat message belongs to (user or assistant side)."""
    i = message_index // 2
    return i if 0 <= i < len(answers) and answers[i] is not None else None


def latest_answer(answers: Sequence[Answer | None]) -> int | None:
    for i in range(len(answers) - 1, -1, -1):
        if answers[i] is not None:
            return i
    return None


def source_choices(answer: Answer | None) -> list[str]:
    return [render.source_label(c) for c in answer.citations] if answer else []


def show_source(ctx: PageContext, answer: Answer | None, index: int | None) -> str:
    """HTML of the ``index``-th source of ``answer``, in its context."""
    if answer is None or index is None or not 0 <= index < len(answer.citations):
        return render.PLACEHOLDER_HTML
    citation: Citation = answer.citations[index]
    doc = ctx.store.document(citation.doc_id)
    if doc is None:
        gone = '<p class="pqa-note">该文档已从文档库删除，以下为回答时引用的原文。</p>'
        return render.passage_html(citation, None, []) + gone
    shown = render.context_chunks(
        ctx.store.doc_chunks(doc.doc_id), citation.chunk_id, citation.page
    )
    return render.passage_html(citation, doc, shown)


def export_answer(ctx: PageContext, answer: Answer | None) -> Path:
    """Write the answer with its sources as Markdown; returns the file."""
    if answer is None:
        raise AssistantError("还没有可以导出的回答。")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    path = ctx.export_dir / f"回答-{stamp}.md"
    path.write_text(render.export_markdown(answer), encoding="utf-8")
    return path


def save_feedback(ctx: PageContext, answer: Answer | None, useful: bool, comment: str) -> str:
    if answer is None:
        raise AssistantError("请先提问，再对回答进行评价。")
    append_feedback(ctx.settings.feedback_path, feedback_record(answer, useful, comment or ""))
    return "感谢反馈！已记录。"


# --- library ---------------------------------------------------------------------------


def login(ctx: PageContext, password: str, client: str = "unknown") -> tuple[AdminSession, str]:
    """An admin session for ``client`` (an address), or a one-line refusal."""
    session = ctx.admin.login(client, password or "")
    minutes = ctx.settings.admin_idle_minutes
    return session, f"已登录为管理员（{minutes:g} 分钟未操作将自动退出）。"


def logout(ctx: PageContext, session: AdminSession | None) -> tuple[None, str]:
    return None, ctx.admin.logout(session)


def library_table(ctx: PageContext) -> list[list[str | int]]:
    return render.library_rows(ctx.store.documents())


def upload_files(
    ctx: PageContext,
    files: Sequence[Any] | None,
    session: AdminSession | None,
    progress: Callable[[str, int, int], None] | None = None,
) -> tuple[list[list[str | int]], str]:
    """Ingest uploads; returns (per-file result rows, one-line summary)."""
    ctx.admin.require(session)
    if not files:
        raise AssistantError("请先选择要上传的文件。")
    pairs = [_upload_pair(f) for f in files]
    try:
        results = ctx.library.upload(pairs, is_admin=True, progress=progress)
    finally:
        discard_uploads(path for path, _ in pairs)  # stored under uploads_dir by now
    return render.result_rows(results), _summary(results)


def _upload_pair(f: Any) -> tuple[Path, str]:
    # Gradio hands over a path (str) or a FileData-like object; its file keeps
    # the user's original base name inside Gradio's upload cache.
    path = Path(getattr(f, "path", None) or getattr(f, "name", None) or str(f))
    name = getattr(f, "orig_name", None) or path.name
    return path, str(name)


def _summary(results: Sequence[Any]) -> str:
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    parts = [f"{render.RESULT_LABELS.get(s, s)} {n}" for s, n in counts.items()]
    return "处理完成：" + "，".join(parts) if parts else "没有处理任何文件。"


def delete_documents(
    ctx: PageContext, doc_ids: Sequence[str] | None, session: AdminSession | None
) -> str:
    ctx.admin.require(session)
    if not doc_ids:
        raise AssistantError("请先选择要删除的文档。")
    gone = ctx.library.delete(list(doc_ids), is_admin=True)
    return render.md_text("已删除：" + "、".join(f"《{d.title}》" for d in gone))


def reindex(
    ctx: PageContext,
    session: AdminSession | None,
    progress: Callable[[str, int, int], None] | None = None,
) -> tuple[list[list[str | int]], str]:
    ctx.admin.require(session)
    results = ctx.library.reindex(is_admin=True, progress=progress)
    return render.result_rows(results), _summary(results)
