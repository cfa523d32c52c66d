"""SQLAlchemy 2 typed tables, one module per noun. Importing this package registers them all."""

from mixroom.models.accounts import ApiToken, LoginSession, RoleGrant, User
from mixroom.models.base import Base, Record
from mixroom.models.communities import Community
from mixroom.models.editions import Edition
from mixroom.models.followups import FollowUp
from mixroom.models.history import Revision
from mixroom.models.institutions import Institution
from mixroom.models.lineage import LineageEdge
from mixroom.models.media import Media
from mixroom.models.networks import Network
from mixroom.models.participations import Participation
from mixroom.models.people import Person, PersonPrivate
from mixroom.models.posts import CollectionGap, CollectionRun, Post, Source
from mixroom.models.prototypes import CollectionObjectRef, Prototype, PrototypeTranslation
from mixroom.models.sites import Playground, Site
from mixroom.models.studies import ImpactStudy
from mixroom.models.teams import Team, TeamMember
from mixroom.models.topics import Topic

__all__ = [
    "ApiToken",
    "Base",
    "CollectionGap",
    "CollectionObjectRef",
    "CollectionRun",
    "Community",
    "Edition",
    "FollowUp",
    "ImpactStudy",
    "Institution",
    "LineageEdge",
    "LoginSession",
    "Media",
    "Network",
    "Participation",
    "Person",
    "PersonPrivate",
    "Playground",
    "Post",
    "Prototype",
    "PrototypeTranslation",
    "Record",
    "Revision",
    "RoleGrant",
    "Site",
    "Source",
    "Team",
    "TeamMember",
    "Topic",
    "User",
]
