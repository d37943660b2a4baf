"""LLM backends: registry, secrets, and error translation over real HTTP."""

from __future__ import annotations

import re
import socket

import pytest
from langchain_core.messages import HumanMessage
from langchain_ollama import ChatOllama
from langchain_openai import ChatOpenAI

from assistant.errors import BackendError, ConfigError, UnknownBackendError
from assistant.llm.backends import BACKENDS, get_chat_model, invoke_chat, stream_chat
from assistant.settings import Settings
from tests.openai_server import OpenAIServer

ASK = [HumanMessage("税率是多少？")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _settings(**kw) -> Settings:  # type: ignore[no-untyped-def]
    return Settings(**{"llm_timeout": 5.0, **kw})


def test_backends_are_registered_by_name():
    assert {"none", "openai", "ollama"} <= set(BACKENDS)
    assert get_chat_model(_settings(llm="none")) is None


def test_unknown_backend_lists_the_valid_names():
    with pytest.raises(UnknownBackendError, match="valid names: none, ollama, openai"):
        get_chat_model(_settings(llm="gpt5"))


def test_openai_without_key_says_how_to_fix():
    with pytest.raises(ConfigError, match="No API key: set POLICYQA_LLM_API_KEY"):
        get_chat_model(_settings(llm="openai"))


def test_openai_model_reads_its_settings():
    model = get_chat_model(
        _settings(llm="openai", llm_api_key="local", llm_base_url="http://127.0.0.1:9/v1")
    )
    assert isinstance(model, ChatOpenAI)
    assert model.openai_api_base == "http://127.0.0.1:9/v1"
    assert model.request_timeout == 5.0 and model.max_retries <= 2


def test_openai_answers_and_streams_through_the_real_client():
    with OpenAIServer(reply="企业所得税的税率为25％[1]。", api_key="local") as server:
        s = _settings(llm="openai", llm_api_key="local", llm_base_url=server.base_url)
        model = get_chat_model(s)
        assert invoke_chat(model, ASK, s) == "企业所得税的税率为25％[1]。"
        deltas = list(stream_chat(model, ASK, s))
        assert len(deltas) > 1 and "".join(deltas) == "企业所得税的税率为25％[1]。"
        assert server.requests[-1]["stream"] is True
        assert server.requests[0]["messages"][0]["content"] == "税率是多少？"


def test_bad_key_becomes_a_one_line_backend_error():
    with OpenAIServer(reply="x", api_key="right") as server:
        s = _settings(llm="openai", llm_api_key="wrong", llm_base_url=server.base_url)
        with pytest.raises(BackendError, match=r"^LLM server rejected the API key$"):
            invoke_chat(get_chat_model(s), ASK, s)


def test_timeout_becomes_a_backend_error():
    with OpenAIServer(reply="x", api_key="k", delay=2.0) as server:
        s = _settings(llm="openai", llm_api_key="k", llm_base_url=server.base_url, llm_timeout=0.3)
        with pytest.raises(BackendError, match=r"timed out after 0\.3s"):
            invoke_chat(get_chat_model(s), ASK, s)


def test_openai_connection_refused_becomes_unreachable():
    url = f"http://127.0.0.1:{_free_port()}/v1"
    s = _settings(llm="openai", llm_api_key="k", llm_base_url=url)
    with pytest.raises(BackendError, match=re.escape(f"LLM server at {url} unreachable")):
        invoke_chat(get_chat_model(s), ASK, s)


def test_ollama_is_built_and_refused_connection_is_translated():
    url = f"http://127.0.0.1:{_free_port()}"
    s = _settings(llm="ollama", llm_base_url=url, llm_model="qwen2.5:7b")
    model = get_chat_model(s)
    assert isinstance(model, ChatOllama) and model.base_url == url and model.model == "qwen2.5:7b"
    with pytest.raises(BackendError, match=re.escape(f"LLM server at {url} unreachable")):
        invoke_chat(model, ASK, s)
    with pytest.raises(BackendError, match="unreachable"):
        list(stream_chat(model, ASK, s))
