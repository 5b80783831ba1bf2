from api.cache import AnswerCache
from assistant.types import Answer


def answer(text: str) -> Answer:
    return Answer(text=text, lang="en", citations=[], abstained=False)


def test_cache_serves_identical_keys_and_drops_all_on_a_new_generation() -> None:
    generation = [1]
    calls: list[str] = []
    cache = AnswerCache(size=2, generation=lambda: generation[0], check_every_s=0.0)

    def compute(text: str):
        return lambda: calls.append(text) or answer(text)

    assert cache.get_or_compute(("q", "public"), compute("a")) == (answer("a"), False)
    assert cache.get_or_compute(("q", "public"), compute("b")) == (answer("a"), True)
    assert cache.get_or_compute(("q", "internal"), compute("c")) == (answer("c"), False)
    cache.get_or_compute(("other", "public"), compute("d"))
    assert cache.get_or_compute(("q", "public"), compute("e"))[1] is False  # evicted (size 2)
    generation[0] = 2
    assert cache.get_or_compute(("other", "public"), compute("f")) == (answer("f"), False)
    assert calls == ["a", "c", "d", "e", "f"]


def test_size_zero_turns_the_cache_off() -> None:
    cache = AnswerCache(size=0, generation=lambda: 1)
    assert cache.get_or_compute("k", lambda: answer("x"))[1] is False
    assert cache.get_or_compute("k", lambda: answer("y")) == (answer("y"), False)


def test_identical_requests_are_answered_from_the_cache(client) -> None:
    question = {"question": "How many staff work at Baltimore?"}
    first = client.post("/v1/ask", json=question).json()
    second = client.post("/v1/ask", json=question).json()
    assert "cache" not in first["timings_ms"] and "embed" in first["timings_ms"]
    assert set(second["timings_ms"]) == {"cache", "total"}
    assert second["answer"] == first["answer"] and second["citations"] == first["citations"]
    assert second["trace_id"] != first["trace_id"]
