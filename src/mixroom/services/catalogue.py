"""Every noun the API and the pages serve, by its URL name."""

from __future__ import annotations

from typing import Any

from mixroom.services.followups import FOLLOWUPS
from mixroom.services.institutions import INSTITUTIONS
from mixroom.services.lineage import LINEAGE
from mixroom.services.media import MEDIA
from mixroom.services.networks import COMMUNITIES, EDITIONS, NETWORKS
from mixroom.services.people import PEOPLE
from mixroom.services.prototypes import PROTOTYPES
from mixroom.services.records import Resource
from mixroom.services.sites import PLAYGROUNDS, SITES
from mixroom.services.teams import PARTICIPATIONS, TEAM_MEMBERS, TEAMS
from mixroom.services.topics import TOPICS_RESOURCE

RESOURCES: dict[str, Resource[Any]] = {
    resource.noun: resource
    for resource in (
        NETWORKS,
        COMMUNITIES,
        EDITIONS,
        SITES,
        PLAYGROUNDS,
        INSTITUTIONS,
        PEOPLE,
        PARTICIPATIONS,
        TEAMS,
        TEAM_MEMBERS,
        PROTOTYPES,
        MEDIA,
        LINEAGE,
        FOLLOWUPS,
        TOPICS_RESOURCE,
    )
}
