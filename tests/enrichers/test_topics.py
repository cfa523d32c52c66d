"""Topics: specs from the framework, keyword spotting, assignment, calibration and scores."""

from __future__ import annotations

import numpy as np
import pytest

from mixroom.pipelines.enrichers.embeddings import get_embedder
from mixroom.pipelines.enrichers.topics import (
    Calibration,
    TopicScorer,
    assign_topics,
    calibrate,
    default_topic_specs,
    micro_f1,
    shipped_calibration,
    specs_version,
    topic_specs,
)


def test_default_specs_cover_eight_languages() -> None:
    specs = {spec.code: spec for spec in default_topic_specs()}
    assert sorted(specs) == ["ER", "IC", "MC", "MFC", "MH", "OM", "TLC"]
    # en and fr descriptions from the store's framework, six more shipped, and keyword lines
    assert len(specs["ER"].texts) == 16
    assert "realitat virtual" in specs["ER"].keywords
    assert "virtual reality" in specs["ER"].keywords


def test_a_record_keeps_its_own_texts_and_gains_translations() -> None:
    specs = topic_specs(
        [
            {"code": "OM", "descriptions": {"en": "Open."}, "keywords": {"en": ["openness"]}},
            {"code": "LOCAL", "descriptions": {"en": "Our own topic"}, "keywords": {}},
        ]
    )
    open_museums, local = specs
    assert "Open." in open_museums.texts
    assert "openness" in open_museums.keywords and "dades obertes" in open_museums.keywords
    assert local.texts == ("Our own topic",) and local.keywords == ()


def test_assign_takes_the_best_and_near_ones_above_the_threshold() -> None:
    scores = np.array([[0.5, 0.47, 0.1], [0.1, 0.15, 0.12], [0.3, 0.2, 0.29]], dtype=np.float32)
    assigned = assign_topics(scores, ["A", "B", "C"], Calibration(0.2, 0.05, 0.0))
    assert assigned == [{"A": 0.5, "B": 0.47}, {}, {"A": 0.3, "C": 0.29}]


def test_micro_f1() -> None:
    assert micro_f1([["A"], ["B", "C"], []], [["A"], ["B"], ["C"]]) == pytest.approx(2 * 2 / 6)
    assert micro_f1([[]], [[]]) == 1.0


@pytest.fixture(scope="module")
def scorer() -> TopicScorer:
    return TopicScorer(default_topic_specs(), get_embedder(), shipped_calibration())


def test_keyword_acronyms_keep_their_case(scorer: TopicScorer) -> None:
    hits = scorer.keyword_hits(["J'ai vu une expo", "Une expo avec de l'IA", "virtual REALITY!"])
    tlc, er = scorer.codes.index("TLC"), scorer.codes.index("ER")
    assert hits[:, tlc].tolist() == [0.0, 1.0, 0.0]
    assert hits[:, er].tolist() == [0.0, 0.0, 1.0]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Les visiteurs ont essayé le casque de réalité virtuelle dans la galerie", "ER"),
        ("The museum cut its energy use by a third and fights for the climate", "MC"),
        ("Hem publicat totes les imatges de la col·lecció en domini públic a Wikidata", "OM"),
        ("Il museo ha chiuso per la pandemia e il personale è in cassa integrazione", "MFC"),
        ("Wir haben einen Chatbot mit künstlicher Intelligenz für die Sammlung gebaut", "TLC"),
    ],
)
def test_best_topic_of_clear_posts(scorer: TopicScorer, text: str, code: str) -> None:
    scores = scorer.scores([text], get_embedder().embed([text]))
    assert scorer.codes[int(scores[0].argmax())] == code
    assert code in scorer.assign(scores)[0]


def test_calibration_beats_a_bad_start(scorer: TopicScorer) -> None:
    texts = [
        "Virtual reality headsets in the gallery",
        "Open data and Wikidata for the collection",
        "Nice weather today",
    ]
    labels = [["ER"], ["OM"], []]
    vectors = get_embedder().embed(texts)
    bad = TopicScorer.__new__(TopicScorer)
    bad.codes, bad.prototypes, bad.patterns = scorer.codes, scorer.prototypes, scorer.patterns
    bad.calibration = Calibration(0.9, 0.0, 0.0)
    chosen = calibrate(bad, texts, vectors, labels)
    assigned = assign_topics(
        vectors @ scorer.prototypes.T + chosen.keyword_bonus * scorer.keyword_hits(texts),
        scorer.codes,
        chosen,
    )
    assert micro_f1([list(row) for row in assigned], labels) == 1.0


def test_version_follows_texts_and_calibration() -> None:
    specs = default_topic_specs()
    first = specs_version(specs, Calibration())
    assert specs_version(specs, Calibration()) == first
    assert specs_version(specs, Calibration(threshold=0.3)) != first
    assert specs_version(specs[:3], Calibration()) != first
