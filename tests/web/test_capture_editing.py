"""Filling the template from the prototype page: sections, If-Match, history, restore, translate."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factories import make_prototype, make_site, make_user
from mixroom.models import Playground, Prototype, Revision
from mixroom.settings import Settings
from mixroom.web.app import create_app
from web.test_capture import csrf_of, sign_in


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture
def team_prototype(session: Session, client: TestClient) -> Prototype:
    prototype = make_prototype(session, summary="A machine that travels in time.", language="fr")
    user = make_user(session, member_of=(prototype.team_id or 0,))
    session.commit()
    sign_in(client, user.username)
    return prototype


def _post_section(client: TestClient, prototype_id: int, section: str, **fields: object) -> object:
    page = client.get(f"/prototypes/{prototype_id}/edit/{section}")
    assert page.status_code == 200
    etag = page.text.split('name="etag" value="', 1)[1].split('"', 1)[0]
    data = {"csrf_token": csrf_of(page.text), "etag": etag.replace("&#34;", '"'), **fields}
    return client.post(f"/prototypes/{prototype_id}/edit/{section}", data=data)


def test_a_section_is_saved_and_the_history_shows_a_word_diff_and_restores(
    client: TestClient, team_prototype: Prototype, session: Session
) -> None:
    pid = team_prototype.id
    page = client.get(f"/prototypes/{pid}")
    assert f'href="/prototypes/{pid}/edit/user_story"' in page.text
    saved = _post_section(client, pid, "summary", text="A machine that travels in space.")
    assert saved.status_code == 200 and "travels in space" in saved.text  # type: ignore[attr-defined]
    saved = _post_section(client, pid, "summary", text="A machine that travels in time and space.")
    history = client.get(f"/prototypes/{pid}/history")
    assert "in <ins>time and </ins>space." in history.text
    query = select(Revision.id).where(Revision.noun == "prototypes", Revision.record_id == pid)
    revision_ids = list(session.scalars(query.order_by(Revision.id)))
    assert len(revision_ids) == 2  # the factory wrote no revision; each edit wrote one
    history = client.get(f"/prototypes/{pid}/history")
    restored = client.post(
        f"/prototypes/{pid}/history/{revision_ids[0]}/restore",
        data={"csrf_token": csrf_of(history.text)},
    )
    assert restored.status_code == 200
    session.expire_all()
    prototype = session.get(Prototype, pid)
    assert prototype is not None and prototype.summary == "A machine that travels in space."


def test_a_stale_form_is_refused_not_silently_overwritten(
    client: TestClient, team_prototype: Prototype, session: Session
) -> None:
    pid = team_prototype.id
    page = client.get(f"/prototypes/{pid}/edit/summary")
    token = csrf_of(page.text)
    stale = {"csrf_token": token, "etag": f'"prototypes-{pid}-v0"', "text": "Mine"}
    refused = client.post(f"/prototypes/{pid}/edit/summary", data=stale)
    assert refused.status_code == 422 and "changed since you read it" in refused.text
    session.expire_all()
    assert session.get(Prototype, pid).summary == "A machine that travels in time."  # type: ignore[union-attr]


def test_every_template_section_can_be_filled(
    client: TestClient, team_prototype: Prototype, session: Session
) -> None:
    pid = team_prototype.id
    _post_section(client, pid, "about", title="Machine", subtitle="One line", status="tested",
                  visibility="public", still_used_by_museum="yes")  # fmt: skip
    for name in ("user_story", "intentions_process", "material", "looking_back", "faq"):
        _post_section(client, pid, name, text=f"Text of {name}")
    _post_section(client, pid, "tags", themes="time, sound", technologies="Arduino")
    _post_section(client, pid, "licences", content_licence="CC-BY-4.0", code_licence="MIT")
    _post_section(client, pid, "links", kind=["video", "website"],
                  url=["https://video.example.org/v/1", ""], title=["Our video", ""])  # fmt: skip
    _post_section(client, pid, "objects", label=["Astrolabe"], wikidata_qid=["Q12345"],
                  inventory_number=[""])  # fmt: skip
    session.expire_all()
    p = session.get(Prototype, pid)
    assert p is not None
    assert (p.title, p.subtitle, p.status, p.still_used_by_museum) == (
        "Machine",
        "One line",
        "tested",
        True,
    )
    assert p.faq == "Text of faq" and p.material == "Text of material"
    assert (p.themes, p.technologies) == (["time", "sound"], ["Arduino"])
    assert (p.content_licence, p.code_licence) == ("CC-BY-4.0", "MIT")
    assert p.links == [
        {"kind": "video", "url": "https://video.example.org/v/1", "title": "Our video"}
    ]
    assert [(o.label, o.wikidata_qid) for o in p.collection_objects] == [("Astrolabe", "Q12345")]
    bad = _post_section(client, pid, "licences", content_licence="Mine-1.0")
    assert bad.status_code == 422 and "unknown licence" in bad.text  # type: ignore[attr-defined]


def test_a_translation_is_shown_with_fallback_and_the_original_marker(
    client: TestClient, team_prototype: Prototype, settings: Settings
) -> None:
    pid = team_prototype.id
    page = client.get(f"/prototypes/{pid}/translate?language=de")
    assert "A machine that travels in time." in page.text
    saved = client.post(
        f"/prototypes/{pid}/translate",
        data={
            "csrf_token": csrf_of(page.text),
            "language": "de",
            "text_summary": "Eine Zeitmaschine.",
        },
        follow_redirects=False,
    )
    assert saved.headers["location"] == f"/prototypes/{pid}?lang=de"
    with TestClient(create_app(settings)) as reader:
        german = reader.get(f"/prototypes/{pid}", headers={"Accept-Language": "de"}).text
        assert "Eine Zeitmaschine." in german
        assert "A machine that travels in time." not in german
        assert "original-marker" in german  # the title is still the original's
        spanish = reader.get(f"/prototypes/{pid}", headers={"Accept-Language": "es"}).text
        assert "A machine that travels in time." in spanish and "original-marker" in spanish


def test_strangers_cannot_open_or_send_the_edit_forms(client: TestClient, session: Session) -> None:
    prototype = make_prototype(session)
    stranger = make_user(session)
    session.commit()
    sign_in(client, stranger.username)
    for path in ("edit/summary", "history", "translate"):
        assert client.get(f"/prototypes/{prototype.id}/{path}").status_code == 403
    page = client.get("/login")
    data = {"csrf_token": csrf_of(page.text), "text": "vandal"}
    assert client.post(f"/prototypes/{prototype.id}/edit/summary", data=data).status_code == 403
    session.expire_all()
    assert session.get(Prototype, prototype.id).summary == "What it does."  # type: ignore[union-attr]


def test_the_playground_is_chosen_among_the_site_s_own(
    client: TestClient, team_prototype: Prototype, session: Session
) -> None:
    pid = team_prototype.id
    ours = Playground(site_id=team_prototype.site_id, title="Make the archive speak")
    elsewhere = Playground(site_id=make_site(session).id, title="Another museum's challenge")
    session.add_all([ours, elsewhere])
    session.commit()
    page = client.get(f"/prototypes/{pid}/edit/about")
    assert f'<option value="{ours.id}">Make the archive speak</option>' in page.text
    assert "Another museum" not in page.text
    fields = {"title": "Machine", "status": "tested", "visibility": "public"}
    refused = _post_section(client, pid, "about", playground_id=str(elsewhere.id), **fields)
    assert refused.status_code == 422  # type: ignore[attr-defined]
    assert "one of the site&#39;s playgrounds" in refused.text  # type: ignore[attr-defined]
    saved = _post_section(client, pid, "about", playground_id=str(ours.id), **fields)
    assert saved.status_code == 200  # type: ignore[attr-defined]
    session.expire_all()
    assert session.get(Prototype, pid).playground_id == ours.id  # type: ignore[union-attr]
    page = client.get(f"/prototypes/{pid}/edit/about")
    assert f'<option value="{ours.id}" selected>' in page.text


def test_restore_and_translate_do_their_database_work_off_the_event_loop(
    client: TestClient, team_prototype: Prototype, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mixroom.web.pages import editing

    on_loop: list[bool] = []

    def watched(function: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            try:
                asyncio.get_running_loop()
                on_loop.append(True)
            except RuntimeError:  # a worker thread of the pool has no running loop
                on_loop.append(False)
            return function(*args, **kwargs)

        return call

    monkeypatch.setattr(editing, "restore_revision", watched(editing.restore_revision))
    monkeypatch.setattr(editing, "save_translation", watched(editing.save_translation))
    pid = team_prototype.id
    _post_section(client, pid, "summary", text="A machine that travels in space.")
    page = client.get(f"/prototypes/{pid}/translate?language=de")
    etag = page.text.split('name="etag" value="', 1)[1].split('"', 1)[0].replace("&#34;", '"')
    data = {
        "csrf_token": csrf_of(page.text),
        "etag": etag,
        "language": "de",
        "text_summary": "Eine Maschine.",
    }
    assert client.post(f"/prototypes/{pid}/translate", data=data).status_code == 200
    history = client.get(f"/prototypes/{pid}/history")
    revision = history.text.split("/history/", 1)[1].split("/restore", 1)[0]
    restored = client.post(
        f"/prototypes/{pid}/history/{revision}/restore", data={"csrf_token": csrf_of(history.text)}
    )
    assert restored.status_code == 200
    assert on_loop == [False, False]
