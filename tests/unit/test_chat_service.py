"""ChatService's own decisions on hand-built evidence: who writes the answer, the LLM's rest after a
failure, the fallback mid-stream, and the retry when a rebuild swapped the collection away."""

import time
from typing import Any

from chromadb.errors import NotFoundError
from llama_index.core.llms import CompletionResponse
from llama_index.core.llms.mock import MockLLM

from assistant.chat import ChatService
from assistant.components import Components
from assistant.response import Delta
from assistant.settings import Settings
from tests.unit.stub_retriever import StubIndex, StubRetriever, hit

CADENCE = "Weekly stand-ups, monthly steering reviews and quarterly roadmap reviews."
QUESTION = "How often are the steering reviews held?"


class ModelServer(MockLLM):
    """An LLM client whose server answers, fails at once, fails after two tokens, keeps writing slowly,
    or writes the prompt's rules back."""

    mode: str = "ok"
    calls: int = 0

    def stream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any):
        self.calls += 1
        if self.mode == "down":
            raise ConnectionError("connection refused")

        def tokens():
            if self.mode == "endless":
                while True:
                    time.sleep(0.05)
                    yield CompletionResponse(text="more ", delta="more ")
            words = ["Monthly ", "steering ", "reviews [1]."]
            if self.mode == "echo":
                words = ["Rules: - Use only facts stated in the passages; add nothing from your own knowledge."]
            for i, token in enumerate(words):
                if self.mode == "breaks" and i == 2:
                    raise ConnectionError("stream cut")
                yield CompletionResponse(text=token, delta=token)

        return tokens()


def service(
    mode: str = "ok", hits=None, retry_after: float = 30.0, deadline: float = 60.0
) -> tuple[ChatService, ModelServer]:
    settings = Settings(llm="openai", llm_model="m", llm_retry_after=retry_after, llm_deadline=deadline)
    components = Components(settings)
    server = ModelServer(max_tokens=None)
    server.mode = mode
    components.__dict__["llm"] = server  # the client the settings would build, swapped for this one
    index = StubIndex(StubRetriever(hits if hits is not None else [hit(CADENCE, 0.9, section="Cadence")]))
    return ChatService(components, index), server


def test_the_model_writes_the_answer_when_its_server_works():
    chat, server = service("ok")
    pieces = list(chat.stream(QUESTION))
    assert "".join(p.text for p in pieces if isinstance(p, Delta)) == "Monthly steering reviews [1]."
    assert pieces[-1].answerer == "llm:m" and pieces[-1].sources[0].section == "Cadence"
    assert server.calls == 1


def test_a_failed_server_gets_the_extractive_answer_and_a_rest():
    chat, server = service("down", retry_after=0.2)
    first = chat.answer(QUESTION)
    assert first.answerer == "extractive" and "monthly steering reviews" in first.answer and server.calls == 1
    second = chat.answer(QUESTION)
    assert second.answerer == "extractive" and server.calls == 1  # resting: the server is not asked
    time.sleep(0.25)
    server.mode = "ok"
    assert chat.answer(QUESTION).answerer == "llm:m" and server.calls == 2  # tried again after the rest


def test_a_stream_cut_midway_continues_with_the_extractive_answer_after_a_rule():
    chat, _ = service("breaks")
    pieces = list(chat.stream(QUESTION))
    streamed = "".join(p.text for p in pieces if isinstance(p, Delta))
    final = pieces[-1]
    assert streamed == final.answer and final.answerer == "extractive"
    assert final.answer.startswith("Monthly steering ") and "\n\n---\n\n" in final.answer


def test_out_of_scope_is_said_plainly_without_asking_the_model():
    chat, server = service("ok", hits=[hit(CADENCE, 0.5)])
    response = chat.answer("Tell me a joke")
    assert not response.grounded and response.sources == [] and response.answerer == "extractive"
    assert server.calls == 0  # no passages: the model is not asked, so it cannot answer from its own knowledge


class VanishingRetriever(StubRetriever):
    """The first search meets a collection a rebuild just deleted."""

    def hybrid(self, query, language, top_k, filters):
        if not self.calls:
            self.calls.append(None)  # type: ignore[arg-type]
            raise NotFoundError("Collection [old] does not exist.")
        return super().hybrid(query, language, top_k, filters)


def test_a_collection_swapped_away_mid_request_is_retried_on_the_new_view():
    retriever = VanishingRetriever([hit(CADENCE, 0.9)])
    index = StubIndex(retriever)
    chat = ChatService(Components(Settings()), index)
    response = chat.answer(QUESTION)
    assert response.grounded and "monthly steering reviews" in response.answer
    assert index.held == []  # every view taken was given back


