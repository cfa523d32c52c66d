"""The composed read views behind the pages: what they gather, what they hide, and how many
queries they cost."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from browser.world import DRAFT_TITLE, PRIVATE_MEDIA_URL, PUBLIC_MEDIA_URL, World, seed_world
from mixroom.errors import NotFound
from mixroom.models import Team, TeamMember, User
from mixroom.services.actors import PUBLIC, load_actor
from mixroom.services.browse import (
    get_edition_view,
    get_home_view,
    get_institution_view,
    get_person_view,
    get_prototype_view,
    get_site_view,
    list_view,
)


@pytest.fixture
def world(session: Session) -> World:
    world = seed_world(session)
    session.commit()
    return world


@contextmanager
def counted(session: Session) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(*args: object) -> None:
        statements.append(str(args[2]))

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_prototype_view_gathers_team_event_and_hides_private_media(
    session: Session, world: World
) -> None:
    view = get_prototype_view(session, PUBLIC, world.prototype_id)
    assert view.prototype["title"] == "La Machine à remonter le temps"
    assert [(m["person"]["display_name"], m["role"]) for m in view.members] == [
        ("Amélie Durand", "coder"),
        ("Karim Benali", "designer"),
    ]
    assert all("email" not in m["person"] for m in view.members)
    assert view.team is not None and view.team["name"] == "Les Machinistes"
    assert (view.site or {})["name"] == "Museomix Lyon"
    assert (view.edition or {})["name"] == "Museomix 2014"
    assert (view.network or {})["name"] == "Museomix"
    assert (view.institution or {})["name"] == "Musée des Confluences"
    assert [item["url"] for item in view.media] == [PUBLIC_MEDIA_URL]
    # the draft's "inspired-by" link stays hidden; the public remix shows
    assert [(e["kind"], e["direction"], e["prototype"]["title"]) for e in view.lineage] == [
        ("remix-of", "to", "Time machine remix")
    ]


def test_prototype_view_of_a_draft(session: Session, world: World) -> None:
    with pytest.raises(NotFound):
        get_prototype_view(session, PUBLIC, world.draft_id)
    user = session.scalars(select(User).where(User.username == world.member_username)).one()
    member = load_actor(session, user)
    assert get_prototype_view(session, member, world.draft_id).prototype["title"] == DRAFT_TITLE
    media = get_prototype_view(session, member, world.prototype_id).media
    assert sorted(item["url"] for item in media) == sorted([PUBLIC_MEDIA_URL, PRIVATE_MEDIA_URL])


def test_prototype_view_costs_a_bounded_number_of_queries(session: Session, world: World) -> None:
    # a bigger team must not mean more queries
    team_id = session.scalars(select(Team.id)).first()
    for number in range(20):
        person = seed_person(session, number)
        session.add(TeamMember(team_id=team_id, person_id=person, role="maker"))
    session.commit()
    session.expunge_all()
    with counted(session) as statements:
        view = get_prototype_view(session, PUBLIC, world.prototype_id)
    assert len(view.members) == 22
    assert len(statements) <= 16, statements


def seed_person(session: Session, number: int) -> int:
    from mixroom.models import Person

    person = Person(handle=f"extra{number}", display_name=f"Extra {number}")
    session.add(person)
    session.flush()
    return person.id


def test_list_view_labels_cost_one_query_per_linked_noun(session: Session, world: World) -> None:
    session.expunge_all()
    with counted(session) as statements:
        view = list_view(session, "prototypes", PUBLIC, {})
    assert [item["title"] for item in view.items] == [
        "La Machine à remonter le temps",
        "Time machine remix",
    ]
    assert view.total == 2
    assert set(view.labels["site_id"].values()) == {"Museomix Lyon", "GLAMhack Bern"}
    assert view.labels["institution_id"] == {world.institution_id: "Musée des Confluences"}
    # count + page + 3 selectin relationships + 3 label lookups
    assert len(statements) <= 8, statements


def test_site_edition_institution_person_and_home_views(session: Session, world: World) -> None:
    site = get_site_view(session, PUBLIC, world.site_id)
    assert [p["title"] for p in site.prototypes] == ["La Machine à remonter le temps"]
    assert [t["name"] for t in site.teams] == ["Les Machinistes"]
    edition = get_edition_view(session, PUBLIC, world.edition_id)
    assert [s["name"] for s in edition.sites] == ["Museomix Lyon"]
    assert edition.prototype_counts == {world.site_id: 1}  # the draft is not counted
    institution = get_institution_view(session, PUBLIC, world.institution_id)
    assert [s["name"] for s in institution.sites] == ["Museomix Lyon"]
    assert institution.edition_names == {world.edition_id: "Museomix 2014"}
    person = get_person_view(session, PUBLIC, world.person_id)
    assert [(r["role"], (r["team"] or {}).get("name")) for r in person.roles] == [
        ("coder", "Les Machinistes")
    ]
    assert [p["title"] for p in person.prototypes] == ["La Machine à remonter le temps"]
    home = get_home_view(session, PUBLIC)
    assert home.counts == {
        "prototypes": 2,
        "sites": 2,
        "editions": 2,
        "institutions": 2,
        "people": 2,
    }
    assert [p["title"] for p in home.latest_prototypes] == [
        "Time machine remix",
        "La Machine à remonter le temps",
    ]
