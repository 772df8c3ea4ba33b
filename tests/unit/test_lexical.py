"""BM25 term matching without Chroma: inflections the stemmer leaves apart still meet."""

from assistant.lexical import LexicalIndex, compound_of, page_words
from assistant.terms import terms
from ingest.metadata import ChunkMeta
from ingest.products import LAST_SESSION

CADENCE = "Styrningskadens Årliga strategiseminarier, kvartalsvisa färdplansgranskningar"
ROLES = "Produktägare, dataarkitekt och Digital Analytics Manager"


def index() -> LexicalIndex:
    texts = [CADENCE, ROLES]
    metadatas = [ChunkMeta(doc_id=f"d{i}", title="T", language="sv") for i in range(2)]
    return LexicalIndex(["cadence", "roles"], zip([terms(t, "sv") for t in texts], metadatas, strict=True))


def test_a_definite_form_finds_the_page_word_the_stemmer_cut_shorter():
    query = terms("Hur ser styrningskadensen ut?", "sv")
    assert query == ["styrningskadens"] and "styrningskadens" not in index().vocabulary
    assert index().search(query, 2) == ["cadence"]


def test_short_or_unrelated_terms_are_not_stretched():
    lexical = index()
    assert lexical.known_forms("styr") == []  # too short to stand for longer words
    assert lexical.known_forms("styrningsgrupp") == []  # shares a prefix, but is another word
    assert lexical.search(terms("Vem är produktägaren?", "sv"), 2) == ["roles"]


def named(message: str, language: str) -> list[str]:
    pages = "Adobe Journey Optimizer roles: the Product Owner manages the roadmap, with IT and marketing teams."
    return LexicalIndex([], [], page_words(pages)).unknown_names(message, language)


def test_names_no_page_uses_are_found():
    assert named("How do I set up lead scoring in Marketo?", "en") == ["Marketo"]
    assert named("Quali sono i requisiti del GDPR?", "it") == ["GDPR"]
    assert named("Comment configurer un flux dans Adobe Workfront ?", "fr") == ["Adobe Workfront"]
    assert named("Hur skapar jag en API-nyckel?", "sv") == ["API"]  # a name inside a compound


def test_words_the_pages_use_ordinary_words_and_inflections_are_not_names():
    assert named("Who manages the Roadmaps for Adobe Journey Optimizer?", "en") == []  # an inflection
    assert named("Hello there", "en") == []  # the first word has a capital anyway
    assert named("Which teams own the roadmap in IT?", "en") == []
    assert named("How big is the Marketo team?", "en") == ["Marketo"]
    assert named("Wer sieht sich die Roadmap der Mitarbeitenden an?", "de") == []  # German nouns are not names
    assert named("Wie richte ich Lead Scoring in Marketo Engage ein?", "de") == ["Lead Scoring", "Marketo Engage"]
    assert named("Welche Schriftarten gibt es in Adobe Express?", "de") == ["Adobe Express"]
    assert named("Wer führt das IT-Vorhaben?", "de") == []  # a compound is one word to its neighbours
    assert named("Wie arbeiten IT Abteilungen und Marketing zusammen?", "de") == []  # a noun beside an acronym
    assert named("AJOの運用モデルは何ですか？", "ja") == []  # not a Latin-script word
    assert named("Wie überzeuge ich meinen CFO von CJA?", "de") == ["CJA"]  # a role every company has
    # Two German nouns side by side are German: one shaped as a German word makes no name of either
    assert named("Wen holen wir, damit CJA im Haus Rückendeckung bekommt?", "de") == ["CJA"]
    assert named("Wie bekommt das Team Unterstützung von der Geschäftsleitung?", "de") == []
    assert named("Wie baue ich in Google Analytics eine Zielgruppe?", "de") == ["Google Analytics"]
    # a word far more common in German than in English is German, whatever its shape ("Leute", "Kollegen")
    assert named("Wie finde ich im Unternehmen Leute, die meine Idee unterstützen?", "de") == []
    assert named("Wie überzeuge ich die Kollegen, Marketo Engage zu ersetzen?", "de") == ["Marketo Engage"]
    # a sentence's first word has a capital anyway: no name with the last word of the one before
    assert named("Wir sind ein kleines Team von drei Leuten. Reicht das für AJO?", "de") == ["AJO"]
    assert named("Wir nutzen Marketo Engage. Reicht das?", "de") == ["Marketo Engage"]
    # Departments written with a capital are ordinary words (wordfreq), products are not
    assert named("How do Sales and Marketing work together?", "en") == []
    assert named("Should Finance or Procurement join the program?", "en") == []
    assert named("¿Cómo involucramos a Ventas?", "es") == []
    assert named("Comment impliquer la Direction ?", "fr") == []
    assert named("Hur kopplar jag ihop AJO med Salesforce?", "sv") == ["AJO", "Salesforce"]
    assert named("Hoe maak ik een e-mailsjabloon in Mailchimp?", "nl") == ["Mailchimp"]
    assert named("¿Cómo creo una actividad en Adobe Target?", "es") == ["Adobe Target"]  # a common word, after Adobe
    assert named("How do I move data from Google Analytics?", "en") == ["Google Analytics"]  # two: one name
    assert named("Which KPIs should the CMO and the CIO see?", "en") == []


