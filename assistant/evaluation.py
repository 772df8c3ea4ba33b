"""Evaluation harness: run question cases through ChatService and score retrieval and answers."""

from __future__ import annotations

import re
import statistics
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, Field

from assistant.chat import ChatService
from assistant.schemas import ChatResponse, Turn
from ingest.language import detect_language


class Case(BaseModel):
    id: str
    question: str
    language: str = Field(description="The language the answer must be in")
    jira: str | None = Field(None, description="Expected session (translation group); null = out of scope")
    source_language: str | None = Field(None, description="Language the first source must be in")
    facts: list[str] = Field(default_factory=list, description="Strings the answer must contain")
    history: list[str] = Field(default_factory=list, description="Earlier user messages of the conversation")
    ask_language: str | None = Field(None, description="Explicit language option, if the case sets one")
    held_out: bool = Field(False, description="Kept out of every tuning loop: reported apart")
    users_words: bool = Field(False, description="Asked as a user asks, without the page's headings or labels")
    batch: str | None = Field(None, description="The batch it was written in (fresh questions): reported apart")


@dataclass
class CaseResult:
    id: str
    question: str
    expected: str | None
    got: list[str]
    rank: int | None
    language_ok: bool
    source_language_ok: bool | None
    fact_recall: float | None
    out_of_scope_ok: bool | None
    latency_ms: float
    answer_language: str
    language: str = ""
    refused: bool | None = None  # an in-scope question answered "not covered"
    answer_chars: int = 0
    held_out: bool = False
    users_words: bool = False
    batch: str | None = None

    @property
    def passed(self) -> bool:
        checks = [self.language_ok, self.source_language_ok, self.out_of_scope_ok]
        fact_ok = self.fact_recall is None or self.fact_recall == 1.0
        hit = self.expected is None or self.rank == 1
        return hit and fact_ok and all(c is not False for c in checks)


@dataclass
class Summary:
    cases: int
    hit_at_1: float
    hit_at_3: float
    mrr: float
    source_language: float
    fact_recall: float
    answer_language: float
    out_of_scope: float
    latency_p50_ms: float
    latency_p95_ms: float
    in_scope_refusals: float = 0.0
    answer_chars_p50: float = 0.0
    failed: list[str] = field(default_factory=list)
    by_language: dict[str, dict[str, float]] = field(default_factory=dict)
    by_session: dict[str, dict[str, float]] = field(default_factory=dict)
    held_out: dict[str, float] = field(default_factory=dict)
    users_words: dict[str, float] = field(default_factory=dict)
    users_words_tuned: dict[str, float] = field(default_factory=dict)
    by_batch: dict[str, dict[str, float]] = field(default_factory=dict)


def load_cases(path: Path) -> list[Case]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    cases = [Case(**item) for item in data]
    if todo := [c.id for c in cases if c.jira == "TODO"]:
        raise ValueError(f"{path}: fill in `jira` (and `facts`) of exported cases first: {', '.join(todo)}")
    return cases


def text_outside_quotes(answer: str) -> str:
    """The answer's own words: no `> ` quotes, no **session titles** or *section names* (proper names)."""
    lines = [line for line in answer.splitlines() if not line.lstrip().startswith(">")]
    return re.sub(r"\*\*[^*]+\*\*|\*[^*]+\*", " ", "\n".join(lines))


def score(case: Case, response: ChatResponse, latency_ms: float) -> CaseResult:
    groups: list[str] = []
    for s in response.sources:
        if s.jira not in groups:
            groups.append(s.jira)
    rank = groups.index(case.jira) + 1 if case.jira in groups else None
    answer_language = detect_language(text_outside_quotes(response.answer), response.language)
    in_scope = case.jira is not None
    return CaseResult(
        id=case.id,
        question=case.question,
        expected=case.jira,
        got=groups[:3],
        rank=rank,
        language_ok=response.language == case.language and answer_language == case.language,
        source_language_ok=(response.sources[0].language == case.source_language)
        if in_scope and case.source_language and response.sources
        else (False if in_scope and case.source_language else None),
        fact_recall=(sum(f in response.answer for f in case.facts) / len(case.facts)) if case.facts else None,
        out_of_scope_ok=None if in_scope else (not response.grounded and not response.sources),
        latency_ms=latency_ms,
        answer_language=answer_language,
        language=case.language,
        refused=(not response.grounded) if in_scope else None,
        answer_chars=len(response.answer),
        held_out=case.held_out,
        users_words=case.users_words,
        batch=case.batch,
    )


