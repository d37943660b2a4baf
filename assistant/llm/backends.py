"""Chat-model backends, chosen by name (``settings.llm``).

"none" means the extractive answer only. "openai" is any OpenAI-compatible
server (vLLM, llama.cpp server, LM Studio, a hosted API); "ollama" is an
Ollama server. Both are built by LangChain's ``init_chat_model`` (the
provider packages are langchain-openai and langchain-ollama). Built-in
backends register in ``BACKENDS`` the same way a new one would. Models are
built when asked for, never at import, and the API key is read only then.

Errors from the clients are translated into one-line ``BackendError``s a clerk
can act on (``translate_error``); the chain then falls back to the extractive
answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage
from pydantic import SecretStr

from assistant.errors import BackendError, ConfigError, UnknownBackendError
from assistant.settings import Settings

__all__ = [
    "BACKENDS",
    "get_chat_model",
    "invoke_chat",
    "register_backend",
    "stream_chat",
    "translate_error",
]

Factory = Callable[[Settings], BaseChatModel | None]
BACKENDS: dict[str, Factory] = {}


def register_backend(name: str, factory: Factory) -> None:
    BACKENDS[name] = factory


def _none(settings: Settings) -> None:
    return None


def _openai(settings: Settings) -> BaseChatModel:
    from langchain.chat_models import init_chat_model

    key = settings.llm_api_key
    # model_copy(update=...) does not re-validate, so a plain str may arrive.
    key = key.get_secret_value() if isinstance(key, SecretStr) else (key or "")
    if not key:
        # Local servers accept any string (e.g. "local"), but one must be set:
        # an accidental request to a hosted API without a key is worse.
        raise ConfigError("No API key: set POLICYQA_LLM_API_KEY")
    return init_chat_model(
        settings.llm_model,
        model_provider="openai",
        base_url=settings.llm_base_url,
        api_key=SecretStr(key),
        timeout=settings.llm_timeout,
        max_retries=1,  # a user is waiting; the extractive answer is the fallback
        temperature=settings.llm_temperature,
    )


def _ollama(settings: Settings) -> BaseChatModel:
    from langchain.chat_models import init_chat_model

    return init_chat_model(
        settings.llm_model,
        model_provider="ollama",
        base_url=settings.llm_base_url,
        temperature=settings.llm_temperature,
        client_kwargs={"timeout": settings.llm_timeout},
    )


register_backend("none", _none)
register_backend("openai", _openai)
register_backend("ollama", _ollama)


def get_chat_model(settings: Settings) -> BaseChatModel | None:
    """The configured chat model, or None for the extractive-only answer."""
    try:
        factory = BACKENDS[settings.llm]
    except KeyError:
        raise UnknownBackendError("LLM backend", settings.llm, list(BACKENDS)) from None
    return factory(settings)


def translate_error(err: BaseException, settings: Settings) -> BackendError:
    """A client exception as a one-line BackendError (the cause stays chained)."""
    if isinstance(err, BackendError):
        return err
    url = settings.llm_base_url
    name = type(err).__name__
    status = getattr(err, "status_code", None) or getattr(
        getattr(err, "response", None), "status_code", None
    )
    if "Timeout" in name or isinstance(err, TimeoutError):
        msg = f"LLM server timed out after {settings.llm_timeout:g}s"
    elif status in (401, 403):
        msg = "LLM server rejected the API key"
    elif status == 404:
        msg = f"LLM server at {url} does not know model {settings.llm_model!r}"
    elif status is not None:
        msg = f"LLM server at {url} returned HTTP {status}"
    elif "Connect" in name or isinstance(err, (ConnectionError, OSError)):
        msg = f"LLM server at {url} unreachable"
    else:
        msg = f"LLM server at {url} failed: {name}"
    out = BackendError(msg)
    out.__cause__ = err
    return out


def _client_errors() -> tuple[type[BaseException], ...]:
    """Exceptions the clients raise for network and server trouble."""
    import httpx
    import ollama
    import openai

    return (
        openai.OpenAIError,
        ollama.ResponseError,
        ollama.RequestError,
        httpx.HTTPError,
        ConnectionError,
        TimeoutError,
        OSError,
    )


def invoke_chat(model: BaseChatModel, messages: Sequence[BaseMessage], settings: Settings) -> str:
    """One reply as text; client failures become BackendError."""
    try:
        reply = model.invoke(list(messages))
    except _client_errors() as err:
        raise translate_error(err, settings) from err
    return _text(reply.content)


def stream_chat(
    model: BaseChatModel, messages: Sequence[BaseMessage], settings: Settings
) -> Iterator[str]:
    """Text deltas as they arrive; client failures become BackendError."""
    try:
        for chunk in model.stream(list(messages)):
            text = _text(chunk.content)
            if text:
                yield text
    except _client_errors() as err:
        raise translate_error(err, settings) from err


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    parts = [c.get("text", "") if isinstance(c, dict) else str(c) for c in content or []]
    return "".join(parts)