def test_sources_are_what_the_answer_quotes_and_what_matches_as_well_no_filler():
    quoted = hit(CADENCE, 0.90, section="Cadence", section_index=2)
    # Its `#` heading restates the title in other words, as real pages do: the flag says what it is.
    overview = hit(
        "In this session we review the operating model.", 0.90, section="Designing an Operating Model (AJO)",
        section_index=0, overview=True,
    )  # fmt: skip
    close = hit("Reviews are chaired by the sponsor.", 0.89, section="Reviews", section_index=3)
    weak = hit("Roles and responsibilities.", 0.84, section="Roles", section_index=1)
    chat = ChatService(Components(Settings(max_sources=4)), StubIndex(StubRetriever([quoted, overview, close, weak])))
    sources = [s.section for s in chat.answer(QUESTION).sources]
    # The quoted section, then one that matches as well; not the page's overview, not a weaker match.
    assert sources == ["Cadence", "Reviews"]


def test_a_name_no_page_uses_is_answered_as_not_mentioned_in_the_askers_language():
    retriever = StubRetriever([hit(CADENCE, 0.95)], unknown=["Marketo"])
    chat = ChatService(Components(Settings()), StubIndex(retriever))
    response = chat.answer("Come si configura il lead scoring in Marketo?")
    assert not response.grounded and response.sources == [] and response.language == "it"
    assert response.answer.startswith("Le sessioni che conosco non menzionano Marketo.")
    assert retriever.calls == []  # nothing was searched: the name decides


def test_prices_salaries_speakers_and_slides_are_not_covered_unless_a_page_speaks_of_them():
    retriever = StubRetriever([hit(CADENCE, 0.95)])
    chat = ChatService(Components(Settings()), StubIndex(retriever))
    for question, start in (
        ("How much does a Customer Journey Analytics licence cost?", "The sessions I know don't cover prices"),
        ("Hur mycket kostar Journey Optimizer per år?", "Sessionerna jag känner till tar inte upp priser"),
        ("Quanto costa una licenza di AJO?", "Le sessioni che conosco non parlano di prezzi"),
        ("Vad tjänar en AJO-utvecklare i Sverige?", "Sessionerna jag känner till tar inte upp löner"),
        ("Wie hoch ist das Gehalt eines CJA-Analysten?", "Die mir bekannten Sessions nennen keine Gehälter"),
        ("Wer hält die Sessions?", "Die mir bekannten Session-Seiten nennen die Vortragenden nicht"),
        ("Can I download the slides?", "The session pages I know offer no slides or downloads"),
    ):
        response = chat.answer(question)
        assert not response.grounded and response.sources == [] and response.answer.startswith(start)
    assert retriever.calls == []  # nothing was searched
    # A page that names prices answers the same question from the pages.
    priced = StubRetriever([hit("The licence price is listed per seat. Steering meets monthly.", 0.95)])
    answer = ChatService(Components(Settings()), StubIndex(priced)).answer("What does a licence cost?")
    assert answer.grounded and priced.calls


def test_greetings_thanks_and_requests_for_help_are_answered_without_a_search():
    retriever = StubRetriever([hit(CADENCE, 0.9, section="Cadence")])
    chat = ChatService(Components(Settings()), StubIndex(retriever))
    hello = chat.answer("Ciao, come stai?")
    assert hello.language == "it" and hello.answer.startswith("Ciao! Rispondo a domande sui webinar")
    assert not hello.grounded and hello.sources == []
    assert chat.answer("Danke!").answer == "Gern geschehen! Fragen Sie gern weiter zu den Sessions."
    assert chat.answer("Vad kan du hjälpa till med?").answer.startswith("Jag svarar på frågor om Adobes webbinarier")
    assert retriever.calls == []  # nothing was searched
    assert chat.answer("Hej, hur ofta hålls steering reviews?").grounded  # a question after the greeting
    with_model, server = service("ok")
    thanks = with_model.answer("Grazie mille!")
    assert thanks.answer == "Prego! Chiedi pure altro sulle sessioni." and server.calls == 0  # nor the model


