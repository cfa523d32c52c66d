"""Topics: the network's shared vocabulary."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from mixroom.models import Topic
from mixroom.schemas.topics import TopicCreate, TopicOut, TopicUpdate
from mixroom.services.actors import Scope
from mixroom.services.chains import network_chain
from mixroom.services.filters import equals_int, equals_text
from mixroom.services.records import Resource
from mixroom.services.topic_framework import FRAMEWORK, GOALS, TOPICS


def seed_default_topics(session: Session) -> int:
    """Add the default framework's topics and goals that are missing; return how many."""
    existing = set(session.scalars(select(Topic.code).where(Topic.framework == FRAMEWORK)))
    added = 0
    for kind, entries in (("topic", TOPICS), ("goal", GOALS)):
        for entry in entries:
            if entry["code"] in existing:
                continue
            session.add(
                Topic(
                    framework=FRAMEWORK,
                    kind=kind,
                    code=entry["code"],
                    names=entry["names"],
                    descriptions=entry["descriptions"],
                    keywords=entry.get("keywords", {}),
                )
            )
            added += 1
    session.flush()
    return added


def _topic_chain(_session: Session, topic: Topic) -> list[Scope]:
    return network_chain(topic.network_id)


TOPICS_RESOURCE = Resource(
    noun="topics",
    title="topic",
    model=Topic,
    out=TopicOut,
    create=TopicCreate,
    update=TopicUpdate,
    chain=_topic_chain,
    filters={
        "network_id": equals_int(Topic.network_id),
        "framework": equals_text(Topic.framework),
        "kind": equals_text(Topic.kind, ("topic", "goal")),
        "code": equals_text(Topic.code),
    },
)
