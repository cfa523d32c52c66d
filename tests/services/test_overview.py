"""A network's overview on both stores: exact numbers, drafts left out for the public."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from factories import (
    make_edition,
    make_institution,
    make_network,
    make_person,
    make_prototype,
    make_site,
    make_team,
)
from mixroom.errors import NotFound
from mixroom.models import Participation, TeamMember
from mixroom.services.actors import PUBLIC
from mixroom.services.overview import get_network_view


def test_a_network_in_numbers(session: Session) -> None:
    network = make_network(session, name="Museomix")
    other = make_edition(session)  # another network's edition counts for nothing here
    old = make_edition(session, network_id=network.id, name="Museomix 2014", year=2014)
    new = make_edition(session, network_id=network.id, name="Museomix 2019", year=2019)
    museum = make_institution(session)
    lyon = make_site(session, edition_id=old.id, name="Lyon")
    lyon.institutions = [museum]
    nantes = make_site(session, edition_id=new.id, name="Nantes")
    nantes.institutions = [museum, make_institution(session)]
    make_site(session, edition_id=other.id)
    team = make_team(session, site_id=lyon.id)
    amelie, karim = make_person(session), make_person(session)
    session.add_all(
        [
            TeamMember(team_id=team.id, person_id=amelie.id, role="coder"),
            Participation(person_id=amelie.id, site_id=nantes.id, role="facilitator"),
            Participation(person_id=karim.id, site_id=nantes.id, role="maker"),
        ]
    )
    make_prototype(session, site_id=lyon.id, title="Crank")
    make_prototype(session, site_id=nantes.id, title="Echo")
    make_prototype(session, site_id=nantes.id, title="Draft", visibility="draft")
    make_prototype(session, site_id=None, team_id=None, title="Elsewhere")
    session.flush()
    view = get_network_view(session, PUBLIC, network.id)
    assert view.network["name"] == "Museomix"
    assert view.numbers == {
        "editions": 2,
        "sites": 2,
        "prototypes": 2,
        "institutions": 2,
        "people": 2,
    }
    assert [(line.edition["name"], line.sites, line.prototypes) for line in view.editions] == [
        ("Museomix 2019", 1, 1),
        ("Museomix 2014", 1, 1),
    ]
    assert [site["name"] for site in view.sites] == ["Nantes", "Lyon"]
    assert [item["title"] for item in view.latest_prototypes] == ["Echo", "Crank"]
    assert view.site_names == {nantes.id: "Nantes", lyon.id: "Lyon"}


def test_an_unknown_network_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound):
        get_network_view(session, PUBLIC, 999)