def test_who_a_session_is_for_and_how_long_it_is_come_from_its_front_matter():
    page = hit(CADENCE, 0.9, section="Cadence")
    page.node.metadata |= {"role": "Leader, User", "level": "Beginner", "duration": 2695}
    chat = ChatService(Components(Settings()), StubIndex(StubRetriever([page])))
    answer = chat.answer("Who is the session on steering reviews for?").answer
    # the facts answer a question for nothing else, under the session's title, with no quote of the page
    assert answer == "**Operating Model** [1]\n\nThe session is meant for: Leader and User. Level: Beginner."
    answer = chat.answer("A chi è rivolta la sessione sulle steering reviews?").answer  # the values in Italian
    assert answer.endswith("La sessione è rivolta a: responsabili e utenti. Livello: principiante.")
    answer = chat.answer("Wie lange dauert die Session zu den Steering Reviews?").answer
    assert answer.endswith("Die Aufzeichnung dauert etwa 45 Minuten.") and "Steering" not in answer
    # ... and come before the quote when the question asks about the content too
    answer = chat.answer("What does the session say about steering reviews, and who is it for?").answer
    assert answer.startswith("The session is meant for: Leader and User. Level: Beginner.\n\nAccording to")
    assert "meant for" not in chat.answer(QUESTION).answer and "minutes" not in chat.answer(QUESTION).answer
    unlevelled = hit(CADENCE, 0.9, section="Cadence")  # a fact the page does not give is not said
    unlevelled.node.metadata |= {"role": "Leader, User"}
    chat = ChatService(Components(Settings()), StubIndex(StubRetriever([unlevelled])))
    assert chat.answer("Who is the session on steering reviews for?").answer.endswith(
        "The session is meant for: Leader and User."
    )


def test_asking_for_the_recording_gets_the_video_link_first():
    video = hit(CADENCE, 0.9, section="Cadence")
    video.node.metadata["video_url"] = "https://video.tv.adobe.com/v/1/"
    chat = ChatService(Components(Settings()), StubIndex(StubRetriever([video])))
    answer = chat.answer("Is there a video of the session on steering reviews?").answer
    assert answer == "**Operating Model** [1]\n\nThe session's recording is here: https://video.tv.adobe.com/v/1/"
    roles = hit("The steering reviews are run by the program lead.", 0.9, section="Roles", section_index=2)
    chat = ChatService(Components(Settings()), StubIndex(StubRetriever([video, roles])))
    assert [s.section for s in chat.answer(QUESTION).sources] == ["Cadence", "Roles"]  # both match
    response = chat.answer("Is there a video of the session on steering reviews?")
    assert [s.section for s in response.sources] == ["Cadence"]  # the facts cite their session alone
    answer = chat.answer("What do they say in the video about steering reviews?").answer  # content asked too
    assert answer.startswith("The session's recording is here: https://video.tv.adobe.com/v/1/\n\nAccording to")
    assert "recording" not in chat.answer(QUESTION).answer  # only when asked for


def test_a_model_that_keeps_writing_is_cut_at_the_deadline_and_the_extractive_answer_follows():
    chat, _ = service("endless", deadline=0.5)
    started = time.perf_counter()
    pieces = list(chat.stream(QUESTION))
    assert time.perf_counter() - started < 1.5
    final = pieces[-1]
    assert final.answerer == "extractive" and final.answer.startswith("more more")
    assert "\n\n---\n\n" in final.answer and "monthly steering reviews" in final.answer
    assert "".join(p.text for p in pieces if isinstance(p, Delta)) == final.answer


def test_a_model_that_writes_the_prompt_back_is_not_passed_off_as_grounded(caplog):
    chat, server = service("echo")
    final = chat.answer(QUESTION)
    assert final.answerer == "extractive" and "monthly steering reviews" in final.answer
    assert "repeats the prompt's instructions" in caplog.text
    server.mode = "ok"
    assert chat.answer(QUESTION).answerer == "llm:m"  # no rest: the server itself works


QUOTE_MARKS = [("”", "”"), ("„", "“"), ("«", "»"), ("“", "”"), ("« ", " »"), ("‘", "’"), ("「", "」"), ("'", "'")]


def test_a_topic_one_products_pages_lack_is_said_as_their_words_not_as_their_content():
    # The Swedish CJA pages never write "avdelningar" but list the departments ("IT, marknadsföring, juridik
    # och säkerhet"): the line says what the words show, in every language, with the words quoted.
    from assistant.chat import absent_line
    from assistant.evidence import Absent
    from ingest.language import SUPPORTED

    absent = Absent("avdelningar", "Customer Journey Analytics", "Change Management Strategies for AJO Adoption")
    lines = {language: absent_line(absent, language) for language in SUPPORTED}
    assert lines["sv"] == (
        "Ingen av sessionerna om Customer Journey Analytics skriver ”avdelningar”; "
        "det gör sessionen **Change Management Strategies for AJO Adoption**."
    )
    for language, line in lines.items():
        assert "Customer Journey Analytics" in line and "**Change Management Strategies for AJO Adoption**" in line
        assert any(f"{o}avdelningar{c}" in line for o, c in QUOTE_MARKS), line
        assert not any(w in line for w in ("nämner inte", "erwähnen", "menzionano", "don't mention")), language
