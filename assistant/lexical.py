"""BM25 over the stored chunks, with per-language stemming and CJK bigrams.

llama-index-retrievers-bm25 stems a whole corpus with one language's stemmer; these pages come in
twelve languages, so each chunk is tokenised in its own language (assistant.terms) and indexed
with bm25s directly. It is built from what Chroma holds and replaced, with the Retriever, when
ingestion moves the content revision (see ChatService.refresh).
"""

from __future__ import annotations

import itertools
import json
import logging
import re
import shutil
import threading
import uuid
from collections.abc import Iterable, Iterator, Set
from functools import cached_property, partial
from pathlib import Path
from typing import Any

import bm25s
import numpy as np
from chromadb.api.models.Collection import Collection

from assistant.names import looks_like_a_name
from assistant.store import read_chunks
from assistant.terms import common_word, terms
from assistant.typos import Speller
from ingest.language import base_language
from ingest.metadata import ChunkMeta, Filter
from ingest.products import LAST_SESSION, starts_with_product
from ingest.units import sentences

log = logging.getLogger(__name__)
logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets DEBUG on itself when imported

WORD = re.compile(r"[^\W\d_]+")
INFLECTIONS = {"s", "es", "e", "en", "n", "er", "ern", "i", "a", "ar", "or", "na", "erna"}
COMPOUND = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]+")
PREFIX = 5  # a query term the index lacks is matched to indexed terms sharing this many first letters…
COLUMNS = ("solution", "jira", "language", "doc_id")  # the chunk metadata request filters use
MAX_SUFFIX_GAP = 4  # …when one is the other plus at most this many letters (stemmers leave such endings)
HEAD = 6  # letters of a compound's head word (see compound_head)
HEAD_WORD = 8  # ... and of one that stands for the whole compound when telling whether a page uses it
COMPOUND_PART = 4  # letters of each part of a compound split in two (compound_of_a_page_word)
MENDED_CACHE = 1024  # mended messages kept per index (see mended)