def run_case(chat: ChatService, case: Case) -> CaseResult:
    history: list[Turn] = []
    for message in case.history:
        earlier = chat.answer(message, history)
        history += [Turn(role="user", content=message), Turn(role="assistant", content=earlier.answer)]
    response = chat.answer(case.question, history, language=case.ask_language)
    return score(case, response, response.timings_ms.total)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def mean(values: list[float]) -> float:
    return statistics.fmean(values) if values else 1.0


def breakdown(results: list[CaseResult]) -> dict[str, float]:
    """The headline figures of a subset (a language, a session, the held-out cases)."""
    in_scope = [r for r in results if r.expected is not None]
    out = [r for r in results if r.expected is None]
    return {
        "cases": len(results),
        "hit_at_1": round(mean([1.0 if r.rank == 1 else 0.0 for r in in_scope]), 3),
        "fact_recall": round(mean([r.fact_recall for r in in_scope if r.fact_recall is not None]), 3),
        "answer_language": round(mean([1.0 if r.language_ok else 0.0 for r in results]), 3),
        "in_scope_refusals": round(mean([1.0 if r.refused else 0.0 for r in in_scope]) if in_scope else 0.0, 3),
    } | ({"out_of_scope": round(mean([1.0 if r.out_of_scope_ok else 0.0 for r in out]), 3)} if out else {})


def subset(results: list[CaseResult], keep) -> dict[str, float]:
    chosen = [r for r in results if keep(r)]
    return breakdown(chosen) if chosen else {}


def grouped(results: list[CaseResult], key) -> dict[str, dict[str, float]]:
    groups: dict[str, list[CaseResult]] = {}
    for r in results:
        groups.setdefault(key(r), []).append(r)
    return {name: breakdown(members) for name, members in sorted(groups.items())}


def summarize(results: list[CaseResult]) -> Summary:
    in_scope = [r for r in results if r.expected is not None]
    out = [r for r in results if r.expected is None]
    held_out = [r for r in results if r.held_out]
    return Summary(
        cases=len(results),
        hit_at_1=mean([1.0 if r.rank == 1 else 0.0 for r in in_scope]),
        hit_at_3=mean([1.0 if r.rank and r.rank <= 3 else 0.0 for r in in_scope]),
        mrr=mean([1.0 / r.rank if r.rank else 0.0 for r in in_scope]),
        source_language=mean(
            [1.0 if r.source_language_ok else 0.0 for r in in_scope if r.source_language_ok is not None]
        ),
        fact_recall=mean([r.fact_recall for r in in_scope if r.fact_recall is not None]),
        answer_language=mean([1.0 if r.language_ok else 0.0 for r in results]),
        out_of_scope=mean([1.0 if r.out_of_scope_ok else 0.0 for r in out]),
        latency_p50_ms=round(percentile([r.latency_ms for r in results], 0.5), 1),
        latency_p95_ms=round(percentile([r.latency_ms for r in results], 0.95), 1),
        in_scope_refusals=round(mean([1.0 if r.refused else 0.0 for r in in_scope]) if in_scope else 0.0, 3),
        answer_chars_p50=statistics.median([r.answer_chars for r in results if r.refused is False] or [0]),
        failed=[r.id for r in results if not r.passed],
        by_language=grouped(results, lambda r: r.language),
        by_session=grouped(results, lambda r: r.expected or "out of scope"),
        held_out=breakdown(held_out) if held_out else {},
        users_words=subset(results, lambda r: r.users_words),
        users_words_tuned=subset(results, lambda r: r.users_words and not r.held_out),
        by_batch=grouped([r for r in results if r.batch], lambda r: r.batch),
    )


def evaluate(chat: ChatService, cases: list[Case]) -> tuple[list[CaseResult], Summary]:
    results = [run_case(chat, case) for case in cases]
    return results, summarize(results)


def report(results: list[CaseResult], summary: Summary) -> dict:
    return {"summary": asdict(summary), "cases": [asdict(r) | {"passed": r.passed} for r in results]}
