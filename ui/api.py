"""The HTTP API, served beside the page on the same port (issue 14, part 4).

- ``POST /v1/chat/completions``: OpenAI-compatible, model ``policy-qa``,
  ``stream`` true (server-sent events) or false; the question is the last
  user message, follow-ups read the earlier ``messages``. Existing chat front
  ends and the ``openai`` package use the assistant as a model.
- ``GET /v1/models``: the one model, which front ends list when one is added.
- ``POST /api/ask``: ``{question, history, filters}`` → ``{answer, refused,
  notice, citations, timings_ms, …}``.
- ``POST /api/match``: a firm profile (the fields of ``policy-qa match
  --profile``) → the measures it meets, condition by condition.

Access: with ``POLICYQA_API_KEY`` set, every request needs ``Authorization:
Bearer <key>``; unset, the API answers clients on this machine only, so a
page opened to the network does not open the API by accident. Bodies over
``POLICYQA_API_MAX_BODY_KB`` are refused before they are read.

Errors are one line in OpenAI's error shape (which its clients raise): 400
bad request, 401/403 access, 404 unknown model, 413 too large; 503 with the
project's own message when the index or a backend cannot be used; 500
"internal error" for anything else, its traceback in the log only. Answers
run in worker threads, at most ``POLICYQA_CONCURRENCY`` at once.
"""

from __future__ import annotations

import functools
import hmac
import ipaddress
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any, TypeVar

import anyio
from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, SecretStr, ValidationError

from assistant.errors import AssistantError
from assistant.records import Answer
from assistant.settings import Settings
from assistant.store import Store

from .api_wire import (
    MODEL,
    AskIn,
    ChatIn,
    ChunkWriter,
    FiltersIn,
    WireError,
    answer_json,
    check_question,
    completion,
    conversation,
    error_json,
    models_json,
    sse_error,
)

log = logging.getLogger(__name__)

INTERNAL_ERROR = "Internal error (logged on the server)."
M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")
Endpoint = Callable[["Api", Request], Awaitable[Response]]


def endpoint(fn: Endpoint) -> Endpoint:
    """Check access, run ``fn``, and turn every failure into one JSON line."""

    @functools.wraps(fn)
    async def run(self: Api, request: Request) -> Response:
        try:
            self.authorize(request)
            return await fn(self, request)
        except WireError as err:
            return JSONResponse(error_json(err.message, err.code), status_code=err.status)
        except Exception as exc:
            message, code = failure(exc)
            status = 503 if code == "unavailable" else 500
            return JSONResponse(error_json(message, code), status_code=status)

    return run


def failure(exc: BaseException) -> tuple[str, str]:
    """(one-line message, code) for an error raised while answering."""
    if isinstance(exc, AssistantError):
        log.info("API request failed: %s", exc)
        return str(exc) or INTERNAL_ERROR, "unavailable"
    log.error("API request failed", exc_info=exc)
    return INTERNAL_ERROR, "internal_error"


def is_loopback(host: str) -> bool:
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)
    return ip.is_loopback or bool(mapped and mapped.is_loopback)


