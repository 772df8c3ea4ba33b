"""One citation shape everywhere: the same question through every surface (the API, its stream, the
OpenAI-compatible route streamed and not, the chat page, the CLI's --json and MCP) gets the same sources,
with the same ids in the same order, and every [n] in the answer points to a listed source."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import anyio
import httpx
import openai
from mcp import Client

from assistant.citations import cited_numbers
from tests.conftest import ROOT, ask_on_page

QUESTION = "Wer verantwortet die Governance?"  # two sources: the quoted section, and one that matches as well


def cited_by(sources: list[dict]) -> list[tuple[str, int]]:
    return [(s["id"], s["n"]) for s in sources]


def points_to_listed_sources(answer: str, sources: list[dict]) -> None:
    cited = cited_numbers(answer)
    assert cited, f"no citation in {answer[:200]!r}"
    assert set(cited) <= {s["n"] for s in sources}


def through_the_api(url: str) -> dict[str, tuple[str, list[dict]]]:
    """Each HTTP surface's (answer, sources)."""
    found: dict[str, tuple[str, list[dict]]] = {}
    plain = httpx.post(f"{url}/api/chat", json={"message": QUESTION}, timeout=60).json()
    found["/api/chat"] = plain["answer"], plain["sources"]
    with httpx.stream("POST", f"{url}/api/chat/stream", json={"message": QUESTION}, timeout=60) as r:
        body = r.read().decode()
    final = next(
        json.loads(line.removeprefix("data: "))
        for block in body.split("\n\n")
        if "event: sources" in block
        for line in block.splitlines()
        if line.startswith("data: ")
    )
    found["/api/chat/stream"] = final["answer"], final["sources"]
    client = openai.OpenAI(base_url=f"{url}/v1", api_key="none", max_retries=0)
    messages = [{"role": "user", "content": QUESTION}]
    completion = client.chat.completions.create(model="session-assistant", messages=messages)
    found["/v1"] = completion.choices[0].message.content, completion.model_extra["sources"]
    chunks = list(client.chat.completions.create(model="session-assistant", messages=messages, stream=True))
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    found["/v1 stream"] = text, chunks[-1].model_extra["sources"]
    return found


def through_mcp(url: str) -> tuple[str, list[dict]]:
    async def ask() -> dict:
        async with Client(f"{url}/mcp") as client:
            return (await client.call_tool("ask", {"question": QUESTION})).structured_content

    with ThreadPoolExecutor(1) as pool:  # Playwright's loop runs in this thread while the browser is open
        answer = pool.submit(anyio.run, ask).result()
    return answer["answer"], answer["sources"]


def through_the_cli(components) -> tuple[str, list[dict]]:
    env = dict(os.environ, SESSION_ASSISTANT_DATA_DIR=str(components.settings.data_dir))
    env["SESSION_ASSISTANT_CACHE_DIR"] = str(components.settings.cache_dir)
    done = subprocess.run(
        [sys.executable, "-m", "ui.cli", "ask", "--json", QUESTION],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    response = json.loads(done.stdout)
    return response["answer"], response["sources"]


def test_every_surface_cites_the_same_sources(live_server, corpus_index, browser, tmp_path):
    surfaces = through_the_api(live_server)
    surfaces["mcp ask"] = through_mcp(live_server)
    surfaces["cli --json"] = through_the_cli(corpus_index)
    answer, sources = surfaces["/api/chat"]
    assert len(sources) >= 2, "the question should have more than one source to put in order"
    assert [s["n"] for s in sources] == list(range(1, len(sources) + 1))
    for name, (text, listed) in surfaces.items():
        assert text == answer, name
        assert cited_by(listed) == cited_by(sources), name
        points_to_listed_sources(text, listed)

    # The page lists the same sources under the same numbers, in the same order.
    page = browser.new_page(viewport={"width": 1200, "height": 1000})
    page.goto(live_server + "/")
    page.wait_for_selector("#question textarea", timeout=60_000)
    shown = ask_on_page(page, QUESTION, "Quellen")
    listed = shown[shown.rindex("Quellen") :]
    positions = [listed.index(f"[{s['n']}] {s['title']}" + ("" if s["overview"] else f" › {s['section']}"))
                 for s in sources]  # fmt: skip
    assert positions == sorted(positions)
    # Each source names its language in that language; no flag emoji (empty boxes without an emoji font).
    assert "· Deutsch" in listed and not any(0x1F1E6 <= ord(c) <= 0x1F1FF for c in shown)
    assert "[1]" in shown[: shown.rindex("Quellen")]  # the answer's own citation
    page.screenshot(path=str(tmp_path / "citations.png"), full_page=True)
