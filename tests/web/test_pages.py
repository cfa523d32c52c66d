"""The server-rendered pages, on SQLite and PostgreSQL: content, drafts, pagination, XSS,
sign-in with CSRF, and a privacy walk over every page reachable from the home page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from browser.world import (
    DRAFT_TITLE,
    PASSWORD,
    PRIVATE_MEDIA_URL,
    PUBLIC_MEDIA_URL,
    World,
    seed_world,
)
from mixroom.models import Person, PersonPrivate, Prototype, User
from mixroom.settings import Settings
from mixroom.web.app import create_app

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture
def world(session: Session) -> World:
    world = seed_world(session)
    session.commit()
    return world


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs += [value for name, value in attrs if name == "href" and value]


def links_of(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return parser.hrefs


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> None:
    form = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token[1], "next": "/"},
        follow_redirects=False,
    )
    assert response.status_code == 303


def test_every_page_renders_the_seeded_records(client: TestClient, world: World) -> None:
    expected = {
        "/": "La Machine à remonter le temps",
        "/prototypes": "La Machine à remonter le temps",
        "/sites": "Museomix Lyon",
        f"/sites/{world.site_id}": "Musée des Confluences",
        "/editions": "Museomix 2014",
        f"/editions/{world.edition_id}": "Museomix Lyon",
        "/institutions": "Smithsonian American Art Museum",
        f"/institutions/{world.institution_id}": "https://www.wikidata.org/wiki/Q2271378",
        "/people": "Karim Benali",
        f"/people/{world.person_id}": "Les Machinistes",
    }
    for path, text in expected.items():
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith("text/html")
        assert '<html lang="en">' in response.text
        assert text in response.text, path


def test_a_prototype_page_shows_its_team_event_and_text(client: TestClient, world: World) -> None:
    page = client.get(f"/prototypes/{world.prototype_id}").text
    team = page[page.index('id="team"') : page.index("</section>", page.index('id="team"'))]
    assert "Les Machinistes" in team
    assert "Amélie Durand" in team and "coder" in team
    assert "Karim Benali" in team and "designer" in team
    event = page[page.index('id="event"') : page.index("</section>", page.index('id="event"'))]
    for name in ("Museomix", "Museomix 2014", "Museomix Lyon", "Musée des Confluences"):
        assert name in event
    assert "<h2>User story</h2>" in page and "Léa, 9, visits" in page
    assert "<strong>crank</strong>" in page  # the Markdown is rendered
    assert "<h2>FAQ</h2>" in page and "<h2>Looking back</h2>" in page
    assert f'href="/api/v1/prototypes/{world.prototype_id}"' in page
    assert "CC-BY-SA-4.0" in page and "MIT" in page
    assert PUBLIC_MEDIA_URL in page and 'alt="A wooden box with a brass crank"' in page
    assert "Time machine remix" in page  # lineage, from the other side


def test_a_translation_replaces_the_translated_fields(client: TestClient, world: World) -> None:
    page = client.get(f"/prototypes/{world.prototype_id}?lang=en").text
    assert "<h1>The Time Machine</h1>" in page
    assert "Visitors turn a" in page  # untranslated fields stay in the original


def test_drafts_are_not_found_by_the_public_but_shown_to_their_team(
    client: TestClient, world: World
) -> None:
    assert client.get(f"/prototypes/{world.draft_id}").status_code == 404
    assert DRAFT_TITLE not in client.get("/prototypes").text
    sign_in(client, world.member_username)
    response = client.get(f"/prototypes/{world.draft_id}")
    assert response.status_code == 200
    assert DRAFT_TITLE in response.text and ">draft</span>" in response.text
    assert response.headers["cache-control"] == "private, no-store"
    assert DRAFT_TITLE in client.get("/prototypes").text


def test_missing_records_give_a_404_page(client: TestClient, world: World) -> None:
    for path in ("/prototypes/9999", "/sites/9999", "/people/9999", "/institutions/9999"):
        response = client.get(path)
        assert response.status_code == 404
        assert "<h1>Not found</h1>" in response.text


def test_lists_paginate_and_filter(client: TestClient, session: Session, world: World) -> None:
    session.add_all(Prototype(title=f"Bulk prototype {n:03d}", status="tested") for n in range(57))
    session.commit()
    first = client.get("/prototypes", params={"q": "bulk"}).text
    assert "57 prototypes" in first
    assert first.count("Bulk prototype") == 48  # the finder: newest first, 48 a page
    next_links = [href for href in links_of(first) if "page=" in href]
    assert len(next_links) == 1 and "q=bulk" in next_links[0]
    second = client.get(next_links[0].replace("&amp;", "&")).text
    assert second.count("Bulk prototype") == 9
    assert "Bulk prototype 000" in second and "Bulk prototype 056" not in second
    assert not [href for href in links_of(second) if "page=3" in href]
    adopted = client.get("/prototypes", params={"status": "adopted"}).text
    assert "1 prototype<" in adopted and "La Machine" in adopted and "Bulk" not in adopted
    assert client.get("/prototypes", params={"status": "nonsense"}).status_code == 422
    fr = client.get("/institutions", params={"country": "fr"}).text
    assert "Musée des Confluences" in fr and "Smithsonian" not in fr


#: markup that would run or load something, as it would appear in a page if it got through
#: (the pages' own scripts, served from /static, are not user markup)
DANGEROUS = re.compile(
    r"<script(?! src=\"/static/)|<img|<iframe|href=\"?javascript:|<[a-z][^>]*\son[a-z]+\s*=", re.I
)


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">click</a>',
        '<p onclick="alert(1)">hi</p>',
        '<iframe src="https://evil.example"></iframe>',
    ],
)
def test_stored_markup_in_prototype_text_is_harmless(
    client: TestClient, session: Session, attack: str
) -> None:
    prototype = Prototype(title=f"Title {attack}", summary=f"Before {attack} after", faq=attack)
    session.add(prototype)
    session.commit()
    for path in (f"/prototypes/{prototype.id}", "/prototypes", "/"):
        page = client.get(path).text
        assert DANGEROUS.search(page) is None, path
    detail = client.get(f"/prototypes/{prototype.id}").text
    assert "Before" in detail and "after" in detail  # the text around the attack survives
    assert "Title &lt;" in detail or "Title [click]" in detail  # the title shows as text


def test_sign_in_needs_the_csrf_token(client: TestClient, world: World) -> None:
    client.get("/login")
    forged = client.post(
        "/login",
        data={"username": world.member_username, "password": PASSWORD, "csrf_token": "x.y"},
        follow_redirects=False,
    )
    assert forged.status_code == 403
    assert "mixroom_session" not in forged.cookies


def test_sign_in_sets_a_protected_cookie_and_sign_out_ends_it(
    client: TestClient, world: World
) -> None:
    form = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    wrong = client.post(
        "/login",
        data={"username": world.member_username, "password": "nope", "csrf_token": token[1]},
    )
    assert wrong.status_code == 401 and "wrong username or password" in wrong.text
    sign_in(client, world.member_username)
    assert "Sign out" in client.get("/").text
    logout = client.get("/logout")
    token = re.search(r'name="csrf_token" value="([^"]+)"', logout.text)
    assert token is not None
    done = client.post("/logout", data={"csrf_token": token[1]}, follow_redirects=False)
    assert done.status_code == 303
    assert "Sign in" in client.get("/").text
    assert client.get(f"/prototypes/{world.draft_id}").status_code == 404


def test_the_session_cookie_is_httponly_and_lax(client: TestClient, world: World) -> None:
    form = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    response = client.post(
        "/login",
        data={
            "username": world.member_username,
            "password": PASSWORD,
            "csrf_token": token[1],
            "next": "//evil.example",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"
    cookie = next(
        v
        for k, v in response.headers.multi_items()
        if k == "set-cookie" and v.startswith("mixroom_session=")
    )
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie


def crawl(client: TestClient, limit: int = 400) -> dict[str, str]:
    """Every same-site page reachable from the home page (the API and static files aside)."""
    seen: dict[str, str] = {}
    queue = ["/"]
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        response = client.get(path)
        assert response.status_code == 200, path
        seen[path] = response.text
        for href in links_of(response.text):
            url = urlsplit(urljoin("http://testserver" + path, href))
            if url.netloc != "testserver" or url.path.startswith(("/api/", "/static/")):
                continue
            target = url.path + (f"?{url.query}" if url.query else "")
            if target not in seen:
                queue.append(target)
    return seen


def test_privacy_walk_no_email_draft_or_private_media_on_any_page(
    client: TestClient, session: Session, world: World
) -> None:
    # the secrets to look for come from the store itself, not only from the seeding code
    emails = [email for email in session.scalars(select(PersonPrivate.email)) if email]
    emails += [email for email in session.scalars(select(User.email)) if email]
    assert sorted(emails) == sorted(world.emails)
    pages = crawl(client)
    assert len(pages) >= 12
    assert f"/prototypes/{world.prototype_id}" in pages and f"/people/{world.person_id}" in pages
    for path, html in pages.items():
        assert EMAIL.search(html) is None, path
        for email in emails:
            assert email not in html, path
        assert DRAFT_TITLE not in html, path
        assert PRIVATE_MEDIA_URL not in html, path
        assert "draft.jpg" not in html, path
        assert "consent" not in html.lower(), path


def test_an_email_typed_into_a_public_text_is_masked(client: TestClient, session: Session) -> None:
    person = Person(handle="typist", display_name="Typist", bio="Write to me: me@example.org")
    session.add(person)
    session.commit()
    page = client.get(f"/people/{person.id}").text
    assert "me@example.org" not in page and "[e-mail hidden]" in page
