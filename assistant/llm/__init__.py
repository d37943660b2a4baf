"""Chat models and every prompt sent to them.

Below the answer and retrieval wings, so the answer step, follow-up
rewriting and the measure proposer share one backend registry and one
prompt module.
"""

from __future__ import annotations

from assistant.llm.backends import (
    BACKENDS,
    get_chat_model,
    invoke_chat,
    register_backend,
    stream_chat,
    translate_error,
)
from assistant.llm.prompts import (
    ANSWER_PROMPT,
    CANNOT_ANSWER,
    MEASURE_PROMPT,
    PROMPT_VARIABLES,
    REWRITE_PROMPT,
    answer_messages,
    format_history,
    format_passages,
)

__all__ = [
    "ANSWER_PROMPT",
    "BACKENDS",
    "CANNOT_ANSWER",
    "MEASURE_PROMPT",
    "PROMPT_VARIABLES",
    "REWRITE_PROMPT",
    "answer_messages",
    "format_history",
    "format_passages",
    "get_chat_model",
    "invoke_chat",
    "register_backend",
    "stream_chat",
    "translate_error",
]