class LexicalIndex:
    def __init__(
        self,
        ids: list[str],
        entries: Iterable[tuple[list[str], ChunkMeta]],
        words: set[str] | None = None,
        forms_by_language: dict[str, set[str]] | None = None,
    ) -> None:
        """`entries` (each chunk's tokens and metadata, in `ids` order) are read once and not kept: at 100k
        chunks the token strings and ChunkMeta objects cost more memory than the index itself, so
        from_collection streams them."""
        self.ids = ids
        columns: dict[str, list[str]] = {key: [] for key in COLUMNS}
        groups: list[str] = []
        sessions: list[int] = []
        vocabulary: dict[str, int] = {}
        corpus: list[list[int]] = []  # token ids: every occurrence shares its id's int object
        self.words_by_language: dict[str, set[str]] = {}
        self.languages_by_group: dict[str, set[str]] = {}
        for doc, meta in entries:
            corpus.append([vocabulary.setdefault(t, len(vocabulary)) for t in doc])
            for key in COLUMNS:
                columns[key].append(meta.filter_value(key) or "")
            groups.append(meta.group)
            sessions.append(meta.session or 0)
            self.words_by_language.setdefault(meta.language, set()).update(doc)
            self.languages_by_group.setdefault(meta.group, set()).add(base_language(meta.language))
        # Chunk metadata as columns, not 100k ChunkMeta objects: filters become array comparisons, and a
        # saved index loads in a fraction of the time (objects took 1.2 s to unpickle at 100k chunks).
        self.columns = {key: np.array(values, dtype=object) for key, values in columns.items()}
        self.groups = np.array(groups, dtype=object)
        self.sessions = np.array(sessions, dtype=np.int16)
        self.words = words or set()  # every word of every page, lower-cased and unstemmed
        self.forms_by_language = forms_by_language or {}  # ... of each language's pages
        self.words_by_prefix = by_prefix(self.words)
        self.vocabulary = set(vocabulary)
        self.by_prefix = by_prefix(self.vocabulary)
        self.bm25 = bm25s.BM25()
        if corpus:
            self.bm25.index((corpus, vocabulary), show_progress=False)

    @classmethod
    def from_collection(cls, collection: Collection) -> LexicalIndex:
        ids: list[str] = []
        words: set[str] = set()
        forms: dict[str, set[str]] = {}

        def entries() -> Iterator[tuple[list[str], ChunkMeta]]:
            for chunk_id, text, stored in read_chunks(collection, ["documents", "metadatas"]):
                meta = ChunkMeta.maybe(stored)
                if meta is None:
                    continue  # being written by an ingestion right now: the next revision has it
                ids.append(chunk_id)
                used = page_words(f"{meta.heading} {meta.solution}\n{text}")
                words.update(used)
                forms.setdefault(meta.language, set()).update(w for w in used if " " not in w)
                yield terms(meta.searchable(text), meta.language) or ["\0"], meta

        return cls(ids, entries(), words, forms)

    @cached_property
    def speller(self) -> Speller:
        return Speller(self.words, self.forms_by_language)

    @cached_property
    def _mended(self) -> dict[tuple[str, str], str]:
        return {}

    def mended(self, message: str, language: str) -> str:
        """The message with its typing slips mended against the pages' words (assistant.typos). Kept per index
        in a plain dict (the read-as note and the search ask it of the same message, and mending costs 1-2 ms):
        an lru_cache around a closure over the index made a reference cycle, so a closed view's memory-mapped
        BM25 files stayed open until the garbage collector ran (one file more per reopening)."""
        key = (message, language)
        if (found := self._mended.get(key)) is None:
            found = self.speller.corrected(message, language, partial(self.known_word, language=language))
            if len(self._mended) >= MENDED_CACHE:
                self._mended.clear()
            self._mended[key] = found
        return found

    def known_word(self, word: str, language: str) -> bool:
        """A word some page uses as written, or in another inflection: one whose stem the index holds
        ("pelarna" where the pages write "pelare"), or one inflection_of_a_word relates."""
        stems = terms(word, language)
        in_index = bool(stems) and self.vocabulary.issuperset(stems)
        return word in self.words or in_index or self.inflection_of_a_word(word)

    def sessions_using(self, stems: list[str]) -> set[str]:
        """The translation groups of the chunks using every stem in some form (see related)."""
        used = np.ones(len(self.ids), dtype=bool)
        for stem in stems:
            forms = self.related(stem)
            if not forms or not self.ids:
                return set()
            used &= self.bm25.get_scores(forms) > 0
        return set(self.groups[used]) if stems else set()

    def compound_of_a_page_word(self, word: str, language: str) -> bool:
        return compound_of(word, self.words, language)

    def unknown_names(self, message: str, language: str) -> list[str]:
        """Names in the message (products, standards, companies) that no page in any language uses.

        A question about Marketo, Workfront or the GDPR is not answered from a page that happens to be
        about marketing: cosine similarity cannot tell them apart, a name the pages never use can. A
        name is a Latin-script word written as one: all capitals, a capital inside, or a capital after
        the first word. In German, where every noun has a capital, a capitalised word counts only next
        to another capitalised word ("Marketo Engage", "Lead Scoring"). After "Adobe", a capitalised word
        no page writes after "Adobe" is a product of Adobe's ("Adobe Analytics"). Adjacent unknown words are
        one name."""
        names: list[str] = []
        # Each sentence on its own: its first word has a capital anyway ("… von drei Leuten. Reicht das?")
        for sentence in sentences(message, language):
            found = COMPOUND.findall(sentence)  # "CJA-Vorhaben" is one word to its neighbours
            last = -2  # where the last unknown word stood: adjacent ones are one name ("Google Analytics")
            for position, compound in enumerate(found):
                for word in compound.split("-"):
                    if not self.unknown_word(word, found, position, language):
                        continue
                    if position == last + 1 and names:
                        names[-1] += f" {word}"
                    else:
                        names.append(f"Adobe {word}" if after_adobe(found, position) else word)
                    last = position
        return names

    def unknown_word(self, word: str, found: list[str], position: int, language: str) -> bool:
        """Whether `word`, a part of found[position], is a name no page uses (see unknown_names)."""
        lower = word.lower()
        if len(word) < 2 or not LATIN.fullmatch(word) or company_acronym(word):
            return False
        if after_adobe(found, position) and word[0].isupper():
            # Adobe's products by the word after "Adobe": "Analytics" and "Target" stand on the pages in
            # other senses, but no page names "Adobe Analytics" or "Adobe Target" ("laut Adobe alles" names none)
            return f"adobe {lower}" not in self.words and not starts_with_product(" ".join(found[position:]))
        if lower in self.words or not looks_like_a_name(word, found, position, language):
            return False
        return not self.inflection_of_a_word(lower)

    def inflection_of_a_word(self, word: str) -> bool:
        """'Roadmaps' when the pages say 'roadmap' (or the other way round), but not 'Marketo' for
        'market': only common inflection endings may differ."""
        if len(word) < PREFIX:
            return False
        for known in self.words_by_prefix.get(word[:PREFIX], []):
            longer, shorter = (word, known) if len(word) > len(known) else (known, word)
            if longer.startswith(shorter) and longer[len(shorter) :] in INFLECTIONS:
                return True
        return False

    def search(self, query_terms: list[str], k: int, filters: Filter | None = None) -> list[str]:
        """Chunk ids by BM25 score (best first); only chunks sharing a term, only those the filters allow."""
        known = [k for t in query_terms for k in self.known_forms(t)]
        if not known or not self.ids:
            return []
        mask = self.mask(filters)
        if mask is not None and not mask.any():
            return []
        k = min(k, len(self.ids))
        docs, scores = self.bm25.retrieve([known], k=k, show_progress=False, weight_mask=mask, n_threads=1)
        return [self.ids[int(d)] for d, s in zip(docs[0], scores[0], strict=True) if s > 0]

    def mentions(self, query_terms: Iterable[str], filters: Filter) -> set[str] | None:
        """The terms some chunk the filters allow contains, in any of their related forms; None when the
        filters allow no chunk at all (no page of that product in that language: nothing can be told).
        The filters are applied once, and each term's forms scored in one pass over the index (BM25's
        ranked retrieval starts a thread pool per call: 0.4 ms, against 0.03 ms for the scores alone)."""
        mask = self.mask(filters)
        if not self.ids or (mask is not None and not mask.any()):
            return None

        def used(forms: list[str]) -> bool:
            return bool(forms) and bool((self.bm25.get_scores(forms, weight_mask=mask) > 0).any())

        return {t for t in query_terms if used(self.related(t))}

    def related(self, term: str) -> list[str]:
        """The indexed words that may be the term: its known forms, its inflections ("prioriter" of the verb,
        "prioritering" of the page's noun) and the words a compound ends in (HEAD_WORD letters or more:
        "förändringshantering" where a page writes "ändringshantering", as translations of one page do)."""
        return list(dict.fromkeys([*self.known_forms(term), *self.inflections(term), *self.endings(term, HEAD_WORD)]))

    def inflections(self, term: str) -> list[str]:
        """Indexed words that are the term plus or minus a few letters: stemmers leave such endings."""
        if len(term) <= PREFIX:
            return []
        return [
            t for t in self.by_prefix.get(term[:PREFIX], [])
            if (t.startswith(term) or term.startswith(t)) and abs(len(t) - len(term)) <= MAX_SUFFIX_GAP
        ]  # fmt: skip

    def known_forms(self, term: str) -> list[str]:
        """The term, or the indexed forms it is an inflection of: Snowball leaves some endings on, so
        'styrningskadensen' stems to 'styrningskadens' while the page's 'Styrningskadens' stems to
        'styrningskad'."""
        if term in self.vocabulary:
            return [term]
        if len(term) <= PREFIX:
            return []
        return self.inflections(term) or self.compound_head(term)

    def compound_head(self, term: str) -> list[str]:
        """A compound the pages never use, by its head: German, Swedish and Dutch compounds end in the word
        they are a kind of ("Zielarchitektur" is an architecture: "architektur"; "förändringshantering"
        meets the pages' "ändringshantering"). The longest indexed ending of at least HEAD letters."""
        return self.endings(term, HEAD)[:1]

    def endings(self, term: str, shortest: int) -> list[str]:
        """The indexed words the term ends in (not itself), of at least `shortest` letters, longest first."""
        return [term[start:] for start in range(1, len(term) - shortest + 1) if term[start:] in self.vocabulary]

    def mask(self, filters: Filter | None) -> np.ndarray | None:
        wanted = {k: v for k, v in (filters or {}).items() if v}
        if not wanted:
            return None
        mask = np.ones(len(self.ids), dtype=bool)
        for key, value in wanted.items():
            column = self.columns.get(key)
            allowed = list(value) if isinstance(value, list) else [value]
            mask &= np.isin(column, allowed) if column is not None else False
        return mask

    def series(self, products: list[str] | None = None) -> list[str]:
        """Translation groups (jira ids) of every session, or of these products', by product and number."""
        return [g for p, _, g in self.sessions_in_order if not products or p in products]

    @cached_property
    def sessions_in_order(self) -> list[tuple[str, int, str]]:
        """(product, number, group) of every session, sorted: read once from the columns (every chunk), not
        per question (the absent-topic checks ask for a product's series on every question naming one)."""
        solutions = self.columns["solution"]
        return sorted({(str(p), int(n), str(g)) for g, p, n in zip(self.groups, solutions, self.sessions, strict=True)})

    def session_groups(self, number: int) -> set[str]:
        """Translation groups (jira ids) of every product's session with this number in its series; for
        LAST_SESSION, each product's highest-numbered session."""
        if number != LAST_SESSION:
            return set(self.groups[self.sessions == number])
        products = self.columns["solution"]
        last = {}
        for product in set(products[self.sessions > 0]):
            last[product] = self.sessions[(products == product) & (self.sessions > 0)].max()
        return {str(g) for g, p, n in zip(self.groups, products, self.sessions, strict=True) if n > 0 and n == last[p]}

    def language_tags(self, language: str) -> list[str]:
        """The stored language tags of a language (zh: zh-hans and zh-hant)."""
        return sorted({tag for tag in set(self.columns["language"]) if base_language(tag) == language})


