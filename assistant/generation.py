"""Generative answers: LlamaIndex's condense-plus-context chat engine over our retrieval, with an LLM server.

The engine condenses a follow-up into a standalone question, retrieves with our pipeline (hybrid search,
scoping, out-of-scope gate, translation-group selection) through `SessionRetriever`, and asks the model to
answer from the numbered passages only, in the asker's language."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.base.response.schema import StreamingResponse
from llama_index.core.chat_engine import CondensePlusContextChatEngine
from llama_index.core.llms import LLM, ChatMessage, MessageRole
from llama_index.core.memory import ChatMemoryBuffer
from llama_index.core.prompts import PromptTemplate
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from assistant.citations import citation
from assistant.evidence import Evidence, EvidenceFinder, Question
from assistant.retrieval import Hit
from assistant.schemas import Turn
from assistant.store import reachable
from ingest.language import language_name
from ingest.metadata import ChunkMeta

CONDENSE_PROMPT = """\
Rewrite the user's last message as one standalone question that can be understood without the \
conversation: name the session, product or list it refers to. Keep the language of the last message. \
Reply with the question only.

Conversation:
{chat_history}

Last message: {question}
Standalone question:"""

# The engine appends the system prompt (the language instruction) to this text.
CONTEXT_PROMPT = """\
You are Session Assistant. You answer questions about Adobe's customer success webinar sessions \
(Journey Optimizer, Customer Journey Analytics, Content Supply Chain) using only the numbered context \
passages below.

Context passages:
{context_str}

Rules:
- Use only facts stated in the passages; add nothing from your own knowledge.
- Cite the passages you use by number in square brackets, like [1] or [2][3].
- If the passages do not contain the answer, say so plainly in one sentence and do not guess.
- Be concise: a short paragraph, or a list when the passages give one.

The question, made standalone from the conversation: {standalone}

"""


def language_instruction(language: str) -> str:
    english, native = language_name(language, "en"), language_name(language, language)
    own = f" ({native})" if native != english else ""
    return (
        f"Write your whole answer in {english}{own}, even where the passages are in another language: "
        "translate what you use from them."
    )


def instructions(language: str) -> str:
    """Every instruction the model is given (without passages or questions): an answer that repeats
    these is the prompt echoed back, not an answer (assistant.guard)."""
    context = CONTEXT_PROMPT.replace("{context_str}", "").replace("{standalone}", "")
    condense = CONDENSE_PROMPT.replace("{chat_history}", "").replace("{question}", "")
    return "\n".join((context, condense, language_instruction(language)))


def passage_text(number: int, hit: Hit) -> str:
    """ "[1] Title › Section (sv)", the session's own facts when its page gives them (a model asked who the
    session is for or how long it is must see them, as the extractive answer does), then the text."""
    facts = passage_facts(hit.meta)
    return (
        f"{citation(number)} {hit.meta.heading} ({hit.language})\n"
        + (f"{facts}\n" if facts else "")
        + (hit.node.get_content())
    )


def passage_facts(meta: ChunkMeta) -> str:
    """The page's facts about its session, for the model (assistant.answer.session_facts says them)."""
    recording = ", ".join(filter(None, (f"{meta.minutes} min" if meta.minutes else "", meta.video_url)))
    facts = (("For", meta.role), ("Level", meta.level), ("Recording", recording))
    return " · ".join(f"{name}: {value}" for name, value in facts if value)


def chat_messages(history: list[Turn]) -> list[ChatMessage]:
    roles = {"user": MessageRole.USER, "assistant": MessageRole.ASSISTANT}
    return [ChatMessage(role=roles[t.role], content=t.content) for t in history]


@dataclass
class Passages:
    """What the retriever handed the model: the response's sources, in passage-number order."""

    hits: list[Hit] = field(default_factory=list)
    query: str = ""
    timings_ms: dict[str, float] = field(default_factory=dict)
    evidence: Evidence | None = None  # and why there are none, when there are none


class SessionRetriever(BaseRetriever):
    """Our evidence pipeline behind LlamaIndex's retriever interface, so the chat engine uses it: the
    engine's (condensed) question goes through the same steps as an extractive answer's.

    Passages are numbered in their text, so the model can cite [1], [2] and the sources match."""

    def __init__(self, finder: EvidenceFinder, question: Question, asker: str) -> None:
        super().__init__()
        self.finder = finder
        self.question = question
        self.asker = asker
        self.passages = Passages()

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        # Inside the engine, where the caller takes any error for the model's: name an index failure here.
        with reachable(self.finder.settings):
            evidence = self.finder.find(self.question.with_message(query_bundle.query_str), self.asker)
            if not evidence.hits and query_bundle.query_str != self.question.message:
                # A model's standalone question can lose what the asker's own words find (a small model
                # rewrites badly): our own follow-up resolution on the message as sent decides then.
                evidence = self.finder.find(self.question, self.asker)
        hits = evidence.hits
        self.passages = Passages(hits, query_bundle.query_str, evidence.timings_ms, evidence)
        return [
            NodeWithScore(node=TextNode(id_=h.node.node_id, text=passage_text(i, h)), score=h.score)
            for i, h in enumerate(hits, 1)
        ]


class GroundedChatEngine(CondensePlusContextChatEngine):
    def stream_answer(self, message: str) -> Iterator[str]:
        """Condense, retrieve, then the model's tokens as they arrive, in this thread.

        Not `stream_chat()`: it relays tokens through a thread and a queue polled with `time.sleep(0)`,
        which spins a core while a slow model thinks, and a server error there escapes as a thread
        traceback; a failure must reach the caller, which falls back to the extractive answer."""
        synthesizer, _, nodes = self._run_c3(message, streaming=True)  # the history is in the memory
        if not nodes:
            return iter(())  # nothing relevant: the caller answers that plainly, without the model
        response = synthesizer.synthesize(message, nodes)
        if not isinstance(response, StreamingResponse):
            raise TypeError(f"expected a streaming response, got {type(response).__name__}")
        return response.response_gen


def grounded_engine(llm: LLM, retriever: SessionRetriever, history: list[Turn], language: str) -> GroundedChatEngine:
    """A chat engine for one request: its memory is the request's history, its instruction the language."""
    context = PromptTemplate(CONTEXT_PROMPT, function_mappings={"standalone": lambda **_: retriever.passages.query})
    token_limit = llm.metadata.context_window // 2  # the other half: instructions, passages and the answer
    return GroundedChatEngine(
        retriever=retriever,
        llm=llm,
        memory=ChatMemoryBuffer.from_defaults(chat_history=chat_messages(history), token_limit=token_limit),
        context_prompt=context,
        condense_prompt=PromptTemplate(CONDENSE_PROMPT),
        system_prompt=language_instruction(language),
    )
