"""Bluesky posts: saved ``searchPosts``/``getAuthorFeed`` responses (``--format bluesky``) and,
in ``listen``, search and author feeds with cursor pagination."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mixroom.pipelines.importers.posts.base import PostImporter, RawItem, RowError
from mixroom.pipelines.importers.posts.ndjson import read_ndjson
from mixroom.pipelines.listen.items import PostItem, counts, require_text, timestamp_or_note


class BlueskyImporter(PostImporter):
    name = "bluesky"
    title = "Bluesky posts"
    description = "postView objects (searchPosts, getAuthorFeed): a JSON response or NDJSON."

    def fetch(self, path: Path) -> Iterator[RawItem]:
        return read_ndjson(path)

    def map_item(self, raw: RawItem) -> PostItem:
        return map_post_view(raw.data)


def map_post_view(data: dict[str, Any]) -> PostItem:
    """One ``app.bsky.feed.defs#postView`` (or a feed item holding one under ``post``)."""
    view = data["post"] if isinstance(data.get("post"), dict) else data
    uri = require_text(view.get("uri"), "uri")
    author = view.get("author")
    record = view.get("record")
    if not isinstance(author, dict) or not isinstance(record, dict):
        raise RowError("missing author or record")
    handle = str(author.get("handle") or "")
    did = str(author.get("did") or "")
    text = str(record.get("text") or "")
    mentions, links, tags = _facets(record)
    reply: dict[str, Any] = record["reply"] if isinstance(record.get("reply"), dict) else {}
    item = PostItem(
        platform="bluesky",
        external_id=uri,
        text=text,
        url=f"https://bsky.app/profile/{handle or did}/post/{uri.rsplit('/', 1)[-1]}",
        author_handles=[handle] if handle else [],
        author_ids=[did] if did else [],
        author_names=[str(author["displayName"])] if author.get("displayName") else [],
        author_paths=[("post", "author")] if view is not data else [("author",)],
        reply_to=_ref(reply, "parent"),
        thread_id=_ref(reply, "root"),
        mentions=mentions,
        hashtags=list(dict.fromkeys([*tags, *(str(t).lower() for t in record.get("tags") or [])])),
        links=links,
        metrics=counts(
            replies=view.get("replyCount"),
            reposts=view.get("repostCount"),
            likes=view.get("likeCount"),
            quotes=view.get("quoteCount"),
        ),
        raw=data,
    )
    timestamp_or_note(item, record.get("createdAt") or view.get("indexedAt"))
    return item


def _ref(reply: dict[str, Any], which: str) -> str | None:
    ref = reply.get(which)
    return str(ref["uri"]) if isinstance(ref, dict) and ref.get("uri") else None


def _facets(record: dict[str, Any]) -> tuple[list[str], list[str], list[str]]:
    """Mentions (as DIDs, or handles from the text), links and tags from the rich-text facets."""
    mentions: list[str] = []
    links: list[str] = []
    tags: list[str] = []
    text = str(record.get("text") or "").encode()
    for facet in record.get("facets") or []:
        index = facet.get("index") or {}
        for feature in facet.get("features") or []:
            kind = str(feature.get("$type", ""))
            if kind.endswith("#mention"):
                span = text[index.get("byteStart", 0) : index.get("byteEnd", 0)]
                handle = span.decode(errors="ignore").lstrip("@")
                mentions.append(handle or str(feature.get("did")))
            elif kind.endswith("#link") and feature.get("uri"):
                links.append(str(feature["uri"]))
            elif kind.endswith("#tag") and feature.get("tag"):
                tags.append(str(feature["tag"]).lower())
    return mentions, links, tags
