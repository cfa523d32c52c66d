"""Mastodon statuses: saved API responses (``--format mastodon``) and, in ``listen``, hashtag
timelines, account statuses and search on any number of instances.

A status is stored under its ``uri`` (the ActivityPub id), which is the same on every instance
that received it, so a post seen on two instances is stored once. A boost (``reblog``) is
stored as the boosted status.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from mixroom.errors import ImportFailed
from mixroom.pipelines.importers.posts.base import PostImporter, RawItem, RowError
from mixroom.pipelines.importers.posts.ndjson import read_ndjson
from mixroom.pipelines.listen.collect import DEFAULT_MAX_PAGES, Gap, Window, since
from mixroom.pipelines.listen.http import Fetcher
from mixroom.pipelines.listen.items import (
    PostItem,
    counts,
    hashtags_in,
    links_in,
    require_text,
    strip_html,
    timestamp_or_note,
)

#: where the reading instance is kept in the raw item, for local ``acct`` values
INSTANCE_KEY = "__instance"


class MastodonImporter(PostImporter):
    name = "mastodon"
    title = "Mastodon statuses"
    description = "Statuses as the Mastodon API returns them: a JSON array or NDJSON."

    def fetch(self, path: Path) -> Iterator[RawItem]:
        return read_ndjson(path)

    def map_item(self, raw: RawItem) -> PostItem:
        return map_status(raw.data)


def map_status(data: dict[str, Any]) -> PostItem:
    """One Mastodon ``Status`` (API shape) as a post."""
    instance = data.get(INSTANCE_KEY)
    status = data.get("reblog") if isinstance(data.get("reblog"), dict) else data
    assert isinstance(status, dict)
    uri = require_text(status.get("uri") or status.get("url"), "uri")
    account = status.get("account")
    if not isinstance(account, dict):
        raise RowError("missing account")
    home = urlsplit(str(account.get("url") or uri)).hostname or instance or ""
    username = str(account.get("username") or "")
    acct = str(account.get("acct") or username)
    qualified = acct if "@" in acct or not home else f"{acct}@{home}"
    text = strip_html(str(status.get("content") or ""))
    spoiler = str(status.get("spoiler_text") or "")
    if spoiler:
        text = f"{spoiler}\n\n{text}"
    item = PostItem(
        platform="mastodon",
        external_id=uri,
        text=text,
        url=status.get("url") or uri,
        author_handles=[h for h in (username, qualified) if h],
        author_ids=[str(account["id"])] if account.get("id") else [],
        author_names=[str(account["display_name"])] if account.get("display_name") else [],
        author_paths=[("account",)] if status is data else [("reblog", "account"), ("account",)],
        reply_to=_reply_uri(status, str(instance or home)),
        mentions=[_qualify(m, home) for m in status.get("mentions") or [] if isinstance(m, dict)],
        hashtags=[str(t["name"]).lower() for t in status.get("tags") or [] if t.get("name")]
        or hashtags_in(text),
        links=_links(status, text),
        metrics=counts(
            replies=status.get("replies_count"),
            reposts=status.get("reblogs_count"),
            likes=status.get("favourites_count"),
        ),
        raw=data,
    )
    if status.get("language"):
        item.raw.setdefault("__declared_language", status["language"])
    timestamp_or_note(item, status.get("created_at"))
    return item


def _qualify(mention: dict[str, Any], home: str) -> str:
    acct = str(mention.get("acct") or mention.get("username") or "")
    if "@" in acct or not acct:
        return acct
    host = urlsplit(str(mention.get("url") or "")).hostname or home
    return f"{acct}@{host}" if host else acct


def _reply_uri(status: dict[str, Any], home: str) -> str | None:
    """The parent's id as far as the API tells: its local id on the reading instance, made
    unique with the instance name (Mastodon gives no parent URI)."""
    parent = status.get("in_reply_to_id")
    if parent is None:
        return None
    return f"{home}#{parent}" if home else str(parent)


def _links(status: dict[str, Any], text: str) -> list[str]:
    found = links_in(str(status.get("content") or ""))
    card = status.get("card")
    if isinstance(card, dict) and card.get("url"):
        found.append(str(card["url"]))
    skip = {str(m.get("url")) for m in status.get("mentions") or [] if isinstance(m, dict)}
    skip |= {str(t.get("url")) for t in status.get("tags") or [] if isinstance(t, dict)}
    return list(dict.fromkeys(link for link in found if link not in skip)) or links_in(text)


class MastodonSource:
    """Collects a hashtag timeline, an account's statuses or a search on every instance of a
    source, following ``Link: <…>; rel="next"`` pages, newest first, down to the newest post
    of the previous run. ``state`` holds, per instance, where the next run stops."""

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
        self.query = query.strip().lstrip("#")
        self.instances = instances
        self.state = {k: dict(v) for k, v in state.items() if isinstance(v, dict)}
        self.max_pages = max_pages

    def items(self) -> Iterator[RawItem | Gap]:
        for instance in self.instances:
            yield from self._instance(instance.rstrip("/"))

    def _instance(self, base: str) -> Iterator[RawItem | Gap]:
        host = urlsplit(base).netloc or base
        previous = since(self.state, host)
        newest_id = (self.state.get(host) or {}).get("newest_id")
        window = Window()
        try:
            url, first = self._first_page(base, newest_id)
            params: dict[str, Any] | None = first
            for page in range(1, self.max_pages + 1):
                payload, response = self.fetcher.get_json(url, params)
                statuses = payload.get("statuses", []) if isinstance(payload, dict) else payload
                for position, status in enumerate(statuses, start=1):
                    window.see(status.get("created_at"), str(status.get("id")))
                    data = {**status, INSTANCE_KEY: host}
                    yield RawItem(file=f"{host} page {page}", line=position, data=data, kind="item")
                following = response.links.get("next", {}).get("url")
                if not statuses or not following or _reached(statuses, newest_id):
                    break
                url, params = following, None
            else:
                reason = f"{host}: stopped after {self.max_pages} pages, older posts not read"
                yield Gap(previous, window.oldest, reason)
        except ImportFailed as error:
            yield Gap(previous, window.oldest or self.fetcher.now(), error.detail)
            return
        if window.newest is not None:
            self.state[host] = {"newest": window.newest.isoformat(), "newest_id": window.newest_id}

    def _first_page(self, base: str, newest_id: str | None) -> tuple[str, dict[str, Any]]:
        params: dict[str, Any] = {"limit": 40}
        if newest_id:
            params["since_id"] = newest_id
        if self.kind == "hashtag":
            return f"{base}/api/v1/timelines/tag/{quote(self.query)}", params
        if self.kind == "account":
            account, _ = self.fetcher.get_json(
                f"{base}/api/v1/accounts/lookup", {"acct": self.query.lstrip("@")}
            )
            if not isinstance(account, dict) or "id" not in account:
                raise ImportFailed(f"{base}: no account {self.query!r}")
            return f"{base}/api/v1/accounts/{account['id']}/statuses", params
        return f"{base}/api/v2/search", {**params, "q": self.query, "type": "statuses"}


def _reached(statuses: list[dict[str, Any]], newest_id: str | None) -> bool:
    """True when a page goes down to the newest status of the previous run."""
    if not newest_id or not newest_id.isdigit():
        return False
    ids = [str(s.get("id")) for s in statuses]
    return any(value.isdigit() and int(value) <= int(newest_id) for value in ids)
