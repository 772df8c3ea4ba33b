"""Typing slips mended against the pages' own words: "waht are the roels in cja" is read as "what are the
roles in cja" (it was refused as not covered: BM25 and the out-of-scope gate match words, and the model
scores a misspelt question low).

SymSpell (symspellpy) finds the words one edit away (a letter added, dropped, changed or two swapped) by
its precomputed deletions; what this module adds is which words may be mended and into what."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from symspellpy import SymSpell, Verbosity

from assistant.names import looks_like_a_name
from assistant.terms import LATIN_LANGUAGES, STOPWORDS, attested, common_word, written_anywhere, zipf
from ingest.language import base_language

SHORTEST = 4  # shorter words are too often another real word one edit away ("rol", "tem")
EVERYDAY_WORDS = 5000  # of each language's most frequent words (wordfreq), for slips in words no page uses
WORD = re.compile(r"[^\W\d_]+")


class Speller:
    """The pages' words (and the question words the stopwords list), each mended word's candidates; then, for a
    slip in a word no page uses ("offten"), each language's everyday words."""

    def __init__(self, words: Iterable[str], forms_by_language: dict[str, set[str]]) -> None:
        self.pages = dictionary({*words, *STOPWORDS})
        self.forms_by_language = forms_by_language
        self._everyday: dict[str, tuple[SymSpell, set[str]]] = {}

    def everyday(self, language: str) -> tuple[SymSpell, set[str]]:
        """The language's most frequent words, built at the first slip in it the pages' words cannot mend
        (0.1 s and 3 MB a language; most messages have none)."""
        code = base_language(language)
        if code not in self._everyday:
            from wordfreq import top_n_list

            words = set(top_n_list(code, EVERYDAY_WORDS, wordlist="small")) if code in LATIN_LANGUAGES else set()
            self._everyday[code] = (dictionary(words), words)
        return self._everyday[code]

    def corrected(self, message: str, language: str, known: Callable[[str], bool]) -> str:
        """The message with each mendable word replaced by the one word one edit away (see mendable and
        nearest); `known` tells a word the pages use in some form (an inflection of a page word is no slip)."""
        words = list(WORD.finditer(message))
        written = [w.group() for w in words]

        def mend(place: int) -> str:
            word = written[place]
            ordinary = not looks_like_a_name(word, written, place, language)  # a name is the gate's to judge
            if not mendable(word, ordinary, language) or known(word.lower()):
                return word
            better = self.nearest(word.lower(), language)
            return (better[:1].upper() + better[1:] if word[0].isupper() else better) if better else word

        mended, end = [], 0
        for place, found in enumerate(words):
            mended += [message[end : found.start()], mend(place)]
            end = found.end()
        return "".join([*mended, message[end:]])

    def nearest(self, word: str, language: str) -> str | None:
        """The one word one edit away: a word of the asker's language's pages, of the English ones (borrowed:
        "governance"), or a question word ("matas", Swedish, became the Spanish pages' "metas"); else an
        everyday word of the asker's language. Among several, those of the asker's language's pages, then the
        most common in that language. None when that leaves more than one, or none."""
        own = self.forms_by_language.get(base_language(language), set())
        english = self.forms_by_language.get("en", set())
        found = [w for w in one_edit(self.pages, word) if w in own or w in english or w in STOPWORDS]
        if len(found) > 1:
            found = [w for w in found if w in own] or found
        if not found:
            symspell, everyday = self.everyday(language)
            found = [w for w in one_edit(symspell, word) if w in everyday]
        if len(found) > 1:
            found = most_common(found, language)
        return found[0] if len(found) == 1 else None


def dictionary(words: Iterable[str]) -> SymSpell:
    symspell = SymSpell(max_dictionary_edit_distance=1, prefix_length=7)
    for word in words:
        if " " not in word:
            symspell.create_dictionary_entry(word, 1)
    return symspell


def one_edit(symspell: SymSpell, word: str) -> list[str]:
    """The words one edit away, save those that differ in the last letter only (added, dropped or another):
    an ending, not a slip ("kampanjarbetsflödet" is the definite form of the pages' "kampanjarbetsflöde",
    "dimostro" the first person of "dimostra")."""
    found = (s.term for s in symspell.lookup(word, Verbosity.CLOSEST, max_edit_distance=1) if s.distance)
    return [w for w in found if not (w.startswith(word) or word.startswith(w) or w[:-1] == word[:-1])]


def mendable(word: str, ordinary: bool, language: str) -> bool:
    """A word that may be a slip: long enough, written as an ordinary word (not as a name: assistant.names), and no
    word of wordfreq's lists in any supported language (a message's language may be misread, and messages
    mix languages: "quanto" and "matas" are words; the slips "waht", "roels", "offten" not), nor a rarer word
    of the message's language ("Come convinco il mio capo…" was read as "convinto")."""
    if len(word) < SHORTEST or not ordinary or word.lower() in STOPWORDS or common_word(word, language):
        return False
    return not written_anywhere(word) and not attested(word, language)


def most_common(words: list[str], language: str) -> list[str]:
    scored = [(zipf(w, language), w) for w in words]
    best = max(score for score, _ in scored)
    return [w for score, w in scored if score == best]
