"""The chat page in real headless Chromium: ask in Swedish, see a Swedish answer and its source, give feedback."""

import time

import pytest

from assistant.feedback import FeedbackStore
from tests.conftest import ask_on_page


def test_swedish_question_answer_sources_and_feedback(browser, live_server, corpus_index, tmp_path):
    page = browser.new_page(viewport={"width": 1200, "height": 1000})
    page.goto(live_server + "/")
    page.wait_for_selector("#question textarea", timeout=60_000)
    text = ask_on_page(page, "Vilka är de tre stegen i teamutvecklingen?", "Källor")
    assert "Enligt sessionen" in text
    for figure in ("2-3", "5-10", "15-20"):
        assert figure in text
    assert "Källor" in text and "Utforma en operativmodell för AJO Success" in text
    assert page.locator('#chat a[href*="video.tv.adobe.com"]').count() >= 1

    store = FeedbackStore(corpus_index.settings.feedback_db)
    before = len(store.rows())
    page.locator('#chat button[aria-label="Like"]').last.click()
    deadline = time.time() + 15
    while len(store.rows()) == before and time.time() < deadline:
        time.sleep(0.2)
    row = store.rows()[-1]
    assert row["rating"] == "up" and "teamutvecklingen" in row["message"] and "2-3" in row["answer"]
    # The answer's own text, as the API stores it: not the message list's repr, not the sources list.
    assert row["answer"].startswith("Enligt sessionen") and "Källor" not in row["answer"]
    page.screenshot(path=str(tmp_path / "swedish.png"), full_page=True)


def test_page_texts_follow_the_chosen_language_and_follow_ups_work(browser, live_server):
    page = browser.new_page(viewport={"width": 1200, "height": 1000})
    page.goto(live_server + "/")
    page.wait_for_selector("#question textarea", timeout=60_000)
    page.click("#language input")
    page.get_by_role("option", name="Deutsch").click()
    page.wait_for_function("() => document.querySelector('#send').innerText.includes('Senden')", timeout=15_000)
    assert "Session-Assistent" in page.inner_text("#header")
    first = ask_on_page(page, "Was sind die vier Säulen eines AJO-Betriebsmodells?", "Quellen")
    assert "Rollenklarheit" in first and "Quellen" in first
    follow_up = ask_on_page(page, "Und wie sieht die Team-Entwicklung aus?", "Quellen")
    assert "15-20" in follow_up
    page.click("#clear")
    page.wait_for_function("() => !document.querySelector('#chat [data-testid=\"bot\"]')", timeout=15_000)


def test_asking_for_the_answer_in_another_language_on_the_page(browser, live_server, tmp_path):
    page = browser.new_page(viewport={"width": 1200, "height": 1000})
    page.goto(live_server + "/")
    page.wait_for_selector("#question textarea", timeout=60_000)
    first = ask_on_page(page, "Hur stort ska AJO-teamet vara i början?", "Källor")
    assert "Enligt sessionen" in first
    again = ask_on_page(page, "Kannst du das auf Deutsch sagen?", "Quellen")  # the page's words follow the answer
    assert "Laut der Session" in again and "2-3" in again and "Entwerfen eines Betriebsmodells" in again
    page.screenshot(path=str(tmp_path / "restated.png"), full_page=True)


@pytest.mark.parametrize("fake_llm", ["openai"], indirect=True)
def test_model_written_answer_streams_into_the_page_with_numbered_sources(browser, llm_components, fake_llm, tmp_path):
    from assistant.fake_llm_servers import derived_reply
    from tests.conftest import serving

    fake_llm.token_delay = 0.1
    with serving(llm_components()) as url:
        page = browser.new_page(viewport={"width": 1200, "height": 1000})
        page.goto(url + "/")
        page.wait_for_selector("#question textarea", timeout=60_000)
        page.fill("#question textarea", "Vilka är de tre stegen i teamutvecklingen?")
        page.click("#send")
        # Mid-stream: part of the model's text is on the page before the sources arrive.
        page.wait_for_function(
            """() => { const b = document.querySelectorAll('#chat [data-testid="bot"]');
               const last = b.length ? b[b.length - 1].innerText : '';
               return last.trim().length > 0 && !last.includes('Källor'); }""",
            timeout=60_000,
        )
        page.wait_for_function(
            """() => { const b = document.querySelectorAll('#chat [data-testid="bot"]');
               return b.length && b[b.length - 1].innerText.includes('Källor'); }""",
            timeout=60_000,
        )
        text = page.locator('#chat [data-testid="bot"]').last.inner_text()
        page.screenshot(path=str(tmp_path / "llm.png"), full_page=True)
    reply = derived_reply(fake_llm.requests[-1]["messages"])
    assert reply.split(" [1]")[0] in text and "[1]" in text
    assert "Skrivet av fake-model" in text
    assert "Utforma en operativmodell för AJO Success" in text.split("Källor")[1]


