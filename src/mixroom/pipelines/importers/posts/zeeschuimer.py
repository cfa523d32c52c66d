"""Zeeschuimer NDJSON exports: one captured item per line, the platform's JSON under ``data``
and the capture's fields around it (``item_id``, ``source_platform``, ``source_url``,
``timestamp_collected`` ...). Like 4CAT, the raw item keeps them under ``__import_meta``.

Platforms: Instagram (item-list and legacy Graph shapes), TikTok posts and comments, X
(GraphQL tweets, old and 2026 user layouts), Threads, and Bluesky post views.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from mixroom.pipelines.importers.posts.base import PostImporter, RawItem, RowError
from mixroom.pipelines.importers.posts.bluesky import map_post_view
from mixroom.pipelines.importers.posts.ndjson import read_ndjson
from mixroom.pipelines.listen.items import (
    PostItem,
    counts,
    hashtags_in,
    links_in,
    lower,
    mentions_in,
    require_text,
    timestamp_or_note,
)

META = "__import_meta"


class ZeeschuimerImporter(PostImporter):
    name = "zeeschuimer"
    title = "Zeeschuimer export"
    description = (
        "NDJSON exported by the Zeeschuimer browser extension (Instagram, TikTok, X, ...)."
    )
    reads_lines = True

    def fetch(self, path: Path) -> Iterator[RawItem]:
        return read_ndjson(path)

    def map_item(self, raw: RawItem) -> PostItem:
        wrapper = raw.data
        data = wrapper.get("data")
        if not isinstance(data, dict):
            raise RowError("missing data (not a Zeeschuimer item)")
        platform = str(wrapper.get("source_platform") or "")
        mapper = MAPPERS.get(platform)
        if mapper is None:
            raise RowError(f"unsupported source_platform {platform!r}")
        # the capture's fields kept beside the item, as 4CAT does (the wrapper is ours to change)
        del wrapper["data"]
        data[META] = wrapper
        return mapper(data)


def _text(
    item: dict[str, Any], platform: str, external_id: str, text: str, url: str, *, scan: bool = True
) -> PostItem:
    """A post of ``text``; its hashtags, mentions and links found in the text when ``scan``
    (X gives them in its entities)."""
    return PostItem(
        platform=platform,
        external_id=external_id,
        text=text,
        url=url,
        hashtags=hashtags_in(text) if scan else [],
        mentions=mentions_in(text) if scan else [],
        links=links_in(text) if scan else [],
        raw=item,
    )


def map_instagram(item: dict[str, Any]) -> PostItem:
    if item.get("__typename", "").startswith("Graph"):  # legacy Graph shape
        owner = item.get("owner") or {}
        edges = (item.get("edge_media_to_caption") or {}).get("edges") or []
        caption = edges[0]["node"]["text"] if edges else ""
        code = require_text(item.get("shortcode"), "shortcode")
        post = _text(item, "instagram", code, caption, f"https://www.instagram.com/p/{code}/")
        post.author_paths = [("owner",)]
        post.metrics = counts(
            likes=(item.get("edge_media_preview_like") or {}).get("count"),
            comments=(item.get("edge_media_to_comment") or {}).get("count"),
        )
        timestamp_or_note(post, item.get("taken_at_timestamp"))
    else:
        if item.get("product_type") == "ad" or item.get("ad_id") or item.get("ad_action"):
            raise RowError("an ad, not a post")
        owner = item.get("user") or item.get("owner") or {}
        code = require_text(item.get("code"), "code")
        caption = (item.get("caption") or {}).get("text") or ""
        post = _text(item, "instagram", code, caption, f"https://www.instagram.com/p/{code}/")
        post.author_paths = [("user",), ("owner",)]
        post.metrics = counts(
            likes=item.get("like_count"),
            comments=item.get("comment_count"),
            views=item.get("play_count") or item.get("view_count"),
        )
        timestamp_or_note(post, item.get("taken_at"))
    _author(post, owner, "username", ("pk", "id"), "full_name")
    return post


def map_threads(item: dict[str, Any]) -> PostItem:
    post_data = item.get("post") if isinstance(item.get("post"), dict) else item
    assert isinstance(post_data, dict)
    user = post_data.get("user") or {}
    code = require_text(post_data.get("code"), "code")
    username = str(user.get("username") or "")
    caption = (post_data.get("caption") or {}).get("text") or ""
    url = f"https://www.threads.net/@{username}/post/{code}"
    post = _text(item, "threads", code, caption, url)
    post.author_paths = [("post", "user")] if post_data is not item else [("user",)]
    info = post_data.get("text_post_app_info") or {}
    post.metrics = counts(
        likes=post_data.get("like_count"),
        replies=info.get("direct_reply_count"),
        reposts=info.get("repost_count"),
        quotes=info.get("quote_count"),
    )
    reply = info.get("reply_to_author")
    if isinstance(reply, dict) and reply.get("username"):
        post.mentions.append(str(reply["username"]))
    timestamp_or_note(post, post_data.get("taken_at"))
    _author(post, user, "username", ("pk", "id"), "full_name")
    return post


def map_tiktok(item: dict[str, Any]) -> PostItem:
    if "cid" in item:  # a comment
        return _tiktok_comment(item)
    author = item.get("author") if isinstance(item.get("author"), dict) else {}
    assert isinstance(author, dict)
    video = require_text(item.get("id"), "id")
    handle = str(author.get("uniqueId") or item.get("author") or "")
    url = f"https://www.tiktok.com/@{handle}/video/{video}"
    post = _text(item, "tiktok", video, str(item.get("desc") or ""), url)
    post.author_paths = [("author",), ("authorStats",)]
    tags = [lower(str(c["title"])) for c in item.get("challenges") or [] if c.get("title")]
    post.hashtags = list(dict.fromkeys([*post.hashtags, *tags]))
    stats = item.get("stats") or {}
    post.metrics = counts(
        likes=stats.get("diggCount"),
        shares=stats.get("shareCount"),
        comments=stats.get("commentCount"),
        views=stats.get("playCount"),
    )
    timestamp_or_note(post, item.get("createTime"))
    _author(post, author, "uniqueId", ("id",), "nickname")
    return post


def _tiktok_comment(item: dict[str, Any]) -> PostItem:
    user = item.get("user") or {}
    comment = require_text(item.get("cid"), "cid")
    video = str(item.get("aweme_id") or "")
    url = f"https://www.tiktok.com/video/{video}" if video else ""
    post = _text(item, "tiktok", comment, str(item.get("text") or ""), url)
    parent = item.get("reply_id")
    post.reply_to = str(parent) if parent and str(parent) != "0" else video or None
    post.thread_id = video or None
    post.author_paths = [("user",)]
    post.metrics = counts(likes=item.get("digg_count"), replies=item.get("reply_comment_total"))
    timestamp_or_note(post, item.get("create_time"))
    _author(post, user, "unique_id", ("uid",), "nickname")
    return post


def map_x(item: dict[str, Any]) -> PostItem:
    tweet = item.get("tweet") if isinstance(item.get("tweet"), dict) else item
    assert isinstance(tweet, dict)
    legacy = tweet.get("legacy") or {}
    retweeted = (legacy.get("retweeted_status_result") or {}).get("result")
    if isinstance(retweeted, dict):  # a retweet is stored as the tweet it repeats
        return map_x({**retweeted, META: item.get(META)})
    tweet_id = require_text(tweet.get("rest_id") or legacy.get("id_str"), "rest_id")
    user = ((tweet.get("core") or {}).get("user_results") or {}).get("result") or {}
    screen_name = str(
        (user.get("core") or {}).get("screen_name")  # the 2026 layout
        or (user.get("legacy") or {}).get("screen_name")
        or ""
    )
    note = (((tweet.get("note_tweet") or {}).get("note_tweet_results") or {}).get("result")) or {}
    text = str(note.get("text") or legacy.get("full_text") or "")
    url = f"https://x.com/{screen_name or 'i'}/status/{tweet_id}"
    post = _text(item, "x", tweet_id, text, url, scan=False)
    entities = legacy.get("entities") or {}
    post.hashtags = [lower(str(h["text"])) for h in entities.get("hashtags") or []] or hashtags_in(
        text
    )
    mentioned = [m for m in entities.get("user_mentions") or [] if m.get("screen_name")]
    post.mentions = [str(m["screen_name"]) for m in mentioned] or mentions_in(text)
    for mention in mentioned:
        handle = str(mention["screen_name"])
        ids = [str(mention[key]) for key in ("id_str", "id") if mention.get(key)]
        post.mention_ids[handle] = list(dict.fromkeys(ids))
        if mention.get("name"):
            post.mention_names[handle] = [str(mention["name"])]
    post.links = [
        str(u["expanded_url"]) for u in entities.get("urls") or [] if u.get("expanded_url")
    ]
    post.reply_to = legacy.get("in_reply_to_status_id_str")
    post.thread_id = legacy.get("conversation_id_str")
    post.author_paths = [("core", "user_results")] if tweet is item else [("tweet", "core")]
    post.metrics = counts(
        likes=legacy.get("favorite_count"),
        reposts=legacy.get("retweet_count"),
        replies=legacy.get("reply_count"),
        quotes=legacy.get("quote_count"),
        views=(tweet.get("views") or {}).get("count"),
    )
    timestamp_or_note(post, legacy.get("created_at"))
    names = (user.get("core") or {}).get("name") or (user.get("legacy") or {}).get("name")
    profile = {"screen_name": screen_name, "rest_id": user.get("rest_id"), "name": names}
    _author(post, profile, "screen_name", ("rest_id",), "name")
    if legacy.get("user_id_str"):
        post.author_ids.append(str(legacy["user_id_str"]))
    return post


def map_bluesky(item: dict[str, Any]) -> PostItem:
    return map_post_view(item)


def _author(post: PostItem, profile: Any, handle: str, ids: tuple[str, ...], name: str) -> None:
    if not isinstance(profile, dict):
        return
    if profile.get(handle):
        post.author_handles.append(str(profile[handle]))
    post.author_ids.extend(str(profile[key]) for key in ids if profile.get(key))
    if profile.get(name):
        post.author_names.append(str(profile[name]))


MAPPERS: dict[str, Callable[[dict[str, Any]], PostItem]] = {
    "instagram.com": map_instagram,
    "threads.net": map_threads,
    "threads.com": map_threads,
    "tiktok.com": map_tiktok,
    "tiktok-comments": map_tiktok,
    "twitter.com": map_x,
    "x.com": map_x,
    "bsky.app": map_bluesky,
}
