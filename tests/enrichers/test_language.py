"""Language identification: the bundled fastText lite model, offline, network languages first."""

from __future__ import annotations

import socket

import pytest

from mixroom.pipelines.enrichers import language
from mixroom.pipelines.enrichers.language import LanguageDetector


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The museum opened a new exhibition about the harbour", "en"),
        ("Le musée a ouvert une nouvelle exposition sur le port", "fr"),
        ("El museo ha abierto una nueva exposición sobre el puerto", "es"),
        ("El museu ha obert una nova exposició sobre el port", "ca"),
        ("Il museo ha aperto una nuova mostra sul porto", "it"),
        ("Das Museum hat eine neue Ausstellung über den Hafen eröffnet", "de"),
        ("Het museum heeft een nieuwe tentoonstelling over de haven geopend", "nl"),
        ("O museu abriu uma nova exposição sobre o porto", "pt"),
    ],
)
def test_each_network_language(text: str, expected: str) -> None:
    found, score = LanguageDetector().detect(text)
    assert found == expected
    assert score is not None and 0.5 < score <= 1.0


def test_links_mentions_and_hashtags_do_not_decide() -> None:
    text = "@museum_of_london #MuseumWeek https://example.org/x Quelle belle journée au musée"
    assert LanguageDetector().detect(text)[0] == "fr"


@pytest.mark.parametrize("text", ["", "🎉🎉", "https://example.org/page", "#museomix @x", "ok"])
def test_nothing_to_identify_is_none(text: str) -> None:
    assert LanguageDetector().detect(text) == (None, None)


def test_a_sure_foreign_language_is_kept() -> None:
    found, _ = LanguageDetector().detect("Музей открыл новую выставку о порте города")
    assert found == "ru"


def test_restricting_languages_changes_the_answer() -> None:
    text = "Bom dia a todos, o museu abriu"
    assert LanguageDetector(languages=("es", "it"), foreign_threshold=1.1).detect(text)[0] in {
        "es",
        "it",
    }


def test_runs_without_any_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """The lite model ships in the wheel: loading it opens no socket."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("language detection tried to reach the network")

    language._detector.cache_clear()
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    try:
        assert LanguageDetector().detect("Guten Morgen aus dem Museum in Berlin")[0] == "de"
    finally:
        language._detector.cache_clear()


def test_enrich_keeps_order() -> None:
    texts = ["Buongiorno dal museo di Torino", "Good morning from the museum"]
    assert [found for found, _ in LanguageDetector().enrich(texts)] == ["it", "en"]