def page_words(text: str) -> set[str]:
    """A page's words, lower-cased, and the word after each "Adobe" as a pair ("adobe journey"): the
    products of Adobe's it names (see LexicalIndex.unknown_word)."""
    words = WORD.findall(text)
    return {w.lower() for w in words} | {f"adobe {b.lower()}" for a, b in itertools.pairwise(words) if a == "Adobe"}


def after_adobe(found: list[str], position: int) -> bool:
    return position > 0 and found[position - 1] == "Adobe"


def by_prefix(words: set[str]) -> dict[str, list[str]]:
    """Words long enough to have inflections, by their first PREFIX letters."""
    index: dict[str, list[str]] = {}
    for word in words:
        if len(word) >= PREFIX:
            index.setdefault(word[:PREFIX], []).append(word)
    return index


# Acronyms of the roles and functions every company has: "Wie überzeuge ich meinen CFO von CJA?" asks how
# to win a sponsor, which the pages cover, though none says "CFO". They name no product or standard.
COMPANY_ACRONYMS = frozenset(
    "CEO CFO CMO CTO CIO COO CDO CISO CRO CXO CHRO VP SVP EVP HR IT PR PMO OKR KPI ROI B2B B2C".split()
)


def company_acronym(word: str) -> bool:
    """A role or function (COMPANY_ACRONYMS), in the plural too ("CFOs", "KPIs")."""
    upper = word.upper()
    return upper in COMPANY_ACRONYMS or (upper.endswith("S") and upper[:-1] in COMPANY_ACRONYMS)


