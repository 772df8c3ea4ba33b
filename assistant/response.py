"""Building a ChatResponse: sources from hits, stage timings, and the answer as a stream of pieces."""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass

from assistant.citations import uncited
from assistant.retrieval import Hit
from assistant.schemas import ChatResponse, Source, Timings


@dataclass
class Delta:
    """A piece of answer text, as it becomes available."""

    text: str


def source(hit: Hit, n: int) -> Source:
    m = hit.meta
    return Source(
        id=hit.node.node_id,
        n=n,
        doc_id=m.doc_id,
        title=m.title,
        section=m.section,
        language=hit.language,
        solution=m.solution,
        jira=m.jira,
        url=at_time(m.video_url, m.start_seconds),
        path=m.source_path,
        score=round(hit.score, 4),
        start_seconds=m.start_seconds,
        overview=m.overview,
    )


def at_time(url: str, seconds: float | None) -> str:
    """The recording's link, opened where a transcript passage starts (a W3C media fragment)."""
    if not url or seconds is None:
        return url
    return f"{url.split('#', 1)[0]}#t={int(seconds)}"


def pieces(answer: str, words_per_piece: int = 3) -> Iterator[str]:
    """The extractive answer is ready at once; stream it in word groups so clients render progressively."""
    tokens = re.findall(r"\s*\S+", answer)
    for start in range(0, len(tokens), words_per_piece):
        yield "".join(tokens[start : start + words_per_piece])


def after_failure(written: str, fallback: ChatResponse) -> Iterator[Delta | ChatResponse]:
    """The extractive answer; after a rule when the model had already streamed part of its own.

    The model's part cited the passages it was given, which are not the fallback's sources: in the final
    answer its citations are dropped, so every [n] there points to a listed source."""
    if not written:
        yield from spoken(fallback)
        return
    rest = f"\n\n---\n\n{fallback.answer}"
    yield Delta(rest)
    yield fallback.model_copy(update={"answer": uncited(written) + rest})


def elapsed(retrieval_ms: dict[str, float], started: float, writing_at: float) -> Timings:
    """Retrieval's own stage timings, then writing (composition or generation) and the total, until now."""
    done = time.perf_counter()
    return Timings(
        embed=round(retrieval_ms.get("embed", 0.0), 2),
        retrieve=round(retrieval_ms.get("retrieve", 0.0), 2),
        compose=round((done - writing_at) * 1000, 2),
        total=round((done - started) * 1000, 2),
    )


def respond(
    answer: str, language: str, grounded: bool, hits: list[Hit], timings: Timings, answerer: str
) -> ChatResponse:
    sources = [source(h, n) for n, h in enumerate(hits, 1)]
    return ChatResponse(
        answer=answer, language=language, grounded=grounded, sources=sources, timings_ms=timings, answerer=answerer
    )


def noted(stream: Iterator[Delta | ChatResponse], note: str) -> Iterator[Delta | ChatResponse]:
    """The stream with a note before the answer, in its pieces and in the whole. The answer's first piece is
    read before the note is sent: what fails in answering fails before anything was sent, as without a note
    (ChatService.stream retries then)."""
    first = next(stream)
    yield Delta(f"{note}\n\n")
    for item in itertools.chain([first], stream):
        yield item.model_copy(update={"answer": f"{note}\n\n{item.answer}"}) if isinstance(item, ChatResponse) else item


def spoken(response: ChatResponse) -> Iterator[Delta | ChatResponse]:
    """A finished answer, streamed in pieces and then whole."""
    for piece in pieces(response.answer):
        yield Delta(piece)
    yield response
