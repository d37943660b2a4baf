"""A small OpenAI-compatible server for tests (stdlib only).

Serves ``POST /v1/chat/completions`` with and without ``stream: true`` (SSE),
so the real ``ChatOpenAI`` client and its HTTP stack are exercised, and
``POST /v1/embeddings`` (what TEI, vLLM and Ollama serve) with deterministic
vectors: hashed characters and character pairs, so texts that share words
are close. The reply, the accepted API key (None: no key needed), an
artificial delay, the vector size and the embedding models it knows are set
per test and may change mid-test; every request body is kept in
``requests`` so tests can look at what was sent.

    with OpenAIServer(reply="…[1]") as server:
        settings = Settings(llm="openai", llm_base_url=server.base_url, llm_api_key="k")
    with OpenAIServer(api_key=None, dim=64) as server:
        settings = Settings(embedder="openai", embed_base_url=server.base_url)
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class OpenAIServer:
    def __init__(
        self,
        reply: str = "",
        api_key: str | None = "test-key",
        delay: float = 0.0,
        dim: int = 64,
        models: set[str] | None = None,
    ) -> None:
        self.reply = reply
        self.api_key = api_key
        self.delay = delay
        self.dim = dim
        self.models = models  # embedding models served; None = any name
        self.wrong_dim_after: int | None = None  # embedding requests before sizes go wrong
        self.requests: list[dict[str, Any]] = []
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> OpenAIServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # keep test output quiet
                pass

            def do_POST(self) -> None:
                # The client may have given up (timeout tests): nothing to send then.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self._answer()

            def _answer(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                server.requests.append(body)
                if not self.path.endswith(("/chat/completions", "/embeddings")):
                    return self._json(404, {"error": {"message": "not found"}})
                wanted = None if server.api_key is None else f"Bearer {server.api_key}"
                if wanted is not None and self.headers.get("Authorization") != wanted:
                    return self._json(
                        401, {"error": {"message": "Incorrect API key", "code": "invalid_api_key"}}
                    )
                if server.delay:
                    time.sleep(server.delay)
                if self.path.endswith("/embeddings"):
                    return self._embeddings(body)
                if body.get("stream"):
                    return self._stream(body)
                return self._json(200, _completion(body, server.reply))

            def _embeddings(self, body: dict[str, Any]) -> None:
                if server.models is not None and body.get("model") not in server.models:
                    return self._json(404, {"error": {"message": "model not found"}})
                texts = body["input"] if isinstance(body["input"], list) else [body["input"]]
                dim = server.dim
                if server.wrong_dim_after is not None:
                    served = sum(1 for r in server.requests if "input" in r)
                    if served > server.wrong_dim_after:
                        dim += 8
                data = [
                    {"object": "embedding", "index": i, "embedding": embed(t, dim)}
                    for i, t in enumerate(texts)
                ]
                return self._json(200, {"object": "list", "data": data, "model": body["model"]})

            def _json(self, status: int, data: dict[str, Any]) -> None:
                raw = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def _stream(self, body: dict[str, Any]) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                text = server.reply
                pieces = [text[i : i + 8] for i in range(0, len(text), 8)]
                for i, piece in enumerate(["", *pieces]):
                    delta = (
                        {"role": "assistant", "content": piece} if i == 0 else {"content": piece}
                    )
                    self._event(_chunk(body, delta, None))
                self._event(_chunk(body, {}, "stop"))
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
                self.close_connection = True

            def _event(self, data: dict[str, Any]) -> None:
                self.wfile.write(f"data: {json.dumps(data, ensure_ascii=False)}\n\n".encode())
                self.wfile.flush()

        return Handler


def embed(text: str, dim: int) -> list[float]:
    """Characters and character pairs hashed into ``dim`` signed buckets."""
    vec = [0.0] * dim
    vec[0] = 0.01  # never the zero vector
    grams = list(text) + [text[i : i + 2] for i in range(len(text) - 1)]
    for gram in grams:
        if gram.isspace():
            continue
        h = int.from_bytes(hashlib.md5(gram.encode()).digest()[:4], "big")
        vec[h % dim] += 1.0 if h & 1 << 31 else -1.0
    return vec


def _completion(body: dict[str, Any], text: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "test"),
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _chunk(body: dict[str, Any], delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": body.get("model", "test"),
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