def compound_of(word: str, words: Set[str], language: str) -> bool:
    """Whether the word joins one of `words` (four letters or more) to an ordinary word of the language:
    "Teamgröße", "teamstorlek" (German, Swedish and Dutch write compounds as one word)."""
    lower = word.lower()
    return any(
        lower[:cut] in words and common_word(lower[cut:], language)
        for cut in range(COMPOUND_PART, len(lower) - COMPOUND_PART + 1)
    )


# Plain JSON, not a pickle: a file in the data folder must never be able to run code when it is loaded.
STATE = "state.json"
# 2: `words` holds the word after each "Adobe" as a pair (page_words); 3: Latin words written against CJK
# text are terms of their own (assistant.terms.cjk_terms); 4: auxiliary verbs are stopwords; 5: possessives are;
# 6: each language's words unstemmed (`forms_by_language`); 7: German "nächste" is a stopword
STATE_VERSION = 7
KEEP_REVISIONS = 3  # saved indexes kept besides the newest: views of older revisions may still load them


def state_of(index: LexicalIndex) -> dict[str, Any]:
    """Everything but the BM25 matrices (bm25s saves those as .npy and JSON) and what `load` derives."""
    return {
        "version": STATE_VERSION,
        "ids": index.ids,
        "columns": {key: column.tolist() for key, column in index.columns.items()},
        "groups": index.groups.tolist(),
        "sessions": index.sessions.tolist(),
        "words": sorted(index.words),
        "vocabulary": sorted(index.vocabulary),
        "words_by_language": {k: sorted(v) for k, v in index.words_by_language.items()},
        "forms_by_language": {k: sorted(v) for k, v in index.forms_by_language.items()},
        "languages_by_group": {k: sorted(v) for k, v in index.languages_by_group.items()},
    }


