"""Errors are for people (STYLE.md): ``soft`` turns a project error into its
own one-line message and anything else into "内部错误，已记录日志" (the
traceback goes to the log), shown once — beside the action that failed, or as
a toast — never a traceback, and leaves the page as it was.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable, Iterator
from typing import Any

from assistant.errors import AssistantError

from . import render
from .messages import to_chinese

__all__ = ["INTERNAL_ERROR", "soft", "user_message", "warn"]

log = logging.getLogger(__name__)

INTERNAL_ERROR = "内部错误，已记录日志"


def user_message(exc: BaseException) -> str:
    """The one line a user sees for ``exc``, in Chinese."""
    if isinstance(exc, AssistantError):
        return to_chinese(str(exc), INTERNAL_ERROR) or INTERNAL_ERROR
    return INTERNAL_ERROR


def soft(
    n_outputs: int, status: int | None = None, cleared: int | None = None
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Wrap a handler (plain or generator) so a failure leaves the page as it
    was: the message in the output ``status`` (an index) or, without one, a
    toast (gr.Warning); the output ``cleared`` is emptied (a refused upload's
    files are not sent with the next one); every other output is left
    unchanged (``gr.skip``)."""

    def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
        if inspect.isgeneratorfunction(fn):

            @functools.wraps(fn)
            def gen_wrapper(*args: Any, **kwargs: Any) -> Iterator[Any]:
                try:
                    yield from fn(*args, **kwargs)
                except Exception as exc:
                    yield _soft_failure(exc, n_outputs, status, cleared)

            return gen_wrapper

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except Exception as exc:
                return _soft_failure(exc, n_outputs, status, cleared)

        return wrapper

    return deco


def _soft_failure(
    exc: Exception, n_outputs: int, status: int | None, cleared: int | None = None
) -> Any:
    import gradio as gr

    if isinstance(exc, gr.Error):
        message = str(exc.message)
    else:
        if not isinstance(exc, AssistantError):
            log.exception("page handler failed")
        message = user_message(exc)
    out: list[Any] = [gr.skip() for _ in range(n_outputs)]
    if status is not None:  # said once, where the action is; a toast would repeat it
        out[status] = f"**{render.md_text(message)}**"
    else:
        warn(message)
    if cleared is not None:
        out[cleared] = None
    return out[0] if n_outputs == 1 else tuple(out)


def warn(message: str) -> None:
    """A non-blocking toast (a log line when there is no page, e.g. in tests)."""
    import gradio as gr

    gr.Warning(message, title="提示")
