"""RSS 2.0 and Atom feeds, blog comment feeds included: a comment becomes a reply to its post.

A comment is recognised by Atom threading (``thr:in-reply-to``), by a ``#comment`` fragment in
its link (WordPress, Blogger) or by being read from a post's ``wfw:commentRss`` feed; its
``reply_to`` is the post's link, which is also the post's id, so the two meet in the store.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from mixroom.errors import ImportFailed
from mixroom.pipelines.importers.posts.base import PostImporter, RawItem, RowError
from mixroom.pipelines.listen.collect import Gap, Window, since
from mixroom.pipelines.listen.http import Fetcher
from mixroom.pipelines.listen.items import (
    PostItem,
    hashtags_in,
    links_in,
    mentions_in,
    strip_html,
    timestamp_or_note,
)

NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "dc": "http://purl.org/dc/elements/1.1/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "thr": "http://purl.org/syndication/thread/1.0",
    "slash": "http://purl.org/rss/1.0/modules/slash/",
}


class RssImporter(PostImporter):
    name = "rss"
    title = "RSS or Atom feed"
    description = "An RSS 2.0 or Atom feed, blog comment feeds included (comments become replies)."

    def fetch(self, path: Path) -> Iterator[RawItem]:
        if not path.is_file():
            raise ImportFailed(f"{path}: no such file")
        items = parse_feed(path.read_bytes(), path.name)
        for position, entry in enumerate(items, start=1):
            yield RawItem(file=path.name, line=position, data=entry, kind="item")

    def map_item(self, raw: RawItem) -> PostItem:
        return map_entry(raw.data)


def parse_feed(
    content: bytes, name: str, *, comments_of: str | None = None
) -> list[dict[str, Any]]:
    """The entries of a feed as plain dicts (the raw items kept), or ``ImportFailed``."""
    try:
        root = ElementTree.fromstring(content)
    except (ElementTree.ParseError, DefusedXmlException) as error:
        raise ImportFailed(f"{name}: not a readable feed ({error})") from error
    if root.tag == f"{{{NS['atom']}}}feed":
        feed_link = _atom_link(root)
        entries = [_atom_entry(e) for e in root.findall("atom:entry", NS)]
    elif root.tag == "rss" and root.find("channel") is not None:
        channel = root.find("channel")
        assert channel is not None
        feed_link = _text(channel, "link")
        entries = [_rss_item(e) for e in channel.findall("item")]
    else:
        raise ImportFailed(f"{name}: neither RSS 2.0 nor Atom (root <{root.tag}>)")
    for entry in entries:
        entry["feed"] = feed_link
        if comments_of and not entry.get("in_reply_to"):
            entry["in_reply_to"] = comments_of
    return entries


def _text(element: Element, path: str) -> str:
    found = element.find(path, NS)
    return (found.text or "").strip() if found is not None else ""


def _rss_item(item: Element) -> dict[str, Any]:
    return {
        "title": _text(item, "title"),
        "link": _text(item, "link"),
        "guid": _text(item, "guid"),
        "published": _text(item, "pubDate") or _text(item, "dc:date"),
        "author": _text(item, "dc:creator") or _text(item, "author"),
        "content": _text(item, "content:encoded") or _text(item, "description"),
        "categories": [(c.text or "").strip() for c in item.findall("category") if c.text],
        "comments_feed": _text(item, "wfw:commentRss"),
        "comment_count": _text(item, "slash:comments"),
    }


def _atom_link(element: Element) -> str:
    for link in element.findall("atom:link", NS):
        if link.get("rel", "alternate") == "alternate":
            return link.get("href", "")
    return ""


def _atom_entry(entry: Element) -> dict[str, Any]:
    reply = entry.find("thr:in-reply-to", NS)
    replies = [
        link.get("href", "")
        for link in entry.findall("atom:link", NS)
        if link.get("rel") == "replies" and "atom" in link.get("type", "atom")
    ]
    return {
        "title": _text(entry, "atom:title"),
        "link": _atom_link(entry),
        "guid": _text(entry, "atom:id"),
        "published": _text(entry, "atom:published") or _text(entry, "atom:updated"),
        "author": _text(entry, "atom:author/atom:name"),
        "content": _text(entry, "atom:content") or _text(entry, "atom:summary"),
        "categories": [c.get("term", "") for c in entry.findall("atom:category", NS)],
        "comments_feed": replies[0] if replies else "",
        "in_reply_to": (reply.get("href") or reply.get("ref")) if reply is not None else None,
    }


def map_entry(entry: dict[str, Any]) -> PostItem:
    link = str(entry.get("link") or "")
    external_id = link or str(entry.get("guid") or "")
    if not external_id:
        raise RowError("entry has neither link nor id")
    body = strip_html(str(entry.get("content") or ""))
    title = str(entry.get("title") or "")
    reply_to = entry.get("in_reply_to")
    if not reply_to and "#comment" in link:
        reply_to = link.split("#", 1)[0]
    is_comment = bool(reply_to)
    text = body if is_comment or not title else f"{title}\n\n{body}".strip()
    item = PostItem(
        platform="rss",
        external_id=external_id,
        text=text,
        url=link or None,
        author_handles=[str(entry["author"])] if entry.get("author") else [],
        reply_to=str(reply_to) if reply_to else None,
        hashtags=list(
            dict.fromkeys(
                [*(str(c).lower() for c in entry.get("categories") or []), *hashtags_in(body)]
            )
        ),
        mentions=mentions_in(body),
        links=[u for u in links_in(str(entry.get("content") or "")) if u != link],
        raw=entry,
    )
    if str(entry.get("comment_count") or "").isdigit():
        item.metrics = {"comments": int(entry["comment_count"])}
    timestamp_or_note(item, entry.get("published"))
    return item


class RssSource:
    """Collects a feed and the comment feed of each of its entries (``wfw:commentRss`` or an
    Atom ``replies`` link); a feed that cannot be read becomes a gap, the others go on."""

    def __init__(self, fetcher: Fetcher, query: str, state: dict[str, Any]) -> None:
        self.fetcher = fetcher
        self.url = query.strip()
        self.state = {k: dict(v) for k, v in state.items() if isinstance(v, dict)}

    def items(self) -> Iterator[RawItem | Gap]:
        try:
            entries = parse_feed(self.fetcher.get(self.url).content, self.url)
        except ImportFailed as error:
            yield Gap(since(self.state, "feed"), self.fetcher.now(), error.detail)
            return
        window = Window()
        for position, entry in enumerate(entries, start=1):
            window.see(entry.get("published"))
            yield RawItem(file=self.url, line=position, data=entry, kind="item")
            comments = str(entry.get("comments_feed") or "")
            if comments:
                yield from self._comments(comments, str(entry.get("link") or entry.get("guid")))
        if window.newest is not None:
            self.state["feed"] = {"newest": window.newest.isoformat()}

    def _comments(self, url: str, post: str) -> Iterator[RawItem | Gap]:
        try:
            comments = parse_feed(self.fetcher.get(url).content, url, comments_of=post)
        except ImportFailed as error:
            yield Gap(None, self.fetcher.now(), f"comments of {post}: {error.detail}")
            return
        for position, comment in enumerate(comments, start=1):
            yield RawItem(file=url, line=position, data=comment, kind="item")
