"""Feedback on answers: one JSON object a line in ``settings.feedback_path``.

Each record holds the verdict, the optional comment, and what was judged
(question, answer text, sources), so a reviewer needs nothing else to see
why an answer was useful or not. Appends take a thread lock and an exclusive
``flock``: the page answers several requests at once and app replicas may
share the data folder.
"""

from __future__ import annotations

import fcntl
import json
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.records import Answer

_LOCK = threading.Lock()
MAX_COMMENT = 2000  # characters kept of a comment


def feedback_record(answer: Answer, useful: bool, comment: str = "") -> dict[str, Any]:
    return {
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
        "useful": useful,
        "comment": comment.strip()[:MAX_COMMENT],
        "question": answer.question,
        "standalone_question": answer.standalone_question,
        "answer": answer.text,
        "refused": answer.refused,
        "generator": answer.generator,
        "sources": [
            {
                "n": c.n,
                "doc_id": c.doc_id,
                "chunk_id": c.chunk_id,
                "title": c.title,
                "section": c.section,
                "page": c.page,
                "span": c.span,
            }
            for c in answer.citations
        ],
    }


def append_feedback(path: Path, record: dict[str, Any]) -> None:
    """Append one record as a line (whole line or nothing, even across processes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(record, ensure_ascii=False) + "\n"
    with _LOCK, open(path, "a", encoding="utf-8") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            fh.write(line)
            fh.flush()
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
