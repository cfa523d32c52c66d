"""Mastodon statuses: saved API responses (``--format mastodon``) and, in ``listen``, hashtag
timelines, account statuses and search on any number of instances.

A status is stored under its ``uri`` (the ActivityPub id), which is the same on every instance
that received it, so a post seen on two instances is stored once. A boost (``reblog``) is
stored as the boosted status.

Replies: the API gives the parent only as ``in_reply_to_id``, the parent's id *on the reading
instance*. When the parent's author is known (the replier, or the account among ``mentions``
whose id is ``in_reply_to_account_id``) and is local to the reading instance, that id is the
parent's own and its URI is built (``https://HOST/users/NAME/statuses/ID``): ``reply_to`` then
equals the parent's ``external_id``. Otherwise ``reply_to`` is the resolvable API address
``https://HOST/api/v1/statuses/ID`` (see :func:`reply_address`), which
``pipelines.listen.replies.join_replies`` replaces by the parent's URI once the parent is stored.
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
    lower,
    require_text,
    strip_html,
    timestamp_or_note,
)

#: where the reading instance is kept in the raw item, for local ``acct`` values
INSTANCE_KEY = "__instance"
#: the form of a parent not resolved yet: fetching it returns the parent status
REPLY_ADDRESS = "https://{host}/api/v1/statuses/{id}"


class MastodonImporter(PostImporter):
    name = "mastodon"
    title = "Mastodon statuses"
    description = "Statuses as the Mastodon API returns them: a JSON array or NDJSON."

    reads_lines = True

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
    mentioned = [m for m in status.get("mentions") or [] if isinstance(m, dict)]
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
        reply_to=_reply_to(status, reading_instance(data)),
        mentions=[_qualify(m, home) for m in mentioned],
        mention_ids={_qualify(m, home): [str(m["id"])] for m in mentioned if m.get("id")},
        hashtags=[lower(str(t["name"])) for t in status.get("tags") or [] if t.get("name")]
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


def reading_instance(data: dict[str, Any]) -> str:
    """The host of the instance the status was read on: recorded by ``listen``; for a saved
    response, the host of a local account's URL (an ``acct`` without a domain is local to the
    instance that answered), else of its tag links (tags link to the reading instance), else
    of the status's own URI."""
    if data.get(INSTANCE_KEY):
        return str(data[INSTANCE_KEY])
    status = data.get("reblog") if isinstance(data.get("reblog"), dict) else data
    assert isinstance(status, dict)
    accounts = [data.get("account"), status.get("account"), *(status.get("mentions") or [])]
    for account in accounts:
        if isinstance(account, dict) and account.get("acct") and "@" not in str(account["acct"]):
            host = urlsplit(str(account.get("url") or "")).hostname
            if host:
                return host
    for tag in status.get("tags") or []:
        host = urlsplit(str(tag.get("url") or "")).hostname if isinstance(tag, dict) else None
        if host:
            return host
    return urlsplit(str(status.get("uri") or status.get("url") or "")).hostname or ""


def reply_address(host: str, local_id: str) -> str:
    """The unresolved form of a parent: its API address on the instance that gave its id."""
    return REPLY_ADDRESS.format(host=host, id=local_id)


def local_address(data: dict[str, Any]) -> str | None:
    """The API address of a stored status on the instance it was read on: what a reply read
    there holds until it is joined (the boosted status's id for a boost)."""
    status = data.get("reblog") if isinstance(data.get("reblog"), dict) else data
    assert isinstance(status, dict)
    host = reading_instance(data)
    return reply_address(host, str(status["id"])) if host and status.get("id") else None


def _reply_to(status: dict[str, Any], reading: str) -> str | None:
    parent = status.get("in_reply_to_id")
    if parent is None:
        return None
    parent_account = str(status.get("in_reply_to_account_id") or "")
    account = status.get("account") if isinstance(status.get("account"), dict) else {}
    assert isinstance(account, dict)
    candidates = [account, *(m for m in status.get("mentions") or [] if isinstance(m, dict))]
    for candidate in candidates:
        if not parent_account or str(candidate.get("id") or "") != parent_account:
            continue
        host = urlsplit(str(candidate.get("url") or "")).hostname
        name = str(candidate.get("username") or "")
        if host and name and host == reading:  # local there: the id is the parent's own
            return f"https://{host}/users/{name}/statuses/{parent}"
        break
    return reply_address(reading, str(parent)) if reading else str(parent)


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
