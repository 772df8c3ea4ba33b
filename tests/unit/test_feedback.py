"""Feedback is bounded: field lengths, a total size, a per-client rate (real SQLite, no model)."""

import pytest
from pydantic import ValidationError

from assistant.feedback import FeedbackRefused, FeedbackStore, RateLimit
from assistant.schemas import MAX_ANSWER_CHARS, FeedbackRequest


def feedback(answer: str = "An answer.") -> FeedbackRequest:
    return FeedbackRequest(message="A question?", answer=answer, rating="up")


def test_fields_are_capped_and_must_be_valid_text():
    with pytest.raises(ValidationError, match="answer"):
        feedback("x" * (MAX_ANSWER_CHARS + 1))
    with pytest.raises(ValidationError, match=r"lone surrogate|unicode string"):
        feedback("broken \ud800 text")


def test_rate_limit_per_client_in_a_sliding_minute():
    limit = RateLimit(3)
    assert [limit.wait_needed("a", now=t) for t in (0, 1, 2)] == [0, 0, 0]
    assert limit.wait_needed("a", now=3) == pytest.approx(57)
    assert limit.wait_needed("b", now=3) == 0  # another client is not slowed down
    assert limit.wait_needed("a", now=60.5) == 0  # the first event left the window


def test_store_refuses_past_the_rate_and_past_its_size(tmp_path):
    store = FeedbackStore(tmp_path / "fb.sqlite3", max_bytes=10_000_000, per_minute=2)
    store.record(feedback(), "1.2.3.4")
    store.record(feedback(), "1.2.3.4")
    with pytest.raises(FeedbackRefused) as too_fast:
        store.record(feedback(), "1.2.3.4")
    assert too_fast.value.status == 429 and too_fast.value.retry_after
    full = FeedbackStore(tmp_path / "fb.sqlite3", max_bytes=store.size(), per_minute=100)
    with pytest.raises(FeedbackRefused) as no_room:
        full.record(feedback(), "5.6.7.8")
    assert no_room.value.status == 507
    assert [r["answer"] for r in store.rows()] == ["An answer.", "An answer."]


def test_thumbs_down_become_evaluation_cases_for_a_person_to_complete(tmp_path, monkeypatch, capsys):
    import yaml

    from assistant.evaluation import load_cases
    from assistant.feedback import as_eval_cases
    from assistant.schemas import Turn
    from ui.cli import main

    store = FeedbackStore(tmp_path / "feedback.sqlite3")
    store.record(feedback(), "a")
    earlier = [Turn(role="user", content="Vilka roller behövs?"), Turn(role="assistant", content="Produktägare …")]
    down = FeedbackRequest(message="Och vem äger rapporteringen?", answer="Fel svar.", rating="down", history=earlier)
    store.record(down, "a")
    text = as_eval_cases(store.rows(), "down")
    cases = yaml.safe_load(text)
    assert cases == [
        {"id": "feedback-2", "question": "Och vem äger rapporteringen?", "language": "sv",
         "history": ["Vilka roller behövs?"], "jira": "TODO", "facts": []}
    ]  # fmt: skip
    assert "# rated down" in text and "Fel svar." in text
    exported = tmp_path / "cases.yaml"
    monkeypatch.setenv("SESSION_ASSISTANT_DATA_DIR", str(tmp_path))
    assert main(["feedback", "export", "--all", "--out", str(exported)]) == 0
    assert len(yaml.safe_load(exported.read_text())) == 2
    with pytest.raises(ValueError, match="fill in `jira`"):
        load_cases(exported)
