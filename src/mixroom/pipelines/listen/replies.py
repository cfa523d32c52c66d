"""Replies joined to their parent after a collection: a Mastodon reply can name its parent only
by its id on the reading instance (``REPLY_ADDRESS``) until the parent itself is stored; then
``reply_to`` becomes the parent's URI, its ``external_id``, as for every other reply."""

from __future__ import annotations

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from mixroom.models.posts import Post
from mixroom.pipelines.importers.posts.mastodon import REPLY_ADDRESS, local_address
from mixroom.services.posts import json_field

#: statuses looked up per query when joining replies
_JOIN_CHUNK = 500


def join_replies(session: Session, run_ids: list[int]) -> int:
    """Point Mastodon replies at their parent's URI, the parent's ``external_id``, where the
    reply could only name the parent by its id on the reading instance.

    Both ways: replies anywhere in the store whose parent came in with these runs, and replies
    of these runs whose parent was stored before. Returns how many replies were joined."""
    if not run_ids:
        return 0
    mastodon = Post.platform == "mastodon"
    parents: dict[str, str] = {}
    for uri, raw in session.execute(
        select(Post.external_id, Post.raw).where(mastodon, Post.run_id.in_(run_ids))
    ):
        address = local_address(raw or {})
        if address:
            parents[address] = uri
    marker = REPLY_ADDRESS.format(host="%", id="%")
    waiting = session.execute(
        select(Post.reply_to).where(mastodon, Post.run_id.in_(run_ids), Post.reply_to.like(marker))
    )
    wanted: dict[str, set[str]] = {}
    for (address,) in waiting:
        if address is not None and address not in parents:
            wanted.setdefault(address.rsplit("/", 1)[-1], set()).add(address)
    # a parent stored from a boost has its own local id under ``reblog``
    own_id, boosted_id = (
        json_field(session, Post.raw, "id"),
        json_field(session, Post.raw, "reblog", "id"),
    )
    ids = sorted(wanted)
    for start in range(0, len(ids), _JOIN_CHUNK):
        chunk = ids[start : start + _JOIN_CHUNK]
        found = or_(own_id.in_(chunk), boosted_id.in_(chunk))
        for uri, raw in session.execute(select(Post.external_id, Post.raw).where(mastodon, found)):
            address = local_address(raw or {})
            if address and address in wanted.get(address.rsplit("/", 1)[-1], ()):
                parents[address] = uri
    joined = 0
    addresses = sorted(parents)
    for start in range(0, len(addresses), _JOIN_CHUNK):
        chunk = addresses[start : start + _JOIN_CHUNK]
        rows = session.execute(
            select(Post.id, Post.reply_to).where(mastodon, Post.reply_to.in_(chunk))
        ).all()
        if rows:
            values = [{"id": id_, "reply_to": parents[str(address)]} for id_, address in rows]
            session.execute(update(Post), values)
            joined += len(values)
    session.flush()
    return joined