def test_adobe_products_the_pages_never_name_are_names():
    # "Analytics" and "Target" stand on pages, but never after "Adobe"; the series' own products do
    pages = "Adobe Journey Optimizer and Adobe Experience Platform: target audiences, analytics reports."
    index = LexicalIndex([], [], page_words(pages))
    assert index.unknown_names("Come si crea un segmento in Adobe Analytics?", "it") == ["Adobe Analytics"]
    assert index.unknown_names("How do I build a journey in Adobe Journey Optimizer?", "en") == []
    assert index.unknown_names("Does Adobe Experience Platform store the profiles?", "en") == []
    assert index.unknown_names("Is Adobe CJA part of the series?", "en") == []  # a product by its acronym
    assert index.unknown_names("Was gehört laut Adobe alles zu den Rollen?", "de") == []  # no name after it
    assert index.unknown_names("Which KPIs matter on Black Friday?", "en") == ["Black Friday"]


def test_a_saved_index_loads_as_the_same_index(tmp_path):
    from assistant.lexical import load, save

    built = index()
    save(built, tmp_path / "r1")
    loaded = load(tmp_path / "r1")
    for query in ("Hur ser styrningskadensen ut?", "Vem är produktägaren?", "dataarkitekt och kvartalsvisa"):
        assert loaded.search(terms(query, "sv"), 2) == built.search(terms(query, "sv"), 2)
    assert loaded.vocabulary == built.vocabulary and list(loaded.groups) == list(built.groups)
    assert all(list(loaded.columns[k]) == list(built.columns[k]) for k in built.columns)
    assert loaded.words_by_language == built.words_by_language
    assert loaded.forms_by_language == built.forms_by_language
    assert loaded.languages_by_group == built.languages_by_group
    save(built, tmp_path / "r1")  # saved again (two processes): the first copy stays whole
    assert load(tmp_path / "r1").search(terms("Vem är produktägaren?", "sv"), 2) == ["roles"]
    assert [p.name for p in tmp_path.iterdir()] == ["r1"]  # no half-written sibling left behind


def test_votes_by_the_words_as_written():
    from assistant.lexical import form_votes

    forms = {"sv": {"roller", "i", "team"}, "de": {"rollen", "team"}, "it": {"ruoli"}}
    lexical = LexicalIndex([], [], set(), forms)
    # "roller" stems to "roll" in Swedish and German alike; only Swedish pages write it
    assert form_votes(lexical, "Roller i team", ["sv", "de"]) == {"sv": 3, "de": 1}
    assert form_votes(lexical, "ruoli", ["sv", "de"]) == {}  # only the languages asked about


def test_an_empty_index_saves_and_loads(tmp_path):
    from assistant.lexical import load, save

    save(LexicalIndex([], []), tmp_path / "empty")
    assert load(tmp_path / "empty").search(["anything"], 5) == []


