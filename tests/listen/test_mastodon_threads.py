"""Mastodon replies join their parent: ``reply_to`` is the parent's URI (its ``external_id``),
built when the parent's author is local to the reading instance, joined after the import when
the parent came in the same file, a later page or an earlier import; mentioned accounts' ids
are pseudonymised in the raw item too. On a recorded thread (``mastodon-thread.json``): alice
(mastodon.social) posts, carol (mastodon.art) replies, alice answers carol and adds a reply to
herself; read on mastodon.social, so carol's status has a local id there that is not its own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from mixroom.models import Post
from mixroom.pipelines.importers.posts.mastodon import (
    local_address,
    map_status,
    reading_instance,
)
from mixroom.pipelines.importers.posts.registry import get_post_importer
from mixroom.pipelines.listen.replies import join_replies
from mixroom.pipelines.listen.runner import import_posts_file

DATA = Path(__file__).resolve().parents[1] / "data" / "listen"
THREAD = json.loads((DATA / "mastodon-thread.json").read_text(encoding="utf-8"))
SELF_REPLY, ANSWER, CAROL, ROOT = THREAD
ROOT_URI = "https://mastodon.social/users/alice/statuses/112700000000000001"
CAROL_HERE = "https://mastodon.social/api/v1/statuses/112700000000000009"


def test_the_parent_uri_is_built_when_its_author_is_local_to_the_reading_instance() -> None:
    assert reading_instance(ANSWER) == "mastodon.social"  # from the tag links
    assert map_status(SELF_REPLY).reply_to == ROOT_URI  # replying to oneself
    assert map_status(CAROL).reply_to == ROOT_URI  # alice is among the mentions, and local
    assert map_status(ROOT).reply_to is None


def test_a_remote_parent_is_kept_as_its_api_address_on_the_reading_instance() -> None:
    assert map_status(ANSWER).reply_to == CAROL_HERE
    assert local_address(CAROL) == CAROL_HERE  # what the stored parent answers to
    recorded = {**ANSWER, "__instance": "mastodon.example"}
    assert (
        map_status(recorded).reply_to
        == "https://mastodon.example/api/v1/statuses/112700000000000009"
    )


def test_a_local_account_names_the_reading_instance_of_a_status_without_tags() -> None:
    """Carol is remote (her status's URI is on mastodon.art), but she mentions alice, whose
    ``acct`` has no domain: local to the instance that answered, mastodon.social."""
    untagged = {**CAROL, "tags": []}
    assert reading_instance(untagged) == "mastodon.social"
    assert local_address(untagged) == CAROL_HERE
    alone = {**untagged, "mentions": []}
    assert reading_instance(alone) == "mastodon.art"  # nothing local: the URI's host


def test_mentioned_accounts_carry_their_ids() -> None:
    assert map_status(ANSWER).mention_ids == {"carol@mastodon.art": ["200000000000000005"]}
    assert map_status(CAROL).mention_ids == {"alice@mastodon.social": ["109000000000000001"]}


def write(tmp_path: Path, name: str, statuses: list[dict[str, Any]]) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(statuses), encoding="utf-8")
    return path


def load(session: Session, path: Path) -> int:
    run = import_posts_file(session, get_post_importer("mastodon"), path, secret="test-secret")
    return join_replies(session, [run.id])


def _first_word(text: str) -> str:
    return next(w for w in text.split() if not w.startswith(("@", "anon-"))).strip(",")


def parents(session: Session) -> dict[str, str | None]:
    """Each stored post's parent, both named by the first word of their text (the URIs are
    stored pseudonymised: they hold the author's handle)."""
    rows = session.execute(select(Post.external_id, Post.reply_to, Post.text)).all()
    words = {uri: _first_word(text) for uri, _, text in rows}
    return {words[uri]: words.get(parent or "", parent) for uri, parent, _ in rows}


def test_a_thread_in_one_file_is_joined(session: Session) -> None:
    assert load(session, DATA / "mastodon-thread.json") == 1
    assert parents(session) == {"Notre": None, "Bravo": "Notre", "Oui": "Bravo", "Et": "Notre"}
    assert load(session, DATA / "mastodon-thread.json") == 0
    assert parents(session)["Oui"] == "Bravo"


@pytest.mark.parametrize("parent_first", [True, False])
def test_a_parent_stored_by_another_import_is_joined(
    session: Session, tmp_path: Path, parent_first: bool
) -> None:
    parent, reply = write(tmp_path, "parent.json", [CAROL]), write(tmp_path, "reply.json", [ANSWER])
    first, second = (parent, reply) if parent_first else (reply, parent)
    assert load(session, first) == 0
    if not parent_first:
        assert parents(session) == {"Oui": CAROL_HERE}  # resolvable, not joined yet
    assert load(session, second) == 1
    assert parents(session)["Oui"] == "Bravo"


@pytest.mark.parametrize("parent_first", [True, False])
def test_a_parent_stored_from_a_boost_is_joined(
    session: Session, tmp_path: Path, parent_first: bool
) -> None:
    """Carol's status came in as dave's boost of it (read on mastodon.social): the stored post
    is carol's status, whose local id there stands under ``reblog``."""
    dave = {
        "id": "109000000000000042",
        "username": "dave",
        "acct": "dave",
        "url": "https://mastodon.social/@dave",
        "display_name": "Dave",
    }
    boost = {
        "id": "112700000000000077",
        "uri": "https://mastodon.social/users/dave/statuses/112700000000000077/activity",
        "created_at": CAROL["created_at"],
        "account": dave,
        "content": "",
        "reblog": CAROL,
        "mentions": [],
        "tags": [],
    }
    assert local_address(boost) == CAROL_HERE
    parent, reply = write(tmp_path, "boost.json", [boost]), write(tmp_path, "reply.json", [ANSWER])
    first, second = (parent, reply) if parent_first else (reply, parent)
    assert load(session, first) == 0
    assert load(session, second) == 1
    assert parents(session)["Oui"] == "Bravo"


def test_mentioned_account_ids_do_not_stay_in_the_raw_item(session: Session) -> None:
    load(session, DATA / "mastodon-thread.json")
    raws = json.dumps(session.scalars(select(Post.raw)).all())
    assert "200000000000000005" not in raws  # carol's account id
    assert "109000000000000001" not in raws  # alice's
