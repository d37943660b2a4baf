"""The HTTP API beside the page (issue 14, part 4), through real clients: the
``openai`` package (streaming and not) and plain HTTP (httpx), against the
server ``policy-qa serve`` runs (page and API on one port)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import openai
import pytest

from assistant.errors import StoreError
from assistant.settings import Settings
from assistant.store import Store
from ingest.pipeline import Indexer
from ui.api import Api, is_loopback
from ui.api_wire import WireError, reply_only
from ui.app import launch

KEY = "test-api-key"
BEIJING = "北京市茶园建设补贴办法"
DOCS = {
    BEIJING: "北京市茶园建设补贴办法\n京政发〔2024〕3号\n第一条 新建一亩茶园补贴6173元。\n"
    "第二条 对从业人数不超过300人、资产总额不超过5000万元的茶叶加工企业，"
    "按设备投资额的30%给予补助，最高50万元。\n",
    "上海市茶园建设补贴办法": "上海市茶园建设补贴办法\n第一条 新建一亩茶园补贴4100元。\n",
}
QUESTION = "北京市茶园建设补贴办法规定新建一亩茶园补贴多少？"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, embed_cache: Path) -> Settings:
    root = tmp_path_factory.mktemp("api")
    folder = root / "docs"
    folder.mkdir()
    for title, text in DOCS.items():
        (folder / f"{title}.txt").write_text(text, encoding="utf-8")
    settings = Settings(data_dir=root / "data", embed_cache=embed_cache)
    assert not Indexer(settings).ingest([folder]).failed
    return settings


def serve(settings: Settings, **changes: object) -> Iterator[str]:
    s = settings.with_overrides(port=free_port(), **changes)
    served = launch(s, block=False, store=Store(s))
    try:
        yield f"http://127.0.0.1:{s.port}"
    finally:
        served.close()


@pytest.fixture(scope="module")
def keyed(index: Settings) -> Iterator[str]:
    """The page and API with a key and a 4 KB body limit."""
    yield from serve(index, api_key=KEY, api_max_body_kb=4)


@pytest.fixture(scope="module")
def open_api(index: Settings) -> Iterator[str]:
    """No key: loopback clients only."""
    yield from serve(index)


def client(url: str, key: str = KEY) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{url}/v1", api_key=key, max_retries=0, timeout=120)


def user(text: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": text}]


# --- the openai package ---------------------------------------------------------------


def test_openai_client_gets_the_cited_answer(keyed, no_network) -> None:
    reply = client(keyed).chat.completions.create(model="policy-qa", messages=user(QUESTION))
    content = reply.choices[0].message.content or ""
    assert "6173" in content and "[1]" in content
    assert f"来源：\n- [1] 《{BEIJING}》（京政发〔2024〕3号） 第一条：“" in content
    extra = reply.model_extra["policyqa"]
    first = extra["citations"][0]
    assert first["document"] == BEIJING and first["doc_number"] == "京政发〔2024〕3号"
    assert first["section"] == "第一条" and "6173" in first["quote"]
    assert first["validity"] == "current" and first["validity_label"] == "现行有效"
    assert extra["refused"] is False and extra["timings_ms"]["total"] > 0
    assert reply.model == "policy-qa" and reply.usage and reply.usage.total_tokens > 0


def test_openai_client_streams_the_same_reply(keyed) -> None:
    whole = client(keyed).chat.completions.create(model="policy-qa", messages=user(QUESTION))
    stream = client(keyed).chat.completions.create(
        model="policy-qa", messages=user(QUESTION), stream=True
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert text == whole.choices[0].message.content
    assert len([c for c in chunks if c.choices[0].delta.content]) >= 2  # text, then sources
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert chunks[-1].model_extra["policyqa"]["citations"][0]["document"] == BEIJING


def test_follow_ups_come_from_the_messages(keyed) -> None:
    api = client(keyed)
    first = api.chat.completions.create(model="policy-qa", messages=user(QUESTION))
    messages = [
        {"role": "system", "content": "You are helpful."},  # front ends add one: ignored
        *user(QUESTION),
        {"role": "assistant", "content": first.choices[0].message.content},
        *user("那上海呢？"),
    ]
    reply = api.chat.completions.create(model="policy-qa", messages=messages)
    extra = reply.model_extra["policyqa"]
    assert extra["standalone_question"].startswith("上海市茶园建设补贴办法")
    assert "4100" in (reply.choices[0].message.content or "")


def test_models_are_listed_for_front_ends(keyed) -> None:
    assert [m.id for m in client(keyed).models.list()] == ["policy-qa"]


def test_wrong_key_and_unknown_model_are_one_line_errors(keyed) -> None:
    with pytest.raises(openai.AuthenticationError) as err:
        client(keyed, "wrong").chat.completions.create(model="policy-qa", messages=user("x"))
    assert err.value.message.endswith(" - Missing or wrong API key (Authorization: Bearer …).")
    with pytest.raises(openai.NotFoundError) as err:
        client(keyed).chat.completions.create(model="gpt-4o", messages=user("x"))
    assert "'gpt-4o' does not exist" in err.value.message


# --- plain HTTP ------------------------------------------------------------------------


def post(url: str, path: str, body: object, key: str | None = KEY, **kw: object) -> httpx.Response:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return httpx.post(f"{url}{path}", json=body, headers=headers, timeout=120, **kw)


def test_ask_returns_answer_citations_and_timings(keyed) -> None:
    r = post(keyed, "/api/ask", {"question": QUESTION})
    assert r.status_code == 200
    data = r.json()
    assert "6173" in data["answer"] and data["refused"] is False
    assert data["citations"][0]["doc_number"] == "京政发〔2024〕3号"
    assert data["timings_ms"]["retrieve"] > 0


def test_ask_reads_history_and_filters(keyed) -> None:
    history = [
        {"role": "user", "content": QUESTION},
        {"role": "assistant", "content": "新建一亩茶园补贴6173元。[1]"},
    ]
    data = post(keyed, "/api/ask", {"question": "那上海呢？", "history": history}).json()
    assert "4100" in data["answer"]
    beijing = post(keyed, "/api/ask", {"question": QUESTION}).json()["citations"][0]["doc_id"]
    # Restricted to the Beijing document, the Shanghai figure cannot be quoted.
    body = {"question": "上海市新建一亩茶园补贴多少？", "filters": {"doc_ids": [beijing]}}
    data = post(keyed, "/api/ask", body).json()
    assert "4100" not in data["answer"]
    assert all(c["doc_id"] == beijing for c in data["citations"])


def test_match_lists_measures_condition_by_condition(keyed) -> None:
    profile = {
        "industry": "茶叶加工",
        "employees": 90,
        "total_assets_wan": 2000,
        "region": "北京市",
    }
    data = post(keyed, "/api/match", profile).json()
    assert data["profile"]["industrial"] is True  # inferred from the industry, as the CLI does
    met = [r for r in data["results"] if r["status"] == "met"]
    assert met and "第二条" in met[0]["cited"]
    assert {c["status"] for c in met[0]["conditions"]} == {"met"}
    assert "可以适用" in data["text"]


@pytest.mark.parametrize(
    ("path", "body", "status", "message"),
    [
        ("/api/ask", {"question": ""}, 400, "The question is empty."),
        ("/api/ask", {"question": "x" * 1001}, 400, "the limit is 1000"),
        ("/api/ask", {"query": "x"}, 400, "Field 'question': Field required"),
        ("/api/ask", {"question": "x", "filters": {"years": ["last"]}}, 400, "filters.years.0"),
        ("/v1/chat/completions", {"model": "policy-qa", "messages": []}, 400, "messages"),
        (
            "/v1/chat/completions",
            {"model": "policy-qa", "messages": [{"role": "assistant", "content": "hi"}]},
            400,
            "The last message must be the user's question.",
        ),
        ("/api/match", {}, 400, "Describe the firm"),
        ("/api/match", {"employes": 90}, 400, "Unknown profile field 'employes'"),
        ("/api/match", {"employees": "many"}, 400, "field 'employees'"),
        ("/api/ask", {"question": "x" * 5000}, 413, "larger than 4 KB"),
    ],
)
def test_bad_requests_are_one_json_line(keyed, path, body, status, message) -> None:
    r = post(keyed, path, body)
    assert r.status_code == status
    error = r.json()["error"]
    assert message in error["message"] and "\n" not in error["message"]


def test_body_limits_hold_without_a_length_header_and_bad_json(keyed) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"question": "'
        for _ in range(10):
            yield b"x" * 1000
        yield b'"}'

    headers = {"Authorization": f"Bearer {KEY}"}
    r = httpx.post(f"{keyed}/api/ask", content=chunks(), headers=headers)  # chunked
    assert r.status_code == 413
    r = httpx.post(f"{keyed}/api/ask", content=b"{not json", headers=headers)
    assert r.status_code == 400 and r.json()["error"]["message"].startswith("The body is not")


def test_no_key_means_loopback_only(open_api, keyed) -> None:
    r = post(open_api, "/api/ask", {"question": QUESTION}, key=None)
    assert r.status_code == 200  # this machine
    assert post(keyed, "/api/ask", {"question": QUESTION}, key=None).status_code == 401
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("::ffff:127.0.0.1")
    assert not is_loopback("10.1.2.3") and not is_loopback("testclient")


def test_another_machine_is_refused_without_a_key(index) -> None:
    from starlette.requests import Request

    scope = {"type": "http", "headers": [], "client": ("10.1.2.3", 5555)}
    with pytest.raises(WireError, match="set POLICYQA_API_KEY"):
        Api(index, Store(index)).authorize(Request(scope))


def test_the_page_is_still_served_beside_the_api(keyed) -> None:
    r = httpx.get(f"{keyed}/")
    assert r.status_code == 200 and "gradio" in r.text.lower()


def test_api_off_serves_only_the_page(index) -> None:
    for url in serve(index, api=False):
        assert httpx.get(f"{url}/").status_code == 200
        assert post(url, "/api/ask", {"question": QUESTION}).status_code in (404, 405)


# --- failures while answering -------------------------------------------------------------


def test_an_unusable_index_is_a_503_line_streaming_or_not(index) -> None:
    dead = f"http://127.0.0.1:{free_port()}/v1"
    for url in serve(index, embedder="openai", embed_base_url=dead):
        r = post(url, "/api/ask", {"question": QUESTION}, key=None)
        assert r.status_code == 503
        assert r.json()["error"]["message"] == f"Embeddings server at {dead} unreachable"
        with pytest.raises(openai.InternalServerError, match="unreachable"):
            client(url).chat.completions.create(
                model="policy-qa", messages=user(QUESTION), stream=True
            )


def test_failures_after_the_stream_starts_arrive_as_an_error_event(keyed, monkeypatch) -> None:
    def broken(self, *args):  # type: ignore[no-untyped-def]
        yield "部分回答"
        raise StoreError("the index went away")

    monkeypatch.setattr(Api, "_events", broken)
    stream = client(keyed).chat.completions.create(
        model="policy-qa", messages=user(QUESTION), stream=True
    )
    with pytest.raises(openai.APIError, match="the index went away"):
        list(stream)


def test_a_bug_is_a_500_line_without_a_traceback(keyed, monkeypatch, caplog) -> None:
    def bug(self, *args):  # type: ignore[no-untyped-def]
        raise RuntimeError("secret detail")

    monkeypatch.setattr(Api, "_answer", bug)
    r = post(keyed, "/api/ask", {"question": QUESTION})
    assert r.status_code == 500
    assert r.json()["error"]["message"] == "Internal error (logged on the server)."
    assert "secret detail" not in r.text and "Traceback" not in r.text
    assert "secret detail" in caplog.text  # the log has it


def test_earlier_replies_lose_their_source_list() -> None:
    reply = "答案[1]\n\n（提示）\n\n来源：\n- [1] 《甲》 第一条：“答案”"
    assert reply_only(reply) == "答案[1]\n\n（提示）"
    assert reply_only("没有来源的回答") == "没有来源的回答"
