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
    failed: list[str] = field(default_factory=list)


def load_cases(path: Path) -> list[Case]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Case(**item) for item in data]


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


def summarize(results: list[CaseResult]) -> Summary:
    in_scope = [r for r in results if r.expected is not None]
    out = [r for r in results if r.expected is None]
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
        failed=[r.id for r in results if not r.passed],
    )


def evaluate(chat: ChatService, cases: list[Case]) -> tuple[list[CaseResult], Summary]:
    results = [run_case(chat, case) for case in cases]
    return results, summarize(results)


def report(results: list[CaseResult], summary: Summary) -> dict:
    return {"summary": asdict(summary), "cases": [asdict(r) | {"passed": r.passed} for r in results]}