@pytest.mark.parametrize("fake_llm", ["ollama"], indirect=True)
def test_two_askers_are_answered_side_by_side(browser, llm_components, fake_llm):
    """A model server takes seconds per answer: the page must not queue one asker behind another."""
    from tests.conftest import serving

    fake_llm.delay = 2.0
    with serving(llm_components()) as url:
        pages = [browser.new_page(viewport={"width": 1000, "height": 800}) for _ in range(2)]
        for page in pages:
            page.goto(url + "/")
            page.wait_for_selector("#question textarea", timeout=60_000)
        questions = ["Vilka är de tre stegen i teamutvecklingen?", "Vilka roller behövs i CJA?"]
        for page, question in zip(pages, questions, strict=True):
            page.fill("#question textarea", question)
            page.click("#send")
        for page in pages:
            page.wait_for_function(
                """() => { const b = document.querySelectorAll('#chat [data-testid="bot"]');
                   return b.length && b[b.length - 1].innerText.includes('Källor'); }""",
                timeout=60_000,
            )
    assert len(fake_llm.requests) == 2 and fake_llm.most_at_once == 2


def test_with_a_key_the_page_asks_for_it_then_answers_with_nothing_loaded_from_elsewhere(
    browser, corpus_index, tmp_path
):
    from assistant.components import Components
    from tests.conftest import serving

    settings = corpus_index.settings.model_copy(update={"api_key": "s3cret"})
    keyed = Components(settings, embedding=corpus_index.embedding, client=corpus_index.client)
    with serving(keyed) as url:
        page = browser.new_page(viewport={"width": 1200, "height": 1000})
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
        page.on("request", lambda r: problems.append(r.url) if not r.url.startswith((url, "data:", "blob:")) else None)
        page.goto(url + "/")
        page.wait_for_selector("#key")
        page.screenshot(path=str(tmp_path / "login.png"))
        page.fill("#key", "wrong")
        page.click("button[type=submit]")
        assert "Wrong access key" in page.inner_text("form")
        page.fill("#key", "s3cret")
        page.click("button[type=submit]")
        page.wait_for_selector("#question textarea", timeout=60_000)
        text = ask_on_page(page, "Vilka är de tre stegen i teamutvecklingen?", "Källor")
        assert "15-20" in text
        page.goto(url + "/docs")
        page.wait_for_selector(".swagger-ui .info .title", timeout=30_000)
        assert "Session Assistant" in page.inner_text(".swagger-ui .info .title")
        page.screenshot(path=str(tmp_path / "docs.png"))
        assert not problems, problems


def test_the_newest_answer_is_in_view_in_a_long_conversation(browser, live_server, tmp_path):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(live_server + "/")
    page.wait_for_selector("#question textarea", timeout=60_000)
    for question, sources in (("Vilka är de tre stegen i teamutvecklingen?", "Källor"),
                              ("Wer verantwortet die Governance?", "Quellen"),
                              ("Quali ruoli chiave servono per CJA?", "Fonti"),
                              ("What is the recommended governance cadence?", "Sources"),
                              ("Was sind die vier Säulen eines AJO-Betriebsmodells?", "Quellen")):  # fmt: skip
        ask_on_page(page, question, sources)
    page.wait_for_timeout(500)  # the scroll follows the last render
    in_view = page.evaluate(
        """() => { const bots = document.querySelectorAll('#chat [data-testid="bot"]');
           const last = bots[bots.length - 1].getBoundingClientRect();
           const box = document.querySelector('#chat').getBoundingClientRect();
           return last.bottom <= box.bottom + 2 && last.bottom >= box.top; }"""
    )
    page.screenshot(path=str(tmp_path / "long-conversation.png"))
    assert in_view
