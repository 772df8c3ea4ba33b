"""Gradio chat page: translates between the page and the Runtime's services, nothing more."""

from __future__ import annotations

from collections.abc import Iterator

import gradio as gr
from pydantic import ValidationError

from assistant.citations import after_title, citation
from assistant.errors import IndexProblem
from assistant.feedback import FeedbackRefused
from assistant.response import Delta
from assistant.runtime import NotReady, Runtime
from assistant.schemas import (
    MAX_HISTORY_TURNS,
    MAX_MESSAGE_CHARS,
    MAX_TURN_CHARS,
    ChatRequest,
    ChatResponse,
    FeedbackRequest,
    Filters,
    describe,
)
from ui.documents_tab import build_documents_tab
from ui.texts import AUTO, EXAMPLES, LANGUAGE_CHOICES, OWN_NAMES, texts

ANSWERS_AT_ONCE = 16
SOLUTIONS = ["Journey Optimizer", "Customer Journey Analytics", "Content Supply Chain"]
CSS = """
.gradio-container {max-width: 960px !important; margin: 0 auto !important;}
#header h1 {margin-bottom: 0.2em;}
#header p {color: var(--body-text-color-subdued); margin-top: 0;}
.message .prose blockquote {border-left: 3px solid var(--color-accent); padding-left: 0.8em; opacity: 0.9;}
#chat .message .prose hr {margin: 0.7em 0 !important;}  /* the rule above the sources: no wide gap */
"""
THEME = gr.themes.Soft(
    primary_hue="blue",
    font=["ui-sans-serif", "system-ui", "Segoe UI", "Roboto", "sans-serif"],  # no web fonts: works offline
    font_mono=["ui-monospace", "SFMono-Regular", "monospace"],
)


def page_language(choice: str | None) -> str:
    return "en" if not choice or choice == AUTO else choice


def header(language: str) -> str:
    t = texts(language)
    return f"# {t['title']}\n{t['subtitle']}"


def sources_markdown(response: ChatResponse, language: str) -> str:
    if not response.sources:
        return ""
    t = texts(language)
    lines = [f"**{t['sources']}**"]

    for s in response.sources:  # the answer cites them by these numbers, on every surface
        video = f" · [▶ {t['video']}]({s.url})" if s.url else ""
        language = OWN_NAMES.get(s.language, s.language)
        lines.append(f"- **{citation(s.n)}** *{s.title}*{after_title(s)} · {language}{video}")
    if response.answerer.startswith("llm:"):
        model = response.answerer.removeprefix("llm:")
        lines.append(f"\n<small>✍ {t['written_by'].format(model=f'`{model}`')}</small>")
    return "\n\n---\n" + "\n".join(lines)


def solution_filter(choice: str | None) -> Filters | None:
    return Filters(solution=choice) if choice and choice != "all" else None


def products(runtime: Runtime) -> list[str]:
    """The series' products, and any other product uploaded content names."""
    try:
        named = {d.solution for d in runtime.documents() if d.solution}
    except (NotReady, IndexProblem):
        named = set()
    return SOLUTIONS + sorted(named - set(SOLUTIONS))


