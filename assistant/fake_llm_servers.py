"""Small loopback model servers for tests: the OpenAI chat-completions and Ollama /api/chat wire formats.

No generative model can run here, so these stand in for Ollama, llama.cpp's server, vLLM and the like.
They speak the real protocols (JSON bodies, SSE `data:` chunks ending in `[DONE]`, Ollama's NDJSON lines,
chunked transfer encoding) and reply with text derived from the prompt they receive (`derived_reply`),
so a test can tell from the answer what the model was given. Every request body is recorded."""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

PASSAGE = re.compile(r"^\[(\d+)\] [^\n]*\n([^\n]+)", re.MULTILINE)
LAST_MESSAGE = re.compile(r"^Last message: (.+)$", re.MULTILINE)
FIRST_USER_TURN = re.compile(r"^user: (.+)$", re.MULTILINE)


def prompt_text(messages: list[dict]) -> str:
    return "\n".join(str(m.get("content") or "") for m in messages)


def derived_reply(messages: list[dict]) -> str:
    """An answer prompt (numbered passages) gets the start of each passage with its citation; a rewriting
    prompt (condense) gets the last message together with the conversation's first question."""
    prompt = prompt_text(messages)
    passages = PASSAGE.findall(prompt)
    if passages:
        return " ".join(f"{' '.join(body.split()[:8])} [{n}]." for n, body in passages)
    last = LAST_MESSAGE.search(prompt)
    first = FIRST_USER_TURN.search(prompt)
    if last and first:
        return f"{last.group(1).strip()} (standalone: {first.group(1).strip()})"
    return messages[-1].get("content", "") if messages else ""


def tokens(text: str) -> list[str]:
    return re.findall(r"\s*\S+", text) or [""]


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that gave up (timeout tests) leaves a broken pipe here: expected, not news


class FakeModelServer:
    """`flavour` picks the protocol. `status`, `delay` and `break_after` make it fail like real servers do."""

    def __init__(self, flavour: Literal["openai", "ollama"], model: str = "fake-model") -> None:
        self.flavour = flavour
        self.model = model
        self.requests: list[dict[str, Any]] = []
        self.status = 200  # anything else: an error body with this status
        self.delay = 0.0  # seconds before the response starts
        self.break_after: int | None = None  # drop the connection after this many streamed tokens
        self.token_delay = 0.0  # seconds between streamed chunks, as a model writing
        self.busy = 0  # requests being answered now, and the most at once
        self.most_at_once = 0
        self._count = threading.Lock()
        self._server = QuietServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        root = f"http://127.0.0.1:{self._server.server_address[1]}"
        return f"{root}/v1" if self.flavour == "openai" else root

    def __enter__(self) -> FakeModelServer:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reset(self) -> None:
        self.requests.clear()
        self.status, self.delay, self.break_after, self.token_delay = 200, 0.0, None, 0.0
        self.most_at_once = 0

    def prompts(self) -> list[str]:
        return [prompt_text(r["messages"]) for r in self.requests]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_: Any) -> None:  # quiet test output
                pass

            def do_GET(self) -> None:
                if self.path.rstrip("/") in ("/v1/models", "/api/tags"):
                    models = {"object": "list", "data": [{"id": fake.model, "object": "model", "owned_by": "test"}]}
                    tags = {"models": [{"name": fake.model, "model": fake.model}]}
                    self.json(200, models if self.path.startswith("/v1") else tags)
                elif self.path == "/api/version":
                    self.json(200, {"version": "0.12.0"})
                else:
                    self.json(404, {"error": "not found"})

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))) or b"{}")
                expected = "/v1/chat/completions" if fake.flavour == "openai" else "/api/chat"
                if self.path != expected:
                    self.json(404, {"error": f"no route {self.path}"})
                    return
                fake.requests.append(body | {"_headers": dict(self.headers)})
                with fake._count:
                    fake.busy += 1
                    fake.most_at_once = max(fake.most_at_once, fake.busy)
                try:
                    self.answer(body)
                finally:
                    with fake._count:
                        fake.busy -= 1

            def answer(self, body: dict) -> None:
                time.sleep(fake.delay)
                if fake.status != 200:
                    message = "model crashed (test)"
                    error = {"error": {"message": message, "type": "server_error", "code": None}}
                    self.json(fake.status, error if fake.flavour == "openai" else {"error": message})
                    return
                text = derived_reply(body.get("messages", []))
                if body.get("stream", fake.flavour == "ollama"):  # Ollama streams unless told not to
                    self.stream(text)
                else:
                    self.json(200, fake.openai_completion(text) if fake.flavour == "openai" else fake.ollama_done(text))

            def json(self, status: int, data: dict) -> None:
                payload = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def stream(self, text: str) -> None:
                openai = fake.flavour == "openai"
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream" if openai else "application/x-ndjson")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                parts = fake.openai_chunks(text) if openai else fake.ollama_lines(text)
                for i, part in enumerate(parts):
                    if fake.break_after is not None and i > fake.break_after:
                        self.close_connection = True
                        self.wfile.flush()
                        self.connection.shutdown(2)  # mid-stream, without the final chunk
                        return
                    time.sleep(fake.token_delay)
                    self.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
                    self.wfile.flush()
                self.wfile.write(b"0\r\n\r\n")

        return Handler

    # --- the two wire formats ---

    def openai_completion(self, text: str) -> dict:
        message = {"role": "assistant", "content": text}
        used = len(tokens(text))
        return {
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": self.model,
            "choices": [{"index": 0, "message": message, "finish_reason": "stop", "logprobs": None}],
            "usage": {"prompt_tokens": 10, "completion_tokens": used, "total_tokens": 10 + used},
        }

    def openai_chunks(self, text: str) -> list[bytes]:
        def chunk(delta: dict, finish: str | None = None) -> bytes:
            data = {
                "id": "chatcmpl-test",
                "object": "chat.completion.chunk",
                "created": int(time.time()),
                "model": self.model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}],
            }
            return f"data: {json.dumps(data)}\n\n".encode()

        return [
            chunk({"role": "assistant", "content": ""}),
            *(chunk({"content": t}) for t in tokens(text)),
            chunk({}, "stop"),
            b"data: [DONE]\n\n",
        ]

    def ollama_done(self, text: str) -> dict:
        return {
            "model": self.model,
            "created_at": "2026-11-22T10:00:00.000000Z",
            "message": {"role": "assistant", "content": text},
            "done_reason": "stop",
            "done": True,
            "total_duration": 1_000_000,
            "load_duration": 1_000,
            "prompt_eval_count": 10,
            "prompt_eval_duration": 1_000,
            "eval_count": len(tokens(text)),
            "eval_duration": 1_000,
        }

    def ollama_lines(self, text: str) -> list[bytes]:
        def line(data: dict) -> bytes:
            return (json.dumps(data) + "\n").encode()

        partial = [
            {"model": self.model, "created_at": "2026-11-22T10:00:00.000000Z",
             "message": {"role": "assistant", "content": t}, "done": False}
            for t in tokens(text)
        ]  # fmt: skip
        final = self.ollama_done("") | {"message": {"role": "assistant", "content": ""}}
        return [*(line(p) for p in partial), line(final)]
