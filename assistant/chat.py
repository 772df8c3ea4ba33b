"""ChatService: the one use case every adapter calls. Question in, grounded answer with sources out.

The evidence comes from assistant.evidence; this module decides who writes the answer (the extractive
composer, or a model server with the extractive answer as its fallback) and streams it."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

from chromadb.errors import NotFoundError

from assistant.answer import CLOSE_MATCH_MARGIN, compose, literal
from assistant.components import Components
from assistant.errors import IndexProblem, IndexUnavailable
from assistant.evidence import Absent, Evidence, EvidenceFinder, Question
from assistant.generation import SessionRetriever, grounded_engine, instructions
from assistant.guard import DeadlineExceeded, before_deadline, judge
from assistant.index import LiveIndex, View
from assistant.metrics import Metrics
from assistant.phrases import joined, language_list, phrase
from assistant.response import Delta, after_failure, elapsed, noted, respond, spoken
from assistant.retrieval import Hit, Retriever
from assistant.schemas import ChatResponse, Filters, Turn
from assistant.store import reachable
from ingest.language import SUPPORTED

if TYPE_CHECKING:
    from chromadb.api.models.Collection import Collection
    from llama_index.core.llms import LLM

log = logging.getLogger(__name__)
EXTRACTIVE = "extractive"


# Sources beyond the quoted sections are listed only when they match about as well as the best of them.
RELATIVE_SOURCE_MARGIN = 0.02


def cited(used: list[Hit], hits: list[Hit]) -> list[Hit]:
    """The sections the answer quotes, then others that really match: none below the margin, and no
    summary of the session (its overview or agenda) that the answer did not quote."""
    floor = max((h.score for h in used), default=0.0) - RELATIVE_SOURCE_MARGIN
    others = [h for h in hits if h not in used and h.score >= floor and not h.meta.summary]
    return used + others


def absent_line(absent: Absent, asker: str) -> str:
    """ "Keine der Sessions zu Customer Journey Analytics schreibt „Center of Excellence“; die Session **…** schon."
    Worded as what the pages' words show: a page can treat the topic in other words (the Swedish CJA page lists
    "IT, marknadsföring, juridik och säkerhet", never "avdelningar")."""
    return phrase("not_in_product", asker, product=absent.product, topic=absent.topic, session=absent.session)


def not_covered(evidence: Evidence, asker: str) -> str:
    """Out of scope, said plainly; naming what the pages never mention when that is the reason."""
    if evidence.unknown_names:
        return phrase("not_mentioned", asker, names=joined(evidence.unknown_names, asker))
    if evidence.absent:
        return absent_line(evidence.absent, asker)
    if evidence.reply == "greeting":
        return f"{phrase('greeting', asker)} {phrase('help', asker)}"
    if evidence.reply:
        return phrase(evidence.reply, asker)
    return phrase("no_coverage", asker)


class ChatService:
    def __init__(self, components: Components, index: LiveIndex | None = None, metrics: Metrics | None = None) -> None:
        self.components = components
        self.settings = components.settings
        self.metrics = metrics
        self.index = index or LiveIndex(components, metrics.refreshes.inc if metrics else None)
        self.llm = components.llm  # None: answers are extractive
        self._llm_failed_at = -float("inf")

    @property
    def retriever(self) -> Retriever:
        return self.index.view.retriever

    @property
    def collection(self) -> Collection:
        return self.index.view.collection

    def warm_up(self) -> None:
        """First calls pay for lazy loading (language models, torch kernels); pay it before users do."""
        with reachable(self.settings), self.index.use() as view:  # extractive: a model's first answer is not ours
            self.extractive(view, Question("What is the recommended governance cadence?"))

    def answer(
        self,
        message: str,
        history: list[Turn] | None = None,
        language: str | None = None,
        filters: Filters | None = None,
    ) -> ChatResponse:
        *_, response = self.stream(message, history, language, filters)
        return response  # type: ignore[return-value]  # a stream always ends with the response

    def stream(
        self,
        message: str,
        history: list[Turn] | None = None,
        language: str | None = None,
        filters: Filters | None = None,
    ) -> Iterator[Delta | ChatResponse]:
        """Answer text in pieces as it is written, then the complete response (sources, language, timings).

        A rebuild elsewhere may delete the collection this request's view reads: then the view is
        refreshed and the request retried once, before anything was sent."""
        question = Question(message, history or [], language, filters)
        with reachable(self.settings):
            for attempt in (1, 2):
                with self.index.use(force_refresh=attempt == 2) as view:
                    items = self.answers(view, question)
                    try:
                        first = next(items)
                    except NotFoundError as exc:
                        if attempt == 1:
                            continue
                        raise IndexUnavailable(f"The index changed while answering ({exc}). Try again.") from exc
                    yield first
                    for item in items:
                        if isinstance(item, ChatResponse) and self.metrics:
                            self.metrics.answered(item)
                        yield item
                    return

    def answers(self, view: View, question: Question) -> Iterator[Delta | ChatResponse]:
        question = question.restated()
        if self.llm is None or self.llm_resting():
            stream = spoken(self.extractive(view, question))
        else:
            stream = self.generate(view, self.llm, question)
        finder = EvidenceFinder(view.retriever, self.settings)
        if read := finder.read_as(question):  # "waht are the roels…": what was searched for, said first
            stream = noted(stream, phrase("read_as", finder.asker_language(question), question=literal(read)))
        if not question.language and finder.in_another_language(question.message):  # "Jak zbudować zespół AJO?"
            asker = finder.asker_language(question)
            stream = noted(
                stream, phrase("unanswerable_language", asker, languages=language_list(list(SUPPORTED), asker))
            )
        yield from stream

    def extractive(self, view: View, question: Question) -> ChatResponse:
        started = time.perf_counter()
        finder = EvidenceFinder(view.retriever, self.settings)
        asker = finder.asker_language(question)
        evidence = finder.find(question, asker)
        composed_at = time.perf_counter()
        if evidence.hits:
            composition = compose(
                evidence.message, evidence.hits, asker, evidence.question_language, CLOSE_MATCH_MARGIN,
                context=evidence.query, quote=evidence.quote, sessions=evidence.sessions, catalog=evidence.catalog,
                others=evidence.others,
            )  # fmt: skip
            answer, grounded = composition.answer, True
            if evidence.absent:  # the nearest section of the product asked about, after saying it lacks the topic
                answer = f"{absent_line(evidence.absent, asker)}\n\n{answer}"
            ordered = composition.used if composition.exact else cited(composition.used, evidence.hits)
        else:
            answer, grounded, ordered = not_covered(evidence, asker), False, []
        timings = elapsed(evidence.timings_ms, started, composed_at)
        return respond(answer, asker, grounded, ordered, timings, EXTRACTIVE)

    def generate(self, view: View, llm: LLM, question: Question) -> Iterator[Delta | ChatResponse]:
        """The model's answer token by token, within the deadline; the extractive answer when the server
        fails, the deadline passes, or what the model wrote does not read as a grounded answer."""
        started = time.perf_counter()
        finder = EvidenceFinder(view.retriever, self.settings)
        asker = finder.asker_language(question)
        retriever = SessionRetriever(finder, question, asker)
        engine = grounded_engine(llm, retriever, question.history, asker)
        written, writing_at = "", None
        try:
            tokens = before_deadline(
                lambda: engine.stream_answer(question.message), started + self.settings.llm_deadline
            )
            for token in filter(None, tokens):  # servers send empty role and stop chunks
                writing_at = writing_at or time.perf_counter()
                written += token
                yield Delta(token)
            if retriever.passages.hits and not written.strip():
                raise ValueError("the model returned an empty answer")
        except (IndexProblem, NotFoundError):
            raise
        except Exception as exc:  # whatever the server or its client did wrong, the asker gets an answer
            self._llm_failed_at = time.monotonic()
            why = f"did not finish within {self.settings.llm_deadline:g} s" if isinstance(exc, DeadlineExceeded) else (
                f"failed ({type(exc).__name__}: {exc})"
            )  # fmt: skip
            log.warning(
                "LLM %s at %s %s; answering extractively for the next %g s",
                self.settings.llm_model, self.settings.llm_url, why, self.settings.llm_retry_after,
            )  # fmt: skip
            yield from after_failure(written, self.extractive(view, question))
            return
        passages = retriever.passages
        timings = elapsed(passages.timings_ms, started, writing_at or time.perf_counter())
        if not passages.hits:  # out of scope: said plainly, in the fixed phrase, not left to the model
            refusal = not_covered(passages.evidence, asker) if passages.evidence else phrase("no_coverage", asker)
            yield from spoken(respond(refusal, asker, False, [], timings, EXTRACTIVE))
            return
        verdict = judge(written, len(passages.hits), instructions(asker))
        if not verdict.grounded:  # the server works; this answer is not one: no rest for the server
            log.warning("LLM %s answer not used: %s; answering extractively", self.settings.llm_model, verdict.reason)
            yield from after_failure(written, self.extractive(view, question))
            return
        yield respond(written, asker, True, passages.hits, timings, self.settings.answerer)

    def llm_resting(self) -> bool:
        """Just after a failure the server is left alone: a hung server would otherwise cost every asker
        the whole timeout."""
        return time.monotonic() - self._llm_failed_at < self.settings.llm_retry_after
