import pytest

from ingest.products import (
    LAST_SESSION,
    corrected_products,
    mentioned_products,
    mentioned_session,
    mentioned_sessions,
    session_number,
    short_title,
    strip_products,
    topic_words,
    without_products,
    without_vendor,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("What did session 4 say about sponsors?", 4),
        ("Vad sa den tredje sessionen?", 3),
        ("In der dritten Sitzung", 3),
        ("nella sessione 2", 2),
        ("the 5th session", 5),
        ("la première séance", 1),
        ("Worum geht es in der ersten Content-Supply-Chain-Session?", 1),
        ("What did the third Journey Optimizer session cover?", 3),
        ("Cosa dice la seconda sessione su CJA?", 2),
        ("¿De qué trata el segundo webinar?", 2),  # every inflection, as list places have them
        ("Was sagt der zweite Webinar?", 2),
        ("What is the first step in the session?", None),
        ("¿De qué trata la última sesión de CJA?", LAST_SESSION),
        ("Worum geht es in der letzten AJO-Session?", LAST_SESSION),
        ("What was the final session of the series about?", LAST_SESSION),
        ("What is the last step of the session?", None),
        ("no number here", None),
    ],
)
def test_session_numbers_in_questions(text, expected):
    assert mentioned_session(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Was ist der Unterschied zwischen Sitzung 3 und Sitzung 4 bei CJA?", [3, 4]),
        ("Qual è la differenza tra la sessione 3 e la sessione 4 di AJO?", [3, 4]),
        ("Compare sessions 1, 2 and 5", [1, 2, 5]),
        ("Vad skiljer session 2 och 5 åt?", [2, 5]),
        ("What is session 4 about?", []),  # one session: mentioned_session's
        ("Session 3 und die Rollen", []),
    ],
)
def test_several_session_numbers_in_questions(text, expected):
    assert mentioned_sessions(text) == expected


def test_session_number_of_a_page():
    assert session_number({"session": 2}, "x", "t") == 2
    assert session_number({}, "cja-s4-executive-sponsorship", "t") == 4
    assert session_number({}, "page", "Adobe Journey Optimizer Value Realization Series - Session 1 Roadmap") == 1
    assert session_number({}, "operating-model.sv", "Utforma en operativmodell") is None
    assert session_number({}, "recap", "Highlights of the last session") is None


@pytest.mark.parametrize(
    "text",
    [
        "Varför behöver innehållskedjan en sponsor?",
        "Wie baue ich eine Content-Lieferkette auf?",
        "Chi guida la catena di fornitura dei contenuti?",
        "Qui pilote la chaîne d'approvisionnement de contenu ?",
        "¿Quién lidera la cadena de suministro de contenidos?",
        "Utforma en operativmodell för Supply chain Success",
    ],
)
def test_content_supply_chain_in_the_askers_words(text):
    assert mentioned_products(text) == ["Content Supply Chain"]


def test_other_supply_chains_name_no_product():
    assert mentioned_products("How do supply chains in logistics work?") == []


def test_products_by_name_and_acronym():
    assert mentioned_products("Vad gör en AJO-arkitekt i Customer Journey Analytics?") == [
        "Journey Optimizer", "Customer Journey Analytics",
    ]  # fmt: skip
    assert mentioned_products("content supply chain") == ["Content Supply Chain"]
    assert "CJA" not in strip_products("roles in CJA")


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("CJA的治理节奏是什么？", "Customer Journey Analytics"),  # no space between words in Chinese
        ("CJAの変更管理にはどんなステップがありますか？", "Customer Journey Analytics"),
        ("AJO팀에는 어떤 역할이 필요한가요?", "Journey Optimizer"),
        ("Journey Optimizerの運用モデル", "Journey Optimizer"),
    ],
)
def test_a_product_name_written_against_cjk_text(text, product):
    assert mentioned_products(text) == [product]
    assert topic_words(text) == text.replace("CJA", "").replace("AJO", "").replace("Journey Optimizer", "").strip()


def test_a_product_acronym_inside_a_latin_word_is_no_name():
    assert mentioned_products("Il ajoute une étape; AJOs; CJAX; sCJA") == []


@pytest.mark.parametrize(
    ("title", "short"),
    [
        (
            "Adobe Journey Optimizer Value Realization Series - Session 1 "
            "Roadmap to Value with Adobe Journey Optimizer",
            "Roadmap to Value with AJO",
        ),
        (
            "Serie Adobe Journey Optimizer Value Realization - "
            "Roadmap della prima sessione al valore con Adobe Journey Optimizer",
            "Roadmap della prima sessione al valore con AJO",
        ),
        ("VRA Session 5 - Change Management Strategies to Operate your Content Supply Chain",
         "Change Management Strategies to Operate your Content Supply Chain"),
        ("Building Executive Sponsorship for support of Adobe Customer Journey Analytics Success",
         "Building Executive Sponsorship for support of CJA Success"),
        ("Designing an Operating Model for AJO Success", "Designing an Operating Model for AJO Success"),
        ("Value Realization", "Value Realization"),  # nothing after the series' name: the title stays
    ],
)  # fmt: skip
def test_an_answer_names_its_session_by_a_short_title(title, short):
    assert short_title(title) == short


def test_topic_words_are_the_text_without_product_names_unless_nothing_else_is_left():
    assert topic_words("Which roles does a CJA team need?") == "Which roles does a team need?"
    assert topic_words("Vilka roller behövs för innehållskedjan?") == "Vilka roller behövs för ?"
    assert topic_words("CJA?") == "CJA?"
    assert without_products("CJA?") == "?"  # a follow-up's earlier question carries no product into the search


def test_a_product_name_with_one_misspelt_word_is_corrected():
    assert corrected_products("What roles does the Jorney Optimizer team need?") == (
        "What roles does the Journey Optimizer team need?"
    )
    assert corrected_products("Custmer Journey Analytics und Journey Optimzer") == (
        "Customer Journey Analytics und Journey Optimizer"
    )
    assert corrected_products("Wie sieht die Content Suply Chain aus?") == "Wie sieht die Content Supply Chain aus?"
    for kept in ("Journey Optimizer roles", "customer journey analysis", "a Customer Journey Analyst", "Jorney"):
        assert corrected_products(kept) == kept  # right, two words wrong, another word, or alone


def test_the_vendors_name_is_taken_out_wherever_it_stands():
    assert without_vendor("Wie kündige ich meinen Adobe-Vertrag?").split() == [
        "Wie",
        "kündige",
        "ich",
        "meinen",
        "-Vertrag?",
    ]
    assert without_vendor("Adobes avtal, Adobe's price").split() == ["avtal,", "price"]  # genitives too
    assert without_vendor("Adobeland") == "Adobeland"
