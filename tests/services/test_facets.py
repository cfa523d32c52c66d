"""The finder's facets on SQLite and PostgreSQL: exact counts, disjunction within a facet,
conjunction across facets, drafts, labels and paging."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from factories import (
    make_edition,
    make_institution,
    make_prototype,
    make_site,
    make_team,
    make_user,
)
from mixroom.errors import InvalidInput
from mixroom.models import Prototype, PrototypeTranslation, Site
from mixroom.models.prototypes import prototype_topics
from mixroom.services.actors import PUBLIC, load_actor
from mixroom.services.facets import FinderView, find_prototypes, make_selection
from mixroom.services.prototypes import _topics_by_code
from mixroom.services.topics import seed_default_topics


@dataclass
class Catalogue:
    lyon: int
    bern: int
    edition_2014: int
    edition_2019: int
    louvre: int
    draft_team: int


def _seed(session: Session) -> Catalogue:
    seed_default_topics(session)
    edition_2014 = make_edition(session, name="Museomix 2014")
    edition_2019 = make_edition(session, name="GLAMhack 2019", year=2019)
    lyon = make_site(session, edition_id=edition_2014.id, name="Lyon")
    bern = make_site(session, edition_id=edition_2019.id, name="Bern")
    louvre = make_institution(session, name="Louvre")
    team = make_team(session, site_id=lyon.id)
    make_prototype(
        session,
        site_id=lyon.id,
        title="Crank of time",
        status="adopted",
        technologies=["Arduino", "Raspberry Pi"],
        content_licence="CC-BY-4.0",
        code_licence="MIT",
        institution_id=louvre.id,
        language="fr",
    ).topics = _topics_by_code(session, ["OM", "TLC"])
    sound = make_prototype(
        session,
        site_id=lyon.id,
        title="Sound walk",
        status="tested",
        technologies=["Arduino"],
        content_licence="CC-BY-4.0",
    )
    sound.topics = _topics_by_code(session, ["OM"])
    session.add(PrototypeTranslation(prototype_id=sound.id, language="de", field="title", text="x"))
    make_prototype(session, site_id=bern.id, title="Open data wall", status="tested")
    make_prototype(
        session,
        site_id=bern.id,
        team_id=team.id,
        title="Hidden draft",
        status="idea",
        visibility="draft",
        technologies=["Arduino"],
    )
    session.flush()
    return Catalogue(lyon.id, bern.id, edition_2014.id, edition_2019.id, louvre.id, team.id)


def _counts(view: FinderView, facet: str) -> dict[str, int]:
    (found,) = [item for item in view.facets if item.name == facet]
    return {value.value: value.count for value in found.values}


def _titles(view: FinderView) -> list[str]:
    return [item["title"] for item in view.items]


def test_counts_of_every_facet_for_the_public(session: Session) -> None:
    world = _seed(session)
    view = find_prototypes(session, PUBLIC, make_selection("", {}))
    assert view.total == 3
    assert _titles(view) == ["Open data wall", "Sound walk", "Crank of time"]  # newest first
    assert _counts(view, "status") == {"tested": 2, "adopted": 1}
    assert _counts(view, "technology") == {"Arduino": 2, "Raspberry Pi": 1}
    assert _counts(view, "topic") == {"OM": 2, "TLC": 1}
    assert _counts(view, "edition") == {str(world.edition_2014): 2, str(world.edition_2019): 1}
    assert _counts(view, "site") == {str(world.lyon): 2, str(world.bern): 1}
    assert _counts(view, "institution") == {str(world.louvre): 1}
    assert _counts(view, "licence") == {"CC-BY-4.0": 2, "MIT": 1}
    assert _counts(view, "language") == {"en": 2, "fr": 1, "de": 1}


def test_values_are_labelled_with_names(session: Session) -> None:
    world = _seed(session)
    view = find_prototypes(session, PUBLIC, make_selection("", {}), language="fr")
    labels = {facet.name: {v.value: v.label for v in facet.values} for facet in view.facets}
    assert labels["edition"][str(world.edition_2019)] == "GLAMhack 2019"
    assert labels["site"][str(world.lyon)] == "Lyon"
    assert labels["institution"][str(world.louvre)] == "Louvre"
    assert labels["topic"]["OM"] == "Musées ouverts"
    assert view.site_names == {world.lyon: "Lyon", world.bern: "Bern"}


def test_values_of_one_facet_are_alternatives_and_facets_combine(session: Session) -> None:
    _seed(session)
    either = find_prototypes(session, PUBLIC, make_selection("", {"status": ["adopted", "tested"]}))
    assert either.total == 3
    both = find_prototypes(
        session, PUBLIC, make_selection("", {"status": ["tested"], "technology": ["Arduino"]})
    )
    assert _titles(both) == ["Sound walk"]
    # a facet's own counts ignore its own selection, and follow the others'
    assert _counts(both, "status") == {"tested": 1, "adopted": 1}
    assert _counts(both, "technology") == {"Arduino": 1}
    assert [v.selected for f in both.facets if f.name == "status" for v in f.values] == [
        True,
        False,
    ]


def test_text_search_narrows_results_and_counts(session: Session) -> None:
    _seed(session)
    view = find_prototypes(session, PUBLIC, make_selection("  CRANK ", {}))
    assert _titles(view) == ["Crank of time"]
    assert _counts(view, "technology") == {"Arduino": 1, "Raspberry Pi": 1}


def test_a_ticked_value_without_matches_stays_with_zero(session: Session) -> None:
    world = _seed(session)
    view = find_prototypes(
        session,
        PUBLIC,
        make_selection("", {"site": [str(world.bern)], "licence": ["MIT"]}),
    )
    assert view.total == 0
    assert _counts(view, "licence") == {"MIT": 0}
    assert _counts(view, "site") == {str(world.lyon): 1, str(world.bern): 0}


def test_drafts_count_only_for_those_who_may_edit_them(session: Session) -> None:
    world = _seed(session)
    member = load_actor(session, make_user(session, member_of=(world.draft_team,)))
    view = find_prototypes(session, member, make_selection("", {}))
    assert view.total == 4
    assert _counts(view, "status") == {"tested": 2, "adopted": 1, "idea": 1}
    assert _counts(view, "technology") == {"Arduino": 3, "Raspberry Pi": 1}
    public = find_prototypes(session, PUBLIC, make_selection("hidden", {}))
    assert public.total == 0 and _counts(public, "status") == {}


def test_pages_and_long_facets(session: Session) -> None:
    edition = make_edition(session)
    for number in range(15):
        make_prototype(
            session, site_id=make_site(session, edition_id=edition.id).id, title=f"P{number}"
        )
    first = find_prototypes(session, PUBLIC, make_selection("", {}, page=1, page_size=10))
    second = find_prototypes(session, PUBLIC, make_selection("", {}, page=2, page_size=10))
    assert (first.total, first.pages, len(first.items), len(second.items)) == (15, 2, 10, 5)
    assert set(_titles(first)).isdisjoint(_titles(second))
    (sites,) = [facet for facet in first.facets if facet.name == "site"]
    assert (len(sites.values), sites.hidden) == (12, 3)
    expanded = find_prototypes(session, PUBLIC, make_selection("", {}, expanded=["site"]))
    (sites,) = [facet for facet in expanded.facets if facet.name == "site"]
    assert (len(sites.values), sites.hidden) == (15, 0)


@pytest.mark.parametrize(
    ("values", "page", "message"),
    [
        ({"colour": ["red"]}, 1, "unknown facet 'colour'"),
        ({"site": ["lyon"]}, 1, "site must be given as record ids"),
        ({}, 0, "page must be 1 or more"),
        ({"status": ["done"]}, 1, "status must be one of idea, prototyping"),
    ],
)
def test_bad_selections_are_refused_clearly(
    values: dict[str, list[str]], page: int, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        make_selection("", values, page=page)


def test_the_publics_counts_follow_every_change(session: Session) -> None:
    world = _seed(session)
    before = find_prototypes(session, PUBLIC, make_selection("", {}))
    assert _counts(before, "status") == {"tested": 2, "adopted": 1}
    wall = session.scalars(select(Prototype).where(Prototype.title == "Open data wall")).one()
    wall.status = "adopted"  # an edit moves updated_at
    session.flush()
    assert _counts(find_prototypes(session, PUBLIC, make_selection("", {})), "status") == {
        "tested": 1,
        "adopted": 2,
    }
    draft = session.scalars(select(Prototype).where(Prototype.title == "Hidden draft")).one()
    draft.visibility = "public"  # published
    session.flush()
    after = find_prototypes(session, PUBLIC, make_selection("", {}))
    assert after.total == 4 and _counts(after, "status")["idea"] == 1
    session.execute(  # an importer linking topics directly, without touching the prototype
        insert(prototype_topics).values(
            prototype_id=wall.id, topic_id=_topics_by_code(session, ["MC"])[0].id
        )
    )
    assert _counts(find_prototypes(session, PUBLIC, make_selection("", {})), "topic")["MC"] == 1
    lyon = session.get(Site, world.lyon)
    assert lyon is not None
    lyon.edition_id = world.edition_2019  # a site moved to another edition
    session.flush()
    moved = find_prototypes(session, PUBLIC, make_selection("", {}))
    assert _counts(moved, "edition") == {str(world.edition_2019): 4}