def from_state(state: dict[str, Any]) -> LexicalIndex:
    """The index `state_of` described, without its BM25 matrices. A file of another shape is a ValueError."""
    version = state.get("version") if isinstance(state, dict) else None
    if version != STATE_VERSION:
        raise ValueError(f"not a BM25 state of this version ({version!r})")
    index = LexicalIndex.__new__(LexicalIndex)
    try:
        index.ids = list(state["ids"])
        index.columns = {key: np.array(state["columns"][key], dtype=object) for key in COLUMNS}
        index.groups = np.array(state["groups"], dtype=object)
        index.sessions = np.array(state["sessions"], dtype=np.int16)
        index.words = set(state["words"])
        index.vocabulary = set(state["vocabulary"])
        index.words_by_language = {k: set(v) for k, v in state["words_by_language"].items()}
        index.forms_by_language = {k: set(v) for k, v in state["forms_by_language"].items()}
        index.languages_by_group = {k: set(v) for k, v in state["languages_by_group"].items()}
    except (KeyError, TypeError, AttributeError) as error:
        raise ValueError(f"not a saved BM25 state ({error!r})") from error
    if not len(index.ids) == len(index.groups) == len(index.sessions):
        raise ValueError("its columns differ in length")
    index.words_by_prefix = by_prefix(index.words)
    index.by_prefix = by_prefix(index.vocabulary)
    return index