def test_filters_session_numbers_and_language_tags_read_the_metadata_columns():
    texts = ["governance cadence monthly", "governance roles owner", "governance cadence quarterly"]
    metadatas = [
        ChunkMeta(doc_id="A.en", title="T", language="en", jira="A", solution="Journey Optimizer", session=3),
        ChunkMeta(doc_id="B.zh-Hant", title="T", language="zh-Hant", jira="B", solution="Customer Journey Analytics",
                  session=3),
        ChunkMeta(doc_id="C.zh-Hans", title="T", language="zh-Hans", jira="C", solution="Journey Optimizer", session=1),
    ]  # fmt: skip
    lexical = LexicalIndex(["a", "b", "c"], zip([terms(t, "en") for t in texts], metadatas, strict=True))
    query = terms("governance cadence", "en")
    assert sorted(lexical.search(query, 3, {"solution": "Journey Optimizer"})) == ["a", "c"]
    assert lexical.search(query, 3, {"solution": "Journey Optimizer", "jira": "C"}) == ["c"]
    assert lexical.search(query, 3, {"language": ["zh-Hans", "zh-Hant"], "jira": None}) == ["c", "b"]
    assert lexical.search(query, 3, {"solution": "Photoshop"}) == []
    assert lexical.session_groups(3) == {"A", "B"} and lexical.session_groups(5) == set()
    # "the last session": each product's highest-numbered one, whatever the number; pages without one never.
    series = [("A", "Journey Optimizer", 5), ("B", "Journey Optimizer", 2), ("C", "Customer Journey Analytics", 4),
              ("D", "Customer Journey Analytics", 1), ("E", "Content Supply Chain", None)]  # fmt: skip
    pages = [ChunkMeta(doc_id=f"{g}.en", title="T", language="en", jira=g, solution=p, session=n) for g, p, n in series]
    assert LexicalIndex(list("abcde"), zip([["word"]] * 5, pages, strict=True)).session_groups(LAST_SESSION) == {
        "A",
        "C",
    }
    assert lexical.language_tags("zh") == ["zh-Hans", "zh-Hant"] and lexical.language_tags("en") == ["en"]


def test_the_saved_state_is_json_and_a_file_of_another_shape_is_refused(tmp_path):
    import json

    import pytest

    from assistant.lexical import STATE, load, save

    save(index(), tmp_path / "r1")
    state = json.loads((tmp_path / "r1" / STATE).read_text(encoding="utf-8"))
    assert state["ids"] == ["cadence", "roles"] and state["groups"] == ["d0", "d1"]
    for damaged in ({**state, "version": 0}, {k: v for k, v in state.items() if k != "vocabulary"},
                    {**state, "groups": ["d0"]}, ["not", "a", "state"]):  # fmt: skip
        (tmp_path / "r1" / STATE).write_text(json.dumps(damaged), encoding="utf-8")
        with pytest.raises(ValueError):
            load(tmp_path / "r1")


def test_a_pickle_saved_by_an_older_version_is_never_loaded_but_replaced(tmp_path, monkeypatch):
    import pickle

    import assistant.lexical as lexical

    class Planted:  # what a tampered pickle could do: run code when it is loaded
        def __reduce__(self):
            return (open, (str(tmp_path / "ran"), "w"))

    old = tmp_path / "rev"
    old.mkdir()
    (old / "state.pickle").write_bytes(pickle.dumps(Planted()))
    monkeypatch.setattr(lexical.LexicalIndex, "from_collection", classmethod(lambda cls, collection: index()))
    loaded = lexical.LexicalCache(None, tmp_path, "rev").get()  # type: ignore[arg-type]  # never read: patched
    assert loaded.search(terms("Vem är produktägaren?", "sv"), 2) == ["roles"]
    assert not (tmp_path / "ran").exists() and not (old / "state.pickle").exists()
    assert (old / lexical.STATE).exists()  # built again and saved in the new format


def test_a_compound_the_pages_never_use_meets_them_by_its_head():
    texts = ["Die NorthStar-Architektur zeigt Datenquellen", "Rollen und Verantwortlichkeiten im Team"]
    metadatas = [ChunkMeta(doc_id=f"d{i}", title="T", language="de", jira=f"J{i}") for i in range(2)]
    lexical = LexicalIndex(["nsa", "roles"], zip([terms(t, "de") for t in texts], metadatas, strict=True))
    query = terms("Welche Daten fließen in die Zielarchitektur ein?", "de")
    assert "zielarchitektur" in query and lexical.search(query, 2) == ["nsa"]
    assert lexical.known_forms("zielarchitektur") == ["architektur"]
    assert lexical.known_forms("teamrollen") == []  # "rollen" is too short a head to stand for the compound
    assert lexical.known_forms("xyzquelle") == []  # an ending no page uses


