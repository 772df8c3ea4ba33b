"""Which signal chooses the session best? hit@1 of each signal alone, on the series cases not held out.

Held-out cases are skipped entirely, so this script can be run while tuning. Needs an index of the
series (SESSION_ASSISTANT_DATA_DIR, after `session-assistant ingest ../shared/vra-corpus`).

    python bench/session_choice.py [tests/eval/series.yaml]
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from common import ROOT, machine, save

from assistant.chat import ChatService
from assistant.components import Components
from assistant.evaluation import Case, load_cases
from assistant.quotes import compared_in
from assistant.settings import Settings
from assistant.terms import terms
from ingest.products import mentioned_products


@dataclass
class Candidate:
    """What the signals may use about one session, for one question."""

    cosines: np.ndarray  # its units' cosines to the question, in every translation
    hubs: np.ndarray  # those units' cosines to the centre of all units
    languages: np.ndarray  # each unit's language
    place: int | None  # the session's place in the BM25 order, if it is in it
    best_chunk: float  # its best chunk's (section's) cosine
    grams: float  # its closest chunk by word pieces (assistant.grams)
    compared: set[str]  # the languages it is compared in (assistant.quotes.compared_in)


Signal = Callable[[Candidate], float]


def bm25_bonus(place: int | None, weight: float) -> float:
    return 0.0 if place is None else weight / (place + 1)


def per_translation(c: Candidate, combine: Callable[[list[float]], float], languages: set[str] | None = None) -> float:
    """The best unit of each translation (of `languages`, else all), combined: a session in many languages
    has more draws at a high maximum than one in few."""
    wanted = set(c.languages) if languages is None else languages
    return float(combine([float(c.cosines[c.languages == lang].max()) for lang in wanted]))


SIGNALS: dict[str, Signal] = {
    "best unit (raw cosine)": lambda c: float(c.cosines.max()),
    "best unit, hub-corrected": lambda c: float((c.cosines - c.hubs).max()),
    "mean of the best 3 units": lambda c: float(np.sort(c.cosines)[-3:].mean()),
    "BM25 place alone": lambda c: -(c.place if c.place is not None else 99.0),
    "best unit + 0.005 BM25": lambda c: float(c.cosines.max()) + bm25_bonus(c.place, 0.005),
    "best unit + 0.005 BM25 + 0.1 word pieces": lambda c: (
        float(c.cosines.max()) + bm25_bonus(c.place, 0.005) + 0.1 * c.grams
    ),
    "best unit + 0.005 BM25 + 0.2 word pieces": lambda c: (
        float(c.cosines.max()) + bm25_bonus(c.place, 0.005) + 0.2 * c.grams
    ),
    "word pieces alone": lambda c: c.grams,
    "best unit + 0.02 BM25": lambda c: float(c.cosines.max()) + bm25_bonus(c.place, 0.02),
    "best unit + BM25 + 0.3 x best chunk": lambda c: (
        float(c.cosines.max()) + bm25_bonus(c.place, 0.005) + 0.3 * c.best_chunk
    ),
    "best unit + BM25 + 1.0 x best chunk": lambda c: float(c.cosines.max()) + bm25_bonus(c.place, 0.005) + c.best_chunk,
    "mean over translations of their best unit + BM25": lambda c: (
        per_translation(c, np.mean) + bm25_bonus(c.place, 0.005)
    ),
    "mean over translations + 0.005 BM25 + 0.1 word pieces": lambda c: (
        per_translation(c, np.mean) + bm25_bonus(c.place, 0.005) + 0.1 * c.grams
    ),
    "mean over shared languages and the asker's + BM25 + 0.1 word pieces (shipped)": lambda c: (
        per_translation(c, np.mean, c.compared) + bm25_bonus(c.place, 0.005) + 0.1 * c.grams
    ),
    "mean over translations + 0.005 BM25 + 0.2 word pieces": lambda c: (
        per_translation(c, np.mean) + bm25_bonus(c.place, 0.005) + 0.2 * c.grams
    ),
    "soft maximum of the units (t = 0.01) + BM25": lambda c: (
        float(c.cosines.max() + 0.01 * np.log(np.exp((c.cosines - c.cosines.max()) / 0.01).sum()))
        + bm25_bonus(c.place, 0.005)
    ),
}


def main() -> None:
    cases_file = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "eval" / "series.yaml"
    chat = ChatService(Components.build(Settings()))
    chat.warm_up()
    cases: list[Case] = [c for c in load_cases(cases_file) if c.jira and not c.held_out and not c.history]
    retriever = chat.retriever
    resident = retriever.resident
    if resident is None:
        sys.exit("no units in the index: ingest the series first")
    groups = np.array([row.meta.group for row in resident.rows])
    languages = np.array([row.meta.language for row in resident.rows])
    product = {row.meta.group: row.meta.solution for row in resident.rows}
    lexical = retriever.lexical.get()
    group_of = dict(zip(lexical.ids, lexical.groups, strict=True))
    chunks = retriever.collection.get(include=["embeddings"])
    chunk_groups = np.array([group_of.get(i, "") for i in chunks["ids"]])
    chunk_matrix = np.asarray(chunks["embeddings"], dtype=np.float32)
    every = retriever.hits(list(chunks["ids"]), chunk_matrix[0])  # scores unused: pieces only
    right = {name: 0 for name in SIGNALS}
    right_users = {name: 0 for name in SIGNALS}
    for case in cases:
        query = retriever.embed(case.question)
        cosines, chunk_cosines = resident.matrix @ query, chunk_matrix @ query
        named = mentioned_products(case.question)
        candidates = sorted({g for g in groups if not named or product[g] in named}) or sorted(set(groups))
        places: dict[str, int] = {}
        for chunk_id in lexical.search(terms(case.question, case.language), 50):
            places.setdefault(group_of[chunk_id], len(places))
        # Over every chunk of each candidate (answers use the retrieved ones: the same choices on these cases).
        grams = retriever.piece_scores(case.question, [h for h in every if h.group in candidates])
        compared = compared_in({g: set(languages[groups == g]) for g in candidates}, case.language)
        seen = {
            g: Candidate(cosines[groups == g], resident.hubs[groups == g], languages[groups == g], places.get(g),
                         float(chunk_cosines[chunk_groups == g].max(initial=-1.0)), grams.get(g, 0.0), compared[g])
            for g in candidates
        }  # fmt: skip
        for name, signal in SIGNALS.items():
            best = max(candidates, key=lambda g: signal(seen[g]))
            right[name] += best == case.jira
            right_users[name] += best == case.jira and case.users_words
    users = sum(c.users_words for c in cases)
    figures = {
        name: {"hit_at_1": round(right[name] / len(cases), 3), "users_words": round(right_users[name] / users, 3)}
        for name in SIGNALS
    }
    print(f"{len(cases)} tuning cases ({users} in users' words); product named in the question scopes candidates")
    for name, f in figures.items():
        print(f"  {name:80} hit@1 {f['hit_at_1']:.3f}   users' words {f['users_words']:.3f}")
    save("session_choice", {"machine": machine(), "cases": len(cases), "signals": figures})


if __name__ == "__main__":
    main()
