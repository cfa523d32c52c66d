"""Networks, communities and editions: the frame every site sits in."""

from __future__ import annotations

from sqlalchemy.orm import Session

from mixroom.models import Community, Edition, Network
from mixroom.schemas.communities import CommunityCreate, CommunityOut, CommunityUpdate
from mixroom.schemas.editions import EditionCreate, EditionOut, EditionUpdate
from mixroom.schemas.networks import NetworkCreate, NetworkOut, NetworkUpdate
from mixroom.services.actors import Scope
from mixroom.services.chains import community_chain, network_chain
from mixroom.services.filters import contains, equals_int, equals_text
from mixroom.services.records import Resource


def _network_chain(_session: Session, network: Network) -> list[Scope]:
    return network_chain(network.id)


def _community_chain(session: Session, community: Community) -> list[Scope]:
    return community_chain(session, community.id) or network_chain(community.network_id)


def _edition_chain(_session: Session, edition: Edition) -> list[Scope]:
    return network_chain(edition.network_id)


NETWORKS = Resource(
    noun="networks",
    title="network",
    model=Network,
    out=NetworkOut,
    create=NetworkCreate,
    update=NetworkUpdate,
    chain=_network_chain,
    filters={"slug": equals_text(Network.slug), "q": contains(Network.name, Network.description)},
    slug_within="",
)

COMMUNITIES = Resource(
    noun="communities",
    title="community",
    model=Community,
    out=CommunityOut,
    create=CommunityCreate,
    update=CommunityUpdate,
    chain=_community_chain,
    filters={
        "network_id": equals_int(Community.network_id),
        "country": equals_text(Community.country),
        "q": contains(Community.name, Community.city),
    },
    slug_within="network_id",
)

EDITIONS = Resource(
    noun="editions",
    title="edition",
    model=Edition,
    out=EditionOut,
    create=EditionCreate,
    update=EditionUpdate,
    chain=_edition_chain,
    filters={
        "network_id": equals_int(Edition.network_id),
        "year": equals_int(Edition.year),
        "q": contains(Edition.name, Edition.description),
    },
    slug_within="network_id",
)
