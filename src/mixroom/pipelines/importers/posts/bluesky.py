"""Bluesky posts: saved ``searchPosts``/``getAuthorFeed`` responses (``--format bluesky``) and,
in ``listen``, search and author feeds with cursor pagination."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from mixroom.errors import ImportFailed
from mixroom.pipelines.importers.posts.base import PostImporter, RawItem, RowError
from mixroom.pipelines.importers.posts.ndjson import read_ndjson
from mixroom.pipelines.listen.collect import DEFAULT_MAX_PAGES, Gap, Window, since
from mixroom.pipelines.listen.http import Fetcher
from mixroom.pipelines.listen.items import (
    PostItem,
    counts,
    lower,
    require_text,
    timestamp_or_note,
)


class BlueskyImporter(PostImporter):
    name = "bluesky"
    title = "Bluesky posts"
    description = "postView objects (searchPosts, getAuthorFeed): a JSON response or NDJSON."

    reads_lines = True

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
    mentions, keys, links, tags = _facets(record)
    reply: dict[str, Any] = record["reply"] if isinstance(record.get("reply"), dict) else {}
    item = PostItem(
        platform="bluesky",
        external_id=uri,
        text=text,
        url=f"https://bsky.app/profile/{handle or did}/post/{uri.rsplit('/', 1)[-1]}",
        author_handles=[handle] if handle else [],
        author_ids=[did] if did else [],
        author_key=did or None,
        author_names=[str(author["displayName"])] if author.get("displayName") else [],
        author_paths=[("post", "author")] if view is not data else [("author",)],
        reply_to=_ref(reply, "parent"),
        thread_id=_ref(reply, "root"),
        mentions=mentions,
        mention_keys=keys,
        mention_ids={handle: [did] for handle, did in keys.items()},
        hashtags=list(dict.fromkeys([*tags, *(lower(str(t)) for t in record.get("tags") or [])])),
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


def _facets(record: dict[str, Any]) -> tuple[list[str], dict[str, str], list[str], list[str]]:
    """Mentions (handles from the text, with their DIDs), links and tags from the facets."""
    mentions: list[str] = []
    keys: dict[str, str] = {}
    links: list[str] = []
    tags: list[str] = []
    text = str(record.get("text") or "").encode()
    for facet in record.get("facets") or []:
        index = facet.get("index") or {}
        for feature in facet.get("features") or []:
            kind = str(feature.get("$type", ""))
            if kind.endswith("#mention"):
                span = text[index.get("byteStart", 0) : index.get("byteEnd", 0)]
                did = str(feature.get("did") or "")
                handle = span.decode(errors="ignore").lstrip("@") or did
                mentions.append(handle)
                if did:
                    keys[handle] = did
            elif kind.endswith("#link") and feature.get("uri"):
                links.append(str(feature["uri"]))
            elif kind.endswith("#tag") and feature.get("tag"):
                tags.append(lower(str(feature["tag"])))
    return mentions, keys, links, tags


#: the public AppView: searchPosts and getAuthorFeed without an account
PUBLIC_APPVIEW = "https://public.api.bsky.app"


class BlueskySource:
    """Collects ``app.bsky.feed.searchPosts`` (kind ``search``) or ``getAuthorFeed`` (kind
    ``author``), following ``cursor`` down to the newest post of the previous run."""

    def __init__(
        self,
        fetcher: Fetcher,
        kind: str,
        query: str,
        instances: list[str],
        state: dict[str, Any],
        max_pages: int = DEFAULT_MAX_PAGES,
    ) -> None:
        self.fetcher = fetcher
        self.kind = kind
        self.query = query.strip()
        self.base = (instances[0] if instances else PUBLIC_APPVIEW).rstrip("/")
        self.state = {k: dict(v) for k, v in state.items() if isinstance(v, dict)}
        self.max_pages = max_pages

    def items(self) -> Iterator[RawItem | Gap]:
        key = f"{self.kind}:{self.query}"
        previous = since(self.state, key)
        window = Window()
        cursor: str | None = None
        try:
            for page in range(1, self.max_pages + 1):
                payload, _ = self.fetcher.get_json(*self._request(cursor, previous))
                views = _views(payload)
                for position, view in enumerate(views, start=1):
                    window.see((view.get("record") or {}).get("createdAt"))
                    yield RawItem(
                        file=f"bluesky page {page}", line=position, data=view, kind="item"
                    )
                cursor = payload.get("cursor") if isinstance(payload, dict) else None
                if not views or not cursor or _reached(window, previous):
                    break
            else:
                reason = f"bluesky: stopped after {self.max_pages} pages, older posts not read"
                yield Gap(previous, window.oldest, reason)
        except ImportFailed as error:
            yield Gap(previous, window.oldest or self.fetcher.now(), error.detail)
            return
        if window.newest is not None:
            self.state[key] = {"newest": window.newest.isoformat()}

    def _request(self, cursor: str | None, previous: datetime | None) -> tuple[str, dict[str, Any]]:
        params: dict[str, Any] = {"limit": 100}
        if cursor:
            params["cursor"] = cursor
        if self.kind == "author":
            params["actor"] = self.query.lstrip("@")
            return f"{self.base}/xrpc/app.bsky.feed.getAuthorFeed", params
        params.update(q=self.query, sort="latest")
        if previous is not None:
            params["since"] = previous.isoformat().replace("+00:00", "Z")
        return f"{self.base}/xrpc/app.bsky.feed.searchPosts", params


def _views(payload: Any) -> list[dict[str, Any]]:
    if not isinstance(payload, dict):
        return []
    if isinstance(payload.get("posts"), list):
        return [view for view in payload["posts"] if isinstance(view, dict)]
    feed: list[Any] = payload["feed"] if isinstance(payload.get("feed"), list) else []
    return [entry["post"] for entry in feed if isinstance(entry.get("post"), dict)]


def _reached(window: Window, previous: datetime | None) -> bool:
    return previous is not None and window.oldest is not None and window.oldest <= previous
