"""The MCP server through the SDK's own client: over stdio against `session-assistant mcp`, and over
streamable HTTP against the served app's /mcp, on the real model and a real index of corpus/."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import anyio
import httpx2
import pytest
from mcp import Client, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError

from assistant.citations import cited_numbers
from tests.conftest import ROOT, serving

SWEDISH = "Vilka är de tre stegen i teamutvecklingen?"
TOOLS = {"ask", "search", "list_sessions"}


def stdio_server(components) -> StdioServerParameters:
    settings = components.settings
    env = dict(os.environ, SESSION_ASSISTANT_DATA_DIR=str(settings.data_dir))
    env["SESSION_ASSISTANT_CACHE_DIR"] = str(settings.cache_dir)
    command = Path(sys.executable).parent / "session-assistant"  # the installed command, as clients launch it
    return StdioServerParameters(command=str(command), args=["mcp"], env=env, cwd=str(ROOT))


async def error_text(client: Client, tool: str, arguments: dict) -> str:
    result = await client.call_tool(tool, arguments)
    assert result.is_error, f"{tool}({arguments}) succeeded"
    return result.content[0].text


async def every_tool_and_a_resource(client: Client) -> dict:
    """Every tool, the resource list and one page; returns what a later check compares."""
    tools = {t.name: t for t in (await client.list_tools()).tools}
    assert set(tools) >= TOOLS
    for tool in TOOLS:  # written for a model to read: the tool and each argument are described
        assert tools[tool].description and tools[tool].output_schema
        assert all(p.get("description") for p in tools[tool].input_schema["properties"].values())

    asked = await client.call_tool("ask", {"question": SWEDISH})
    answer = asked.structured_content
    assert not asked.is_error and answer["language"] == "sv" and answer["grounded"]
    assert answer["answer"].startswith("Enligt sessionen") and "Inkubera" in answer["answer"]
    assert [s["n"] for s in answer["sources"]] == list(range(1, len(answer["sources"]) + 1))
    assert answer["sources"][0]["jira"] == "KT-19551" and answer["sources"][0]["id"]
    cited = cited_numbers(answer["answer"])
    assert cited and set(cited) <= {s["n"] for s in answer["sources"]}

    found = await client.call_tool("search", {"query": "governance cadence", "k": 3, "language": "de"})
    passages = found.structured_content["passages"]
    assert len(passages) == 3 and {p["language"] for p in passages} == {"de"}
    assert "Governance" in passages[0]["text"] and passages[0]["score"] > 0.7

    cja = (await client.call_tool("list_sessions", {"product": "CJA"})).structured_content["sessions"]
    assert [s["jira"] for s in cja] == ["KT-18694"] and cja[0]["solution"] == "Customer Journey Analytics"
    everything = (await client.call_tool("list_sessions", {})).structured_content["sessions"]
    ajo = next(s for s in everything if s["jira"] == "KT-19551")
    assert sorted(ajo["languages"]) == ["de", "en", "it", "sv"]

    listed = [str(r.uri) for r in (await client.list_resources()).resources]
    assert "session://KT-19551/sv" in listed and "session://KT-18694/sv" in listed
    page = (await client.read_resource("session://KT-19551/de")).contents[0].text
    assert page.startswith("---\ntitle: ") and "jira: KT-19551" in page and "\n## " in page
    assert "Governance-Kadenz" in page

    # Mistakes are tool errors with one clear sentence, and the server goes on answering.
    assert "question: must not be empty" in await error_text(client, "ask", {"question": "  "})
    assert "unknown language code 'xx'" in await error_text(client, "ask", {"question": SWEDISH, "language": "xx"})
    unknown = await error_text(client, "search", {"query": "roles", "product": "Photoshop"})
    assert "unknown product 'Photoshop'" in unknown
    assert "k: " in await error_text(client, "search", {"query": "roles", "k": 0})
    with pytest.raises(MCPError, match="no page for session 'KT-0'"):
        await client.read_resource("session://KT-0/sv")
    again = await client.call_tool("ask", {"question": "Wer verantwortet die Governance?", "product": "AJO"})
    assert not again.is_error and again.structured_content["language"] == "de"
    return answer


def test_stdio_serves_every_tool_and_the_pages(corpus_index):
    async def scenario() -> None:
        async with Client(stdio_server(corpus_index), read_timeout_seconds=180) as client:
            await every_tool_and_a_resource(client)

    anyio.run(scenario)


@pytest.fixture(scope="module")
def served(corpus_index):
    with serving(corpus_index) as url:
        yield url


def test_http_without_a_key(served):
    async def scenario() -> None:
        async with Client(f"{served}/mcp") as client:
            await every_tool_and_a_resource(client)

    anyio.run(scenario)


def keyed_client(url: str, key: str | None, statuses: list[int] | None = None) -> Client:
    """A client sending this key; the HTTP statuses it gets are appended to `statuses`."""

    async def record(response: httpx2.Response) -> None:
        if statuses is not None:
            statuses.append(response.status_code)

    headers = {"authorization": f"Bearer {key}"} if key else {}
    http = httpx2.AsyncClient(headers=headers, event_hooks={"response": [record]})
    return Client(streamable_http_client(f"{url}/mcp", http_client=http))


def test_http_behind_the_api_key(served, corpus_index, monkeypatch):
    monkeypatch.setattr(corpus_index.settings, "api_key", "s3cret")

    async def refused(key: str | None) -> None:
        statuses: list[int] = []
        with pytest.raises(Exception):  # noqa: B017  # the SDK wraps the refusal in its own errors
            async with keyed_client(served, key, statuses) as client:
                await client.list_tools()
        assert statuses and set(statuses) == {401}

    async def scenario() -> None:
        await refused(None)
        await refused("wrong")
        async with keyed_client(served, "s3cret") as client:
            answer = (await client.call_tool("ask", {"question": SWEDISH})).structured_content
            assert answer["language"] == "sv" and answer["sources"]

    anyio.run(scenario)
    r = httpx2.post(f"{served}/mcp", json={}, headers={"accept": "application/json, text/event-stream"})
    assert r.status_code == 401 and r.json()["error"]


def test_an_index_that_is_not_there_is_a_tool_error_not_a_crash(fresh_components, tmp_path):
    from assistant.mcp_server import build_mcp
    from assistant.runtime import Runtime

    components = fresh_components(data_dir=tmp_path / "empty")  # nothing ingested here
    runtime = Runtime(components.settings, components)
    runtime.start(background=True)

    async def scenario() -> None:
        async with Client(build_mcp(runtime)) as client:  # the SDK's in-process connection
            for tool, arguments in (("ask", {"question": SWEDISH}), ("search", {"query": "roles"}),
                                    ("list_sessions", {})):  # fmt: skip
                message = await error_text(client, tool, arguments)
                assert "session-assistant ingest" in message or "index" in message.lower(), message
            with pytest.raises(MCPError):
                await client.list_resources()
            assert (await client.list_tools()).tools  # still serving

    try:
        anyio.run(scenario)
    finally:
        runtime.stop()