def test_which_terms_the_pages_a_filter_allows_use():
    texts = ["Center of Excellence frameworks", "Data Architect designs the schema"]
    metadatas = [
        ChunkMeta(doc_id="A.en", title="T", language="en", jira="A", solution="Journey Optimizer"),
        ChunkMeta(doc_id="B.en", title="T", language="en", jira="B", solution="Customer Journey Analytics"),
    ]
    lexical = LexicalIndex(["a", "b"], zip([terms(t, "en") for t in texts], metadatas, strict=True))
    asked = set(terms("What is a Center of Excellence?", "en"))
    assert lexical.mentions(asked, {"jira": "A"}) == asked
    assert lexical.mentions(asked, {"solution": "Customer Journey Analytics", "language": "en"}) == set()
    assert lexical.mentions(asked, {"solution": "Customer Journey Analytics", "language": "de"}) is None  # no page


def test_a_page_uses_a_term_in_another_inflection_or_as_a_compounds_head():
    # Another product's page uses the question's own forms, so the index knows them: search alone would match
    # them exactly and miss the AJO pages' "Prioritering" and "ändringshantering"
    texts = ["Prioritering av användningsfall", "Ramverk för ändringshantering", "prioritera förändringshantering"]
    products = ["Journey Optimizer", "Journey Optimizer", "Customer Journey Analytics"]
    metadatas = [
        ChunkMeta(doc_id=f"{g}.sv", title="T", language="sv", jira=g, solution=p)
        for g, p in zip("ABC", products, strict=True)
    ]
    lexical = LexicalIndex(["a", "b", "c"], zip([terms(t, "sv") for t in texts], metadatas, strict=True))
    asked = set(terms("Hur ska vi prioritera förändringshantering?", "sv"))
    assert lexical.mentions(asked, {"solution": "Journey Optimizer"}) == asked  # the verb, the longer compound


def test_slips_are_mended_but_not_an_inflection_the_index_holds_the_stem_of():
    texts = ["Fyra pelare bär modellen: roller och styrning", "De fyra delarna av modellen"]
    metadatas = [ChunkMeta(doc_id=f"d{i}", title="T", language="sv") for i in range(2)]
    words = page_words("\n".join(texts))
    lexical = LexicalIndex(
        ["a", "b"], zip([terms(t, "sv") for t in texts], metadatas, strict=True), words, {"sv": words}
    )
    # "pelarna" (the pillars) is one edit from the pages' "delarna", but the index holds its stem ("pelare")
    assert lexical.mended("Vilka är pelarna?", "sv") == "Vilka är pelarna?"
    assert lexical.mended("Vilka rolelr finns?", "sv") == "Vilka roller finns?"


def test_a_compound_of_a_page_word_and_an_ordinary_word():
    # "teamgröße ajo" was refused: no page writes "Teamgröße", though every one writes "Team"
    words = {"team", "rollen", "governance"}
    assert compound_of("teamgröße", words, "de") and compound_of("Teamstorlek", words, "sv")
    assert not compound_of("kanelbullar", words, "sv")  # no part is a page word
    assert not compound_of("teamxyzq", words, "de")  # no ordinary word after the page word


def test_the_sessions_using_a_stem_in_some_form():
    texts = ["Aligns with the Prosci methodology", "Roles and governance", "Prosci stages: awareness"]
    metadatas = [ChunkMeta(doc_id=f"d{i}", title="T", language="en", jira=f"KT-{i % 2}") for i in range(3)]
    lexical = LexicalIndex(["a", "b", "c"], zip([terms(t, "en") for t in texts], metadatas, strict=True))
    assert lexical.sessions_using(terms("prosci", "en")) == {"KT-0"}
    assert lexical.sessions_using(terms("roles governance", "en")) == {"KT-1"}
    assert lexical.sessions_using(terms("marketo", "en")) == set()
