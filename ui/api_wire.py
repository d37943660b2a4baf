"""What the HTTP API reads and writes (``ui.api`` serves it): request bodies
as pydantic models, and answers as OpenAI chat completions (whole or as
stream chunks), ``/api/ask`` and ``/api/match`` JSON.

A chat front end shows ``content``: the answer with its [n] markers, a
notice if any, then the numbered sources with their quotes. Programs read
the structured citations from the extra ``policyqa`` field. Pure functions,
no server here, so every shape is unit-tested as data.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.records import Answer, Citation, validity_label

MODEL = "policy-qa"
SOURCES_HEAD = "来源："
MAX_QUESTION_CHARS = 1000  # as on the page


class WireError(Exception):
    """A request the API refuses: HTTP ``status`` with a one-line ``message``."""

    def __init__(self, status: int, message: str, code: str = "invalid_request") -> None:
        super().__init__(message)
        self.status, self.message, self.code = status, message, code


# --- requests ---------------------------------------------------------------------


class FiltersIn(BaseModel):
    """Restrictions, as on the page (all optional, combined with AND)."""

    model_config = ConfigDict(extra="forbid")

    doc_ids: list[str] = []
    issuers: list[str] = []
    years: list[int] = []
    in_force_only: bool = False


class TurnIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Literal["user", "assistant"]
    content: str


class AskIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str
    history: list[TurnIn] = []
    filters: FiltersIn | None = None


class MessageIn(BaseModel):
    # Front ends send names, tool calls and the like: kept, not used.
    model_config = ConfigDict(extra="allow")

    role: str
    content: str | list[dict[str, Any]] | None = None


class ChatIn(BaseModel):
    # temperature, max_tokens, stream_options…: accepted and ignored (the
    # answer is the cited one, however it is asked for).
    model_config = ConfigDict(extra="allow")

    model: str
    messages: list[MessageIn] = Field(min_length=1)
    stream: bool = False
    filters: FiltersIn | None = None  # an extension: the page's filters


def message_text(message: MessageIn) -> str:
    """The text of a message (a string, or OpenAI's list of content parts)."""
    if isinstance(message.content, str):
        return message.content
    parts = message.content or []
    return "".join(str(p.get("text", "")) for p in parts if p.get("type") == "text")


def reply_only(text: str) -> str:
    """An earlier reply of ours without its source list: what follow-ups read."""
    head = text.find(f"\n\n{SOURCES_HEAD}\n")
    return (text[:head] if head >= 0 else text).strip()


def conversation(messages: list[MessageIn]) -> tuple[str, list[dict[str, str]]]:
    """(the question, the earlier turns) of a chat request; system messages
    and tool turns are left out, earlier replies lose their source lists."""
    last = messages[-1]
    if last.role != "user":
        raise WireError(400, "The last message must be the user's question.")
    turns = []
    for m in messages[:-1]:
        if m.role in ("user", "assistant"):
            text = message_text(m)
            turns.append({"role": m.role, "content": reply_only(text)})
    return check_question(message_text(last)), turns


def check_question(question: str) -> str:
    question = question.strip()
    if not question:
        raise WireError(400, "The question is empty.")
    if len(question) > MAX_QUESTION_CHARS:
        raise WireError(
            400, f"The question has {len(question)} characters; the limit is {MAX_QUESTION_CHARS}."
        )
    return question


# --- answers --------------------------------------------------------------------------


def citation_json(c: Citation) -> dict[str, Any]:
    """One source: document, 文号, section (第X条), page, quoted span, validity."""
    return {
        "n": c.n,
        "document": c.title,
        "doc_id": c.doc_id,
        "doc_number": c.doc_number,
        "issuer": c.issuer,
        "issued": c.issued,
        "section": c.section,
        "page": c.page,
        "quote": c.span.strip(),
        "validity": c.validity,
        "validity_label": validity_label(c.validity),
        "expires": c.expires,
        "chunk_id": c.chunk_id,
    }


def source_line(c: Citation) -> str:
    """``- [1] 《title》（文号） 第四章 > 第二十八条 · 第3页 ［已被替代］：“quote”``"""
    head = f"- [{c.n}] 《{c.title}》" + (f"（{c.doc_number}）" if c.doc_number else "")
    where = " · ".join(x for x in (c.section, f"第{c.page}页" if c.page else "") if x)
    status = f"［{validity_label(c.validity)}］" if c.validity != "current" else ""
    tail = " ".join(x for x in (where, status) if x)
    return head + (f" {tail}" if tail else "") + f"：“{c.span.strip()}”"


def reply_text(answer: Answer) -> str:
    """What a chat front end shows: the answer, a notice, the numbered sources."""
    parts = [answer.text.strip()]
    if answer.notice:
        parts.append(f"（{answer.notice}）")
    if answer.citations:
        parts.append(SOURCES_HEAD + "\n" + "\n".join(source_line(c) for c in answer.citations))
    return "\n\n".join(parts)


def answer_json(answer: Answer) -> dict[str, Any]:
    """``/api/ask``'s answer, and the ``policyqa`` field of a chat completion."""
    return {
        "answer": answer.text,
        "refused": answer.refused,
        "notice": answer.notice,
        "citations": [citation_json(c) for c in answer.citations],
        "standalone_question": answer.standalone_question,
        "generator": answer.generator,
        "timings_ms": dict(answer.timings_ms),
    }


def _usage(prompt: str, reply: str) -> dict[str, int]:
    from assistant.text import count_tokens

    asked, said = count_tokens(prompt), count_tokens(reply)
    return {"prompt_tokens": asked, "completion_tokens": said, "total_tokens": asked + said}


def completion(answer: Answer) -> dict[str, Any]:
    """A whole ``chat.completion`` object."""
    content = reply_text(answer)
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": MODEL,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": _usage(answer.question, content),
        "policyqa": answer_json(answer),
    }


class ChunkWriter:
    """The ``chat.completion.chunk`` events of one streamed reply, as SSE lines."""

    def __init__(self) -> None:
        self.id = f"chatcmpl-{uuid.uuid4().hex}"
        self.created = int(time.time())
        self.streamed = ""

    def event(self, delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
        data = {
            "id": self.id,
            "object": "chat.completion.chunk",
            "created": self.created,
            "model": MODEL,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            **extra,
        }
        return f"data: {json.dumps(data, ensure_ascii=False)}\n\n"

    def start(self) -> str:
        return self.event({"role": "assistant", "content": ""})

    def text(self, piece: str) -> str:
        self.streamed += piece
        return self.event({"content": piece})

    def finish(self, answer: Answer) -> str:
        """The rest of the reply (notice, sources) and the structured answer.

        The final Answer is authoritative: when it is not what was streamed (an
        LLM answer that failed verification), it follows in full."""
        full = reply_text(answer)
        rest = full[len(self.streamed) :] if full.startswith(self.streamed) else f"\n\n{full}"
        out = self.event({"content": rest}) if rest else ""
        return out + self.event({}, "stop", policyqa=answer_json(answer))


def error_json(message: str, code: str = "invalid_request") -> dict[str, Any]:
    """OpenAI's error shape, which its clients turn into an exception."""
    kind = "server_error" if code in ("unavailable", "internal_error") else "invalid_request_error"
    return {"error": {"message": message, "type": kind, "code": code}}


def sse_error(message: str, code: str) -> str:
    return f"data: {json.dumps(error_json(message, code), ensure_ascii=False)}\n\n"


def models_json() -> dict[str, Any]:
    return {
        "object": "list",
        "data": [{"id": MODEL, "object": "model", "created": 0, "owned_by": "policy-qa"}],
    }