class Api:
    """The API's routes over one store (the page's).

    ``current``, when given, returns the store to read at each request: the
    page's, which is reopened after outside writes (``ui.live_store``)."""

    def __init__(
        self, settings: Settings, store: Store, *, current: Callable[[], Store] | None = None
    ) -> None:
        self.settings = settings
        self._current = current or (lambda: store)
        self._limiter: anyio.CapacityLimiter | None = None  # made in the event loop

    @property
    def store(self) -> Store:
        return self._current()

    def router(self) -> APIRouter:
        router = APIRouter()
        router.add_api_route("/v1/chat/completions", self.chat, methods=["POST"])
        router.add_api_route("/v1/models", self.models, methods=["GET"])
        router.add_api_route("/api/ask", self.ask, methods=["POST"])
        router.add_api_route("/api/match", self.match, methods=["POST"])
        return router

    # --- access, limits, threads ------------------------------------------------------
    def authorize(self, request: Request) -> None:
        key = self.settings.api_key
        if key is None:
            host = request.client.host if request.client else ""
            if not is_loopback(host):
                raise WireError(
                    403,
                    "The API answers this machine only: set POLICYQA_API_KEY to open it.",
                    "forbidden",
                )
            return
        secret = key.get_secret_value() if isinstance(key, SecretStr) else str(key)
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            token.strip().encode(), secret.encode()
        ):
            raise WireError(
                401, "Missing or wrong API key (Authorization: Bearer …).", "invalid_api_key"
            )

    async def body(self, request: Request) -> bytes:
        limit = self.settings.api_max_body_kb * 1024
        too_large = WireError(
            413,
            f"The request is larger than {self.settings.api_max_body_kb} KB "
            "(POLICYQA_API_MAX_BODY_KB).",
            "too_large",
        )
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise too_large
        data = bytearray()
        async for part in request.stream():
            data += part
            if len(data) > limit:
                raise too_large
        return bytes(data)

    async def parsed(self, request: Request, model: type[M]) -> M:
        raw = await self.body(request)
        try:
            return model.model_validate_json(raw)
        except ValidationError as err:
            raise WireError(400, validation_problem(err)) from None

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(max(1, self.settings.concurrency))
        return await anyio.to_thread.run_sync(fn, *args, limiter=self._limiter)

    # --- answering -----------------------------------------------------------------------
    def _answer(self, question: str, history: list[dict[str, str]], filters: Any) -> Answer:
        from assistant.answer import answer

        return answer(question, history or None, filters, settings=self.settings, store=self.store)

    def _events(
        self, question: str, history: list[dict[str, str]], filters: Any
    ) -> Iterator[str | Answer]:
        from assistant.answer import stream_answer

        return stream_answer(
            question, history or None, filters, settings=self.settings, store=self.store
        )

    @endpoint
    async def chat(self, request: Request) -> Response:
        req = await self.parsed(request, ChatIn)
        if req.model != MODEL:
            raise WireError(
                404,
                f"The model {req.model!r} does not exist; this server answers as {MODEL!r}.",
                "model_not_found",
            )
        question, history = conversation(req.messages)
        filters = to_filters(req.filters)
        if not req.stream:
            return JSONResponse(
                completion(await self.run(self._answer, question, history, filters))
            )
        events = self._events(question, history, filters)
        # Retrieval runs in the first step: its errors are still a JSON status.
        first = await self.run(next, events, None)
        return StreamingResponse(
            self._stream(events, first),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )

    async def _stream(self, events: Iterator[str | Answer], first: Any) -> AsyncIterator[str]:
        writer = ChunkWriter()
        yield writer.start()
        item = first
        try:
            while item is not None:
                if isinstance(item, Answer):
                    yield writer.finish(item)
                    break
                yield writer.text(item)
                item = await self.run(next, events, None)
            else:
                yield writer.event({}, "stop")
        except Exception as exc:  # the status is sent: the error travels as an event
            yield sse_error(*failure(exc))
        yield "data: [DONE]\n\n"

    @endpoint
    async def models(self, request: Request) -> Response:
        return JSONResponse(models_json())

    @endpoint
    async def ask(self, request: Request) -> Response:
        req = await self.parsed(request, AskIn)
        question = check_question(req.question)
        history = [t.model_dump() for t in req.history]
        result = await self.run(self._answer, question, history, to_filters(req.filters))
        return JSONResponse(answer_json(result))

    @endpoint
    async def match(self, request: Request) -> Response:
        profile = firm_profile(await self.body(request))
        return JSONResponse(await self.run(self._match, profile))

    def _match(self, profile: Any) -> dict[str, Any]:
        from assistant.policy import format_match, match, measure_cards, result_json

        results = match(profile, measure_cards(self.store))
        return {
            "profile": profile.model_dump(exclude_defaults=True),
            "results": [result_json(r) for r in results],  # as `policy-qa match --json`
            "text": format_match(results, profile),
        }


def to_filters(filters: FiltersIn | None) -> Any:
    """The chain's Filters (None when nothing restricts)."""
    if filters is None:
        return None
    from .handlers import build_filters

    return build_filters(filters.doc_ids, filters.issuers, filters.years, filters.in_force_only)


def firm_profile(raw: bytes) -> Any:
    """A FirmProfile from a JSON object; unknown fields are refused, not dropped
    (a misspelt ``employes`` would otherwise match as "not stated")."""
    from assistant import ConfigError
    from assistant.policy import FirmProfile

    try:
        data = json.loads(raw or b"null")
    except ValueError as err:
        raise WireError(400, f"The body is not valid JSON: {err}") from None
    if not isinstance(data, dict):
        raise WireError(400, "A firm profile is a JSON object.")
    unknown = sorted(set(data) - set(FirmProfile.model_fields))
    if unknown:
        known = ", ".join(FirmProfile.model_fields)
        raise WireError(400, f"Unknown profile field {unknown[0]!r}; known: {known}.")
    try:
        profile = FirmProfile.checked(data)  # as `policy-qa match --profile` reads it
    except ConfigError as err:
        raise WireError(400, str(err)) from None
    if profile == FirmProfile():
        raise WireError(400, "Describe the firm: give at least one field (e.g. industry).")
    return profile


def validation_problem(err: ValidationError) -> str:
    first = err.errors()[0]
    if first["type"] == "json_invalid":
        return f"The body is not valid JSON: {first['msg']}"
    where = ".".join(str(p) for p in first["loc"])
    return f"Field {where!r}: {first['msg']}" if where else str(first["msg"])