def message_text(content: object) -> str:
    """A chat message's text, whichever shape Gradio gives it (a string, or a list of parts)."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return str(content.get("text") or content.get("content") or "")
    if isinstance(content, list):
        return "".join(message_text(part) for part in content)
    return ""


def chat_request(message: str, turns: list[dict], language: str, solution: str) -> ChatRequest:
    """The page's question, checked by the same schema and limits as the API's."""
    asked = None if language == AUTO else language
    return ChatRequest(message=message, history=turns, language=asked, filters=solution_filter(solution))


def build_ui(runtime: Runtime, refused: str | None = None) -> gr.Blocks:
    """The page; `refused` says why document changes are not allowed on this server (none: allowed)."""

    def product_choices(page: str) -> dict:
        return gr.update(choices=[(texts(page)["all"], "all"), *[(s, s) for s in products(runtime)]])

    def respond(
        message: str, chat: list[dict], turns: list[dict], answers: list[str], language: str, solution: str
    ) -> Iterator[tuple[str, list[dict], list[dict], list[str]]]:
        if not (message or "").strip():
            yield "", chat, turns, answers
            return
        try:
            request = chat_request(message, turns, language, solution)
        except ValidationError as exc:
            gr.Warning(describe(exc.errors())[0])
            yield "", chat, turns, answers
            return
        # What the session keeps is bounded: the API's history limit, for the page's conversation too.
        chat = [*chat, {"role": "user", "content": request.message}, {"role": "assistant", "content": ""}]
        chat, answers = chat[-2 * MAX_HISTORY_TURNS :], answers[-MAX_HISTORY_TURNS:]
        yield "", chat, turns, answers
        try:
            stream = runtime.chat.stream(request.message, request.history, request.language, request.filters)
            for item in stream:
                if isinstance(item, Delta):
                    chat[-1]["content"] += item.text
                else:
                    chat[-1]["content"] = item.answer + sources_markdown(item, item.language)
                    turns = [*turns, {"role": "user", "content": request.message},
                             {"role": "assistant", "content": item.answer}][-MAX_HISTORY_TURNS:]  # fmt: skip
                    answers = [*answers, item.answer]
                yield "", chat, turns, answers
        except (NotReady, IndexProblem) as exc:
            chat[-1]["content"] = f"⏳ {exc}"
            yield "", chat, turns, [*answers, ""]

    def feedback(data: gr.LikeData, chat: list[dict], answers: list[str], request: gr.Request) -> None:
        """Stored through the same checks, caps and rate limit as the API's feedback route."""
        index = data.index if isinstance(data.index, int) else data.index[0]
        if not 0 <= index < len(chat):
            return
        nth = sum(1 for m in chat[:index] if m["role"] == "assistant")  # this answer's place among answers
        shown = message_text(chat[index]["content"])
        answer = answers[nth] if nth < len(answers) and answers[nth] else shown
        question = next((message_text(m["content"]) for m in reversed(chat[:index]) if m["role"] == "user"), "")
        liked = data.liked if isinstance(data.liked, bool) else str(data.liked).lower() == "like"
        client = request.client.host if request and request.client else "page"
        question_at = max((i for i in range(index) if chat[i]["role"] == "user"), default=0)
        history = [
            {"role": m["role"], "content": message_text(m["content"])[:MAX_TURN_CHARS]} for m in chat[:question_at]
        ][-MAX_HISTORY_TURNS:]
        try:
            body = FeedbackRequest(message=question, answer=answer, rating="up" if liked else "down", history=history)
            runtime.feedback.record(body, client)
        except ValidationError as exc:
            gr.Warning(describe(exc.errors())[0])
        except FeedbackRefused as exc:
            gr.Warning(str(exc))

    def relabel(language: str):
        page = page_language(language)
        t = texts(page)
        return (
            header(page),
            gr.update(placeholder=t["placeholder"]),
            gr.update(value=t["send"]),
            gr.update(value=t["clear"]),
            gr.update(label=t["language"]),
            gr.update(label=t["solution"], choices=[(t["all"], "all"), *[(s, s) for s in products(runtime)]]),
        )

    t = texts("en")
    with gr.Blocks(title="Session Assistant", analytics_enabled=False) as page:
        turns = gr.State([])  # the conversation sent as history (answers without their sources)
        answers = gr.State([])  # each shown answer's text, for feedback
        title = gr.Markdown(header("en"), elem_id="header")
        with gr.Tabs():
            with gr.Tab("Chat", id="chat-tab", elem_id="chat-tab"):
                with gr.Row():
                    language = gr.Dropdown(
                        LANGUAGE_CHOICES, value=AUTO, label=t["language"], elem_id="language", scale=1
                    )
                    solution = gr.Dropdown(
                        [(t["all"], "all"), *[(s, s) for s in SOLUTIONS]], value="all", label=t["solution"],
                        elem_id="solution", scale=1,
                    )  # fmt: skip
                chatbot = gr.Chatbot(
                    elem_id="chat", height="62vh", show_label=False, feedback_options=("Like", "Dislike"),
                    buttons=["copy"], layout="bubble",
                )  # fmt: skip
                with gr.Row():
                    box = gr.Textbox(
                        placeholder=t["placeholder"], show_label=False, scale=8, elem_id="question", autofocus=True,
                        max_length=MAX_MESSAGE_CHARS,
                    )  # fmt: skip
                    send = gr.Button(t["send"], variant="primary", scale=1, elem_id="send")
                    clear = gr.Button(t["clear"], scale=1, elem_id="clear")
                gr.Examples(EXAMPLES, inputs=box, label="Examples · Exempel · Beispiele · Esempi")
            with gr.Tab("Documents", id="documents-tab", elem_id="documents-tab"):
                documents = build_documents_tab(runtime, refused)

        inputs = [box, chatbot, turns, answers, language, solution]
        outputs = [box, chatbot, turns, answers]
        # Gradio runs one event of a kind at a time by default; answers from a model server take seconds,
        # and ChatService is safe to share, so askers are served side by side as the API serves them.
        box.submit(respond, inputs, outputs, concurrency_limit=ANSWERS_AT_ONCE, concurrency_id="answer")
        send.click(respond, inputs, outputs, concurrency_limit=ANSWERS_AT_ONCE, concurrency_id="answer")
        clear.click(lambda: ("", [], [], []), None, outputs)
        chatbot.like(feedback, [chatbot, answers], None)
        language.change(relabel, [language], [title, box, send, clear, language, solution])
        # New content shows without a restart: the table and the product filter follow the index.
        documents.refresh.click(lambda language: product_choices(page_language(language)), [language], [solution])
        page.load(documents.load, None, documents.outputs)
    return page