def save(index: LexicalIndex, folder: Path) -> None:
    """Write the index under `folder` atomically: into a sibling first, then renamed into place, so a
    process loading it never sees half of it."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    temp = folder.parent / f".{folder.name}.{uuid.uuid4().hex[:8]}"
    temp.mkdir()
    try:
        if index.ids:
            index.bm25.save(str(temp / "bm25"), show_progress=False)
        (temp / STATE).write_text(json.dumps(state_of(index), ensure_ascii=False), encoding="utf-8")
        temp.rename(folder)
    except OSError:
        shutil.rmtree(temp, ignore_errors=True)
        if not (folder / STATE).exists():
            raise


def load(folder: Path) -> LexicalIndex:
    """An index saved by `save`: its BM25 matrices memory-mapped, nothing re-tokenised."""
    index = from_state(json.loads((folder / STATE).read_text(encoding="utf-8")))
    bm25 = folder / "bm25"
    index.bm25 = bm25s.BM25.load(str(bm25), mmap=True, show_progress=False) if bm25.exists() else bm25s.BM25()
    return index


def persist(collection: Collection, root: Path, revision: str) -> LexicalIndex:
    """Build the index of this revision from Chroma and save it under `root`, dropping old revisions'.
    A directory it cannot write to costs only the saving: the index is returned all the same, and
    processes that find no file build their own (slower to follow, never wrong)."""
    index = LexicalIndex.from_collection(collection)
    try:
        save(index, root / revision)
        saved = sorted((p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")),
                       key=lambda p: p.stat().st_mtime)  # fmt: skip
    except OSError as error:
        log.warning("Could not save the BM25 index under %s (%s)", root, error)
        return index
    for old in saved[: -(KEEP_REVISIONS + 1)]:
        shutil.rmtree(old, ignore_errors=True)
    return index


class LexicalCache:
    """The LexicalIndex of one content revision, loaded or built on first use (under a lock).

    ChatService.refresh builds a new Retriever, and with it a new cache, when ingestion moves the
    revision, so this cache never has to ask Chroma whether it is stale on the hot path. The ingestion
    that moved the revision saved its index under `root` (see assistant.ingestion), so a serving process
    loads it in well under a second instead of re-reading and re-tokenising every chunk; a process that
    finds none (another host ingested) builds it and saves it for the next."""

    def __init__(self, collection: Collection, root: Path | None = None, revision: str = "") -> None:
        self.collection = collection
        self.root = root
        self.revision = revision
        self._lock = threading.Lock()
        self._index: LexicalIndex | None = None

    def get(self) -> LexicalIndex:
        if self._index is None:
            with self._lock:
                if self._index is None:
                    self._index = self.load_or_build()
        return self._index

    def load_or_build(self) -> LexicalIndex:
        if self.root is None or not self.revision:
            return LexicalIndex.from_collection(self.collection)
        folder = self.root / self.revision
        if (folder / STATE).exists():
            try:
                return load(folder)
            except (OSError, ValueError) as error:  # a JSONDecodeError is a ValueError
                log.warning("Rebuilding the BM25 index: the saved one at %s is unreadable (%s)", folder, error)
                shutil.rmtree(folder, ignore_errors=True)  # replaced below, not rebuilt by every new view
        elif folder.exists():
            shutil.rmtree(folder, ignore_errors=True)  # saved in the former format (a pickle): never loaded
        return persist(self.collection, self.root, self.revision)


def form_votes(index: LexicalIndex, text: str, languages: Iterable[str]) -> dict[str, int]:
    """How many of the message's words, exactly as written, each of these languages' pages use: stems tie
    where forms do not ("roller i team": Swedish and German pages share the stem "roll", only Swedish ones
    write "roller")."""
    written = {w.lower() for w in WORD.findall(text)}
    votes = {language: len(written & index.forms_by_language.get(language, set())) for language in languages}
    return {language: n for language, n in votes.items() if n}


def language_votes(index: LexicalIndex, text: str) -> dict[str, int]:
    """How many of the message's words each language's pages use (stemmed the way that language is)."""
    votes: dict[str, int] = {}
    for language, words in index.words_by_language.items():
        found = sum(1 for t in terms(text, language, keep_stopwords=True) if t in words)
        if found:
            votes[language] = found
    return votes
