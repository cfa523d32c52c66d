"""Entity links: mentions, hashtags, URLs and names against a gazetteer."""

from __future__ import annotations

import pytest

from mixroom.pipelines.enrichers.entities import Gazetteer, GazetteerEntry, fold_tag

GAZETTEER = Gazetteer.build(
    [
        GazetteerEntry(
            kind="institution",
            id=1,
            names=("Musée des Confluences",),
            handles=("@museedesconfluences@mastodon.social", "confluences_lyon"),
            websites=("https://www.museedesconfluences.fr/",),
        ),
        GazetteerEntry(kind="institution", id=2, names=("Louvre",)),
        GazetteerEntry(
            kind="edition",
            id=3,
            names=("Museomix 2014",),
            hashtags=("museomix-2014", "mx14"),
            websites=("https://www.museomix.org/2014",),
        ),
        GazetteerEntry(kind="site", id=4, names=("Museomix Rhône-Alpes",), hashtags=("mx-ra",)),
        GazetteerEntry(kind="prototype", id=5, names=("Echo",), hashtags=("echo",)),
    ]
)


def test_fold_tag() -> None:
    assert (
        fold_tag("#MuseomixRhône-Alpes") == fold_tag("museomix-rhone-alpes") == "museomixrhonealpes"
    )


def test_mentions_with_and_without_instance() -> None:
    links = GAZETTEER.link("Merci @museedesconfluences@mastodon.social et @Confluences_Lyon !")
    assert links == [
        {
            "kind": "institution",
            "id": 1,
            "text": "@museedesconfluences@mastodon.social",
            "how": "mention",
        },
    ]
    assert GAZETTEER.link("hello @museedesconfluences")[0]["how"] == "mention"


def test_hashtags_meet_slugs_names_and_tags() -> None:
    links = GAZETTEER.link("Day one! #Museomix2014 #MuseomixRhôneAlpes #mx14")
    assert [(link["kind"], link["id"], link["text"]) for link in links] == [
        ("edition", 3, "#Museomix2014"),
        ("site", 4, "#MuseomixRhôneAlpes"),
    ]


def test_urls_by_host_for_institutions_and_by_page_for_others() -> None:
    links = GAZETTEER.link(
        "See https://museedesconfluences.fr/fr/expo/x and https://museomix.org/2014/ "
        "but not https://museomix.org/2015."
    )
    assert [(link["kind"], link["id"], link["how"]) for link in links] == [
        ("institution", 1, "url"),
        ("edition", 3, "url"),
    ]


def test_names_in_the_text_folded() -> None:
    links = GAZETTEER.link("Une journée au MUSEE DES CONFLUENCES puis au Louvre, avec un echo")
    assert [(link["id"], link["text"], link["how"]) for link in links] == [
        (1, "musee des confluences", "name"),
        (2, "louvre", "name"),
    ]


@pytest.mark.parametrize("text", ["", "Nothing to see here", "#echoes @nobody https://x.org"])
def test_nothing_linked(text: str) -> None:
    assert GAZETTEER.link(text) == []


def test_a_short_hashtag_links_even_when_the_name_is_too_short_to_spot() -> None:
    assert GAZETTEER.link("Team #echo rocks") == [
        {"kind": "prototype", "id": 5, "text": "#echo", "how": "hashtag"}
    ]


def test_shared_and_generic_names_link_nothing() -> None:
    gazetteer = Gazetteer.build(
        [
            GazetteerEntry(kind="institution", id=10, names=("Museum",)),
            GazetteerEntry(kind="institution", id=11, names=("Historical Society",)),
            GazetteerEntry(kind="institution", id=12, names=("Historical Society",)),
            GazetteerEntry(kind="site", id=13, names=("Historical Society",)),
            GazetteerEntry(kind="institution", id=14, names=("Grenoble",)),
            # a record whose name and other name are the same is still one record
            GazetteerEntry(kind="institution", id=15, names=("Murie Museum", "Murie Museum")),
        ]
    )
    text = "A weekend at the museum with the historical society of Grenoble, then Murie Museum"
    text += " #museum #musee"
    links = gazetteer.link(text)
    assert [(link["kind"], link["id"]) for link in links] == [
        ("site", 13),
        ("institution", 14),
        ("institution", 15),
    ]
