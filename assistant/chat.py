"""ChatService: the one use case every adapter calls. Question in, grounded answer with sources out."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.answer import compose
from assistant.components import Components
from assistant.generation import SessionRetriever, grounded_engine
from assistant.language import SUPPORTED, base_language, detect_language_with_confidence, phrase, telling_words
from assistant.lexical import language_votes
from assistant.products import mentioned_products, mentioned_session
from assistant.retrieval import Hit, Retrieval, Retriever
from assistant.schemas import ChatResponse, Filters, Source, Timings, Turn
from assistant.store import IndexProblem, reachable, revision
from assistant.terms import STOPWORDS, overlap, terms

if TYPE_CHECKING:
    from llama_index.core.llms import LLM

log = logging.getLogger(__name__)
EXTRACTIVE = "extractive"

SURE_LANGUAGE = 0.8  # lingua's confidence above which the corpus vocabulary is not consulted
SHORT_MESSAGE_WORDS = 4  # only this short a message asks the corpus vocabulary for its language
# Another session is cited next to the main one only when it matches (almost) as well.
SECOND_SESSION_MARGIN = 0.015


def source(hit: Hit) -> Source:
    m = hit.meta
    return Source(
        doc_id=str(m.get("doc_id", "")),
        title=str(m.get("title", "")),
        section=str(m.get("section", "")),
        language=hit.language,
        solution=str(m.get("solution", "")),
        jira=str(m.get("jira", "")),
        url=str(m.get("video_url", "")),
        path=str(m.get("source_path", "")),
        score=round(hit.score, 4),
    )


def scoped(hits: list[Hit], message: str, session_groups: set[str] | None = None) -> list[Hit]:
    """A question that names a product (AJO, CJA, Content Supply Chain) or a session ("session 4") is
    answered from it, when the hits include it."""
    products = mentioned_products(message)
    if products:
        hits = [h for h in hits if h.meta.get("solution") in products] or hits
    if session_groups is not None:
        hits = [h for h in hits if h.group in session_groups] or hits
    return hits


FOLLOW_UP_START = re.compile(r"^\s*(och|men|and|but|und|aber|e|ma|et|mais|y|pero|en|maar)\b", re.IGNORECASE)
FOLLOW_UP_WORDS = re.compile(
    r"\b(dem|dessa|den|det|them|they|those|these|it|that|ihnen|diese|davon|dafür|loro|questi|quelli|esso|"
    r"eux|ils|ceux|ellos|estos|eles|deles|hen|ze|die)\b|"
    r"\b(sista|första|last|first|letzte|erste|ultim[oa]|prim[oa]|dernier|première|último|primer[oa]?|laatste)\b",
    re.IGNORECASE,
)


def is_follow_up(message: str) -> bool:
    """Leans on the conversation: starts with 'and …' or points back ('them', 'the last one')."""
    return bool(FOLLOW_UP_START.search(message) or FOLLOW_UP_WORDS.search(message))


def own_words(message: str) -> list[str]:
    """Topic words of a message: no question words, conjunctions or pointers back."""
    words = re.findall(r"[^\W\d_]+", message.lower())
    return [
        w for w in words
        if len(w) > 2 and w not in STOPWORDS and not FOLLOW_UP_WORDS.fullmatch(w) and not FOLLOW_UP_START.match(w)
    ]  # fmt: skip


def previous_question(history: list[Turn]) -> str | None:
    return next((t.content for t in reversed(history) if t.role == "user"), None)


def searchable_text(hit: Hit) -> str:
    return f"{hit.meta.get('title', '')}\n{hit.meta.get('section', '')}\n{hit.node.get_content()}"


@dataclass
class Evidence:
    hits: list[Hit]  # what the answer may use, one per section, best first
    timings_ms: dict[str, float]
    query: str  # what was searched: the message, or a follow-up with the previous question's words
    question_language: str


@dataclass
class Delta:
    """A piece of answer text, as it becomes available."""

    text: str


def pieces(answer: str, words_per_piece: int = 3) -> Iterator[str]:
    """The extractive answer is ready at once; stream it in word groups so clients render progressively."""
    tokens = re.findall(r"\s*\S+", answer)
    for start in range(0, len(tokens), words_per_piece):
        yield "".join(tokens[start : start + words_per_piece])


class ChatService:
    def __init__(self, components: Components) -> None:
        self.components = components
        self.settings = components.settings
        self.collection = components.collection()
        self.retriever = Retriever(components, self.collection)
        self._revision = revision(components.client, self.collection.name)
        self._refresh_lock = threading.Lock()
        self.llm = components.llm  # None: answers are extractive
        self._llm_failed_at = -float("inf")

    def refresh(self) -> None:
        """Follow ingestion done elsewhere: when the content revision moved, reopen the index.

        One request builds the new retriever (BM25 included) while the others keep answering with the
        current one; the swap happens only when the new one is complete."""
        current = revision(self.components.client, self.collection.name)
        if current == self._revision or not self._refresh_lock.acquire(blocking=False):
            return
        try:
            self.components.reopen()
            collection = self.components.collection()
            retriever = Retriever(self.components, collection)
            retriever.lexical.get()
            self.collection, self.retriever = collection, retriever
            self._revision = current
        finally:
            self._refresh_lock.release()

    def warm_up(self) -> None:
        """First calls pay for lazy loading (language models, torch kernels); pay it before users do."""
        with reachable(self.settings):  # extractive: a model server's first answer is not ours to pay for
            self.extractive("What is the recommended governance cadence?", [], None, None)

    def retrieve(
        self, message: str, language: str, history: list[Turn], filters: Filters | None
    ) -> tuple[Retrieval, str]:
        """Retrieve for the message, or for a follow-up in the light of the conversation.

        A follow-up ("Och vem av dem ansvarar för rapportering?") stays in the session the previous
        question was about; when it says too little on its own ("and the last stage?"), the previous
        question's words travel with it."""
        where = filters.model_dump() if filters else {}
        previous = previous_question(history)
        if not previous or not is_follow_up(message) or mentioned_products(message):
            return self.retriever.hybrid(message, language, self.settings.top_k, where), message
        context = self.retriever.dense(previous, 1, where)
        scope = dict(where)
        if context.hits and not scope.get("jira"):
            scope["jira"] = str(context.hits[0].meta.get("jira") or "") or None
        query = message if len(own_words(message)) >= 2 else f"{previous}\n{message}"
        found = self.retriever.hybrid(query, language, self.settings.top_k, scope)
        for stage, ms in context.timings_ms.items():
            found.timings_ms[stage] += ms
        return found, query

    def session_groups(self, text: str) -> set[str] | None:
        """Translation groups (jira ids) of the session number the text names, if it names one."""
        number = mentioned_session(text)
        if number is None:
            return None
        # The BM25 index already holds every chunk's metadata in memory: no round trip to Chroma.
        metadatas = self.retriever.lexical.get().metadatas
        return {str(m.get("jira") or m.get("doc_id")) for m in metadatas if m.get("session") == number}

    def relevant(self, hits: list[Hit], question: str, question_language: str) -> list[Hit]:
        """Calibrated out-of-scope gate: a confident match, or a fair match that shares a question word."""
        floor = [h for h in hits if h.score >= self.settings.min_score]
        if not floor or max(h.score for h in floor) >= self.settings.confident_score:
            return floor
        question_terms = set(terms(question, question_language))
        supported = any(overlap(question_terms, terms(searchable_text(h), h.language)) for h in floor)
        return floor if supported else []

    def detect(self, message: str, fallback: str) -> str:
        """lingua, helped on short or mixed messages by which language's pages use the message's words."""
        detected, confidence = detect_language_with_confidence(message)
        words = telling_words(message)
        if (detected and confidence >= SURE_LANGUAGE) or len(words.split()) > SHORT_MESSAGE_WORDS:
            return detected or fallback
        votes = language_votes(self.retriever.lexical.get(), words)
        ranked = sorted(votes.items(), key=lambda kv: -kv[1])
        if ranked and ranked[0][0] in SUPPORTED and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            return ranked[0][0]
        return detected or fallback

    def resolve_language(self, message: str, history: list[Turn], language: str | None) -> str:
        if language:
            return base_language(language)
        previous = previous_question(history)
        fallback = self.detect(previous, self.settings.default_language) if previous else None
        return self.detect(message, fallback or self.settings.default_language)

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
        """Answer text in pieces as it is written, then the complete response (sources, language, timings)."""
        history = history or []
        with reachable(self.settings):
            self.refresh()
            if self.llm is None or self.llm_resting():
                yield from spoken(self.extractive(message, history, language, filters))
            else:
                yield from self.generate(self.llm, message, history, language, filters)

    def evidence(
        self, message: str, asker: str, history: list[Turn], language: str | None, filters: Filters | None
    ) -> Evidence:
        """Retrieval, product and session scoping, the out-of-scope gate, then one hit per section."""
        question_language = asker if not language else self.detect(message, asker)
        found, query = self.retrieve(message, question_language, history, filters)
        relevant = self.relevant(scoped(found.hits, query, self.session_groups(query)), query, question_language)
        selected = self.retriever.select(relevant, asker, self.settings.max_sources)
        return Evidence(selected, found.timings_ms, query, question_language)

    def extractive(
        self, message: str, history: list[Turn], language: str | None, filters: Filters | None
    ) -> ChatResponse:
        started = time.perf_counter()
        asker = self.resolve_language(message, history, language)
        evidence = self.evidence(message, asker, history, language, filters)
        composed_at = time.perf_counter()
        if evidence.hits:
            composition = compose(
                message, evidence.hits, asker, evidence.question_language, SECOND_SESSION_MARGIN, context=evidence.query
            )
            answer, grounded = composition.answer, True
            ordered = composition.used + [h for h in evidence.hits if h not in composition.used]
        else:
            answer, grounded, ordered = phrase("no_coverage", asker), False, []
        timings = elapsed(evidence.timings_ms, started, composed_at)
        return respond(answer, asker, grounded, ordered, timings, EXTRACTIVE)

    def generate(
        self, llm: LLM, message: str, history: list[Turn], language: str | None, filters: Filters | None
    ) -> Iterator[Delta | ChatResponse]:
        """The model's answer token by token; the extractive answer when the model server fails."""
        started = time.perf_counter()
        asker = self.resolve_language(message, history, language)
        retriever = SessionRetriever(lambda query: self.model_evidence(query, asker, history, language, filters))
        engine = grounded_engine(llm, retriever, history, asker)
        written = ""
        try:
            tokens = engine.stream_answer(message)
            writing_at = time.perf_counter()
            for token in filter(None, tokens):  # servers send empty role and stop chunks
                written += token
                yield Delta(token)
            if retriever.passages.hits and not written.strip():
                raise ValueError("the model returned an empty answer")
        except IndexProblem:
            raise
        except Exception as exc:  # whatever the server or its client did wrong, the asker gets an answer
            self._llm_failed_at = time.monotonic()
            log.warning(
                "LLM %s at %s failed (%s: %s); answering extractively for the next %g s",
                self.settings.llm_model, self.settings.llm_url, type(exc).__name__, exc, self.settings.llm_retry_after,
            )  # fmt: skip
            yield from self.after_failure(written, self.extractive(message, history, language, filters))
            return
        passages = retriever.passages
        timings = elapsed(passages.timings_ms, started, writing_at)
        if not passages.hits:  # out of scope: said plainly, in the fixed phrase, not left to the model
            yield from spoken(respond(phrase("no_coverage", asker), asker, False, [], timings, EXTRACTIVE))
            return
        yield respond(written, asker, True, passages.hits, timings, self.settings.answerer)

    def llm_resting(self) -> bool:
        """Just after a failure the server is left alone: a hung server would otherwise cost every asker
        the whole timeout."""
        return time.monotonic() - self._llm_failed_at < self.settings.llm_retry_after

    def model_evidence(
        self, query: str, asker: str, history: list[Turn], language: str | None, filters: Filters | None
    ) -> tuple[list[Hit], dict[str, float]]:
        """The passages for the model: the same pipeline as extractive answers, for the condensed question."""
        # Inside the engine, where generate() takes any error for the model's: name an index failure here.
        with reachable(self.settings):
            evidence = self.evidence(query, asker, history, language, filters)
        return evidence.hits, evidence.timings_ms

    @staticmethod
    def after_failure(written: str, fallback: ChatResponse) -> Iterator[Delta | ChatResponse]:
        """The extractive answer; after a rule when the model had already streamed part of its own."""
        if not written:
            yield from spoken(fallback)
            return
        rest = f"\n\n---\n\n{fallback.answer}"
        yield Delta(rest)
        yield fallback.model_copy(update={"answer": written + rest})


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
    sources = [source(h) for h in hits]
    return ChatResponse(
        answer=answer, language=language, grounded=grounded, sources=sources, timings_ms=timings, answerer=answerer
    )


def spoken(response: ChatResponse) -> Iterator[Delta | ChatResponse]:
    """A finished answer, streamed in pieces and then whole."""
    for piece in pieces(response.answer):
        yield Delta(piece)
    yield response
