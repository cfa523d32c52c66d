"""The generic record services, on both stores."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from factories import make_institution, make_network, make_prototype, make_user
from mixroom.errors import Conflict, InvalidInput, NotAuthenticated, PermissionDenied, StaleVersion
from mixroom.schemas.editions import EditionCreate
from mixroom.schemas.institutions import InstitutionUpdate
from mixroom.schemas.prototypes import PrototypeUpdate
from mixroom.services.actors import PUBLIC, load_actor
from mixroom.services.history import list_revisions
from mixroom.services.institutions import INSTITUTIONS
from mixroom.services.networks import EDITIONS
from mixroom.services.prototypes import PROTOTYPES
from mixroom.services.records import check_if_match, create_record, list_records, update_record
from mixroom.services.topics import seed_default_topics


def test_generated_slugs_are_unique_within_their_network(session: Session) -> None:
    network = make_network(session)
    admin = load_actor(session, make_user(session, is_admin=True))
    data = EditionCreate(network_id=network.id, name="Museomix 2014")
    slugs = [create_record(session, EDITIONS, admin, data).slug for _ in range(3)]
    assert slugs == ["museomix-2014", "museomix-2014-2", "museomix-2014-3"]


def test_updates_record_topics_translations_and_history(session: Session) -> None:
    seed_default_topics(session)
    prototype = make_prototype(session, language="fr")
    actor = load_actor(session, make_user(session, member_of=(prototype.team_id,)))
    change = PrototypeUpdate(
        topics=["ER", "OM"], translations={"en": {"title": "Talking wall"}, "fr": {"title": "x"}}
    )
    updated = update_record(session, PROTOTYPES, actor, prototype.id, change, prototype.etag)
    out = PROTOTYPES.to_out(updated)
    assert out["topics"] == ["OM", "ER"]  # framework order
    assert out["translations"] == {"en": {"title": "Talking wall"}}  # never the original language
    assert out["version"] == 2
    revisions = list_revisions(session, "prototypes", prototype.id)
    assert [(revision.action, revision.version) for revision in revisions] == [("update", 2)]
    assert revisions[0].data["topics"] == ["OM", "ER"]


def test_stale_etag_is_refused(session: Session) -> None:
    prototype = make_prototype(session)
    stale = prototype.etag
    prototype.subtitle = "changed"
    session.flush()
    with pytest.raises(StaleVersion):
        check_if_match(prototype, stale)
    check_if_match(prototype, f"W/{prototype.etag}, {stale}")
    check_if_match(prototype, "*")


def test_the_public_and_strangers_cannot_write(session: Session) -> None:
    prototype = make_prototype(session)
    stranger = load_actor(session, make_user(session))
    change = PrototypeUpdate(title="mine now")
    with pytest.raises(NotAuthenticated):
        update_record(session, PROTOTYPES, PUBLIC, prototype.id, change)
    with pytest.raises(PermissionDenied):
        update_record(session, PROTOTYPES, stranger, prototype.id, change)


def test_moving_a_prototype_needs_rights_at_the_destination(session: Session) -> None:
    own = make_prototype(session)
    elsewhere = make_prototype(session)
    actor = load_actor(session, make_user(session, member_of=(own.team_id,)))
    move = PrototypeUpdate(team_id=elsewhere.team_id, site_id=elsewhere.site_id)
    with pytest.raises(PermissionDenied):
        update_record(session, PROTOTYPES, actor, own.id, move)


def test_duplicate_registry_identifier_is_a_conflict(session: Session) -> None:
    make_institution(session, museofile_ref="M0003")
    other = make_institution(session)
    admin = load_actor(session, make_user(session, is_admin=True))
    with pytest.raises(Conflict):
        update_record(
            session, INSTITUTIONS, admin, other.id, InstitutionUpdate(museofile_ref="M0003")
        )


def test_search_escapes_wildcards(session: Session) -> None:
    make_institution(session, name="Musée 100% local")
    make_institution(session, name="Musée 1000 local")
    listing = list_records(session, INSTITUTIONS, PUBLIC, {"q": "100%"})
    assert [item.name for item in listing.items] == ["Musée 100% local"]
    with pytest.raises(InvalidInput):
        list_records(session, INSTITUTIONS, PUBLIC, {"kind": "spaceship"})
