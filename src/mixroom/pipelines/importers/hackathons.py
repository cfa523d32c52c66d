"""Mapping shared by the dribdat importers (Data Packages and the Opendata.ch archive CSVs).

A dribdat event is an Edition of a Network with one Site; a project is a Prototype with its
Team, the people in it and their participation at the site. Keys are ``dribdat:<host>`` and
the dribdat id, so the archive CSV and an event's Data Package update the same records.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse

from mixroom.models import (
    Edition,
    Institution,
    Network,
    Participation,
    Person,
    PersonPrivate,
    Playground,
    Prototype,
    Site,
    Team,
    TeamMember,
)
from mixroom.models.sites import site_institutions
from mixroom.pipelines.fields import (
    RowError,
    coordinates,
    day,
    integer,
    is_email,
    public_url,
    redact_emails,
    text,
)
from mixroom.pipelines.records import Key, Link, MappedItem, Upsert, fit
from mixroom.slugs import ascii_slug, fold_ascii

#: dribdat's importer account, put on every project of the events migrated before 2020
PLACEHOLDER_USER = "oleg"
PLACEHOLDER_BEFORE = 2020
_EVENT_URL = re.compile(r"/event/(\d+)")
_ACADEMIC = re.compile(
    r"universit|hochschule|ETH\b|EPFL|HSLU|FHGR|FHNW|SUPSI|HES-SO|\bOST\b|UNIGE|school", re.I
)


def host_of(url: object) -> str:
    return (urlparse(text(url)).hostname or "").lower()


def event_id_of(url: object) -> str:
    found = _EVENT_URL.search(text(url))
    return found.group(1) if found else ""


def flag(value: object) -> bool:
    return value is True or text(value).lower() in {"true", "1", "yes"}


def network_of(host: str, event_name: str) -> Upsert:
    """GLAM hack days form one network, whichever dribdat server hosted them."""
    if "glam" in host or "glam" in event_name.lower():
        slug, name, site = "glamhack", "GLAMhack", "https://glam.opendata.ch"
    elif host.endswith("opendata.ch"):
        slug, name, site = "opendata-ch-hackdays", "Opendata.ch Hackdays", "https://opendata.ch"
    elif "baselhack" in host:
        slug, name, site = "baselhack", "BaselHack", "https://www.baselhack.ch"
    else:
        slug, name, site = ascii_slug(host) or "dribdat", host or "dribdat", f"https://{host}"
    values = {"name": name, "website": site}
    return Upsert(Key.of(Network, slug=slug), values, create_only=frozenset(values))


def _source(host: str) -> str:
    return f"dribdat:{host}"


def _event_keys(host: str, event_id: str) -> tuple[Key, Key]:
    source = _source(host)
    return (
        Key.of(Edition, source=source, source_id=event_id),
        Key.of(Site, source=source, source_id=event_id),
    )


def _institution_kind(name: str) -> str:
    if re.search(r"muse|musée|museo", name, re.I):
        return "museum"
    if re.search(r"librar|bibliot", name, re.I):
        return "library"
    return "university" if _ACADEMIC.search(name) else "other"


def _hosts(host: str, hostname: str, site: Key) -> tuple[list[Upsert], list[Link]]:
    """The organisations named as the event's host, as institutions linked to its site."""
    upserts, links = [], []
    country = "CH" if host.endswith("opendata.ch") else None
    for part in re.split(r",|&|\+| und ", hostname):
        name = redact_emails(part.strip())
        if len(name) < 2 or not ascii_slug(name):
            continue
        values = fit(
            Institution, {"name": name, "kind": _institution_kind(name), "country": country}
        )
        key = Key.of(Institution, source="dribdat-host", source_id=ascii_slug(name))
        upserts.append(Upsert(key, values, create_only=frozenset(values)))
        links.append(Link(site_institutions, ("site_id", site), ("institution_id", key)))
    return upserts, links


def map_event(row: dict[str, Any], *, weak_text: bool) -> MappedItem:
    """One dribdat event: Network, Edition, Site, host institutions."""
    host, event_id, name = text(row.get("origin")), text(row.get("id")), text(row.get("name"))
    if not event_id:
        raise RowError("missing event id")
    if not name:
        raise RowError("missing event name")
    starts, ends = day(row.get("starts_at"), "starts_at"), day(row.get("ends_at"), "ends_at")
    latitude, longitude = coordinates(row.get("location_lat"), row.get("location_lon"))
    network = network_of(host, name)
    edition, site = _event_keys(host, event_id)
    about = redact_emails(text(row.get("description")) or text(row.get("summary")))
    hashtags = [tag.lstrip("#") for tag in text(row.get("hashtags")).split() if tag.lstrip("#")]
    edition_values = {
        "network_id": network.key,
        "slug": ascii_slug(name),
        "name": redact_emails(name),
        "year": starts.year if starts else None,
        "starts_on": starts,
        "ends_on": ends,
        "description": about,
        "website": public_url(row.get("webpage_url")),
        "hashtags": hashtags,
    }
    location = redact_emails(text(row.get("location")))
    site_values = {
        "edition_id": edition,
        "slug": ascii_slug(location or name) or "site",
        "name": location or redact_emails(name),
        "country": "CH" if host.endswith("opendata.ch") else None,
        "latitude": latitude,
        "longitude": longitude,
        "starts_on": starts,
        "ends_on": ends,
    }
    optional = ("description", "website", "hashtags")
    for name in optional:  # an export without them must not blank what another one gave
        if not edition_values[name]:
            del edition_values[name]
    weak = frozenset(optional if weak_text else ())
    institutions, links = _hosts(host, text(row.get("hostname")), site)
    upserts = [
        network,
        *institutions,
        Upsert(edition, fit(Edition, edition_values), frozenset({"slug"}), weak, primary=True),
        Upsert(site, fit(Site, site_values), frozenset({"slug"})),
    ]
    return MappedItem(upserts, links)


def status_of(is_challenge: bool, progress: int | None) -> str:
    """dribdat's stages (challenge, research, sketching, prototype, launch, share) as statuses."""
    if is_challenge:
        return "idea"
    if progress is None:
        return "prototyping"
    if progress <= 10:
        return "idea"
    if progress <= 30:
        return "prototyping"
    return "tested" if progress < 50 else "presented"


def handle_of(name: str) -> str:
    return re.sub(r"[^a-z0-9_.-]+", "-", fold_ascii(name)).strip("-._")[:120]


def _members(row: dict[str, Any], event_year: int | None) -> list[tuple[str, str, str | None]]:
    """(handle, display name, private e-mail) per team username, placeholder left out."""
    members: dict[str, tuple[str, str, str | None]] = {}
    for username in text(row.get("team")).split(","):
        username = username.strip()
        if username == PLACEHOLDER_USER and (event_year or PLACEHOLDER_BEFORE) < PLACEHOLDER_BEFORE:
            continue
        email = username if is_email(username) else None
        shown = username.split("@")[0] if email else username
        handle = handle_of(shown)
        if handle and handle not in members:
            members[handle] = (handle, shown[:300], email)
    return list(members.values())


def _year(row: dict[str, Any]) -> int | None:
    year = row.get("_event_year")
    if isinstance(year, int):
        return year
    found = re.search(r"\b(19|20)\d\d\b", text(row.get("event_name")))
    return int(found.group(0)) if found else None


def _links(row: dict[str, Any]) -> list[dict[str, Any]]:
    links: list[dict[str, Any]] = []
    for kind, column in (
        ("dribdat", "url"),
        ("repository", "source_url"),
        ("website", "webpage_url"),
        ("download", "download_url"),
    ):
        url = public_url(row.get(column))
        if url and len(url) <= 1000 and all(link["url"] != url for link in links):
            links.append({"kind": kind, "url": url, "title": ""})
    return links


def _people(members: list[tuple[str, str, str | None]], team: Key, site: Key) -> list[Upsert]:
    upserts = []
    for handle, shown, email in members:
        person = Key.of(Person, handle=handle)
        values = {"display_name": shown, "source": "dribdat", "source_id": handle}
        upserts.append(Upsert(person, fit(Person, values), create_only=frozenset(values)))
        if email:
            private = Key.of(PersonPrivate, person_id=person)
            upserts.append(Upsert(private, {"email": email}, create_only=frozenset({"email"})))
        member = Key.of(TeamMember, team_id=team, person_id=person)
        upserts.append(Upsert(member, {"role": "participant"}, create_only=frozenset({"role"})))
        upserts.append(
            Upsert(Key.of(Participation, person_id=person, site_id=site, role="participant"))
        )
    return upserts


def _event_stub(host: str, event_id: str, row: dict[str, Any]) -> list[Upsert]:
    """Enough of the project's event to attach it; the event's own row fills in the rest."""
    event_name = text(row.get("event_name")) or f"Event {event_id}"
    network = network_of(host, event_name)
    edition, site = _event_keys(host, event_id)
    edition_values = {"network_id": network.key, "slug": ascii_slug(event_name), "name": event_name}
    site_values = {"edition_id": edition, "slug": ascii_slug(event_name), "name": event_name}
    return [
        network,
        Upsert(edition, fit(Edition, edition_values), create_only=frozenset(edition_values)),
        Upsert(site, fit(Site, site_values), create_only=frozenset(site_values)),
    ]


def map_project(row: dict[str, Any], *, full_text: str, weak_text: bool) -> MappedItem:
    """One dribdat project: Prototype, Team, people and their participation at the site."""
    host, project_id, title = text(row.get("origin")), text(row.get("id")), text(row.get("name"))
    event_id = event_id_of(row.get("event_url"))
    if not project_id:
        raise RowError("missing project id")
    if not title:
        raise RowError("missing project name")
    if not host or not event_id:
        raise RowError("no event: origin or event_url is missing")
    source = _source(host)
    _, site = _event_keys(host, event_id)
    upserts = _event_stub(host, event_id, row)
    values: dict[str, Any] = {
        "site_id": site,
        "title": redact_emails(title),
        "subtitle": redact_emails(text(row.get("summary"))),
        "summary": redact_emails(full_text),
        "status": status_of(
            flag(row.get("is_challenge")), integer(row.get("progress"), "progress")
        ),
        "links": _links(row),
        "playground_id": None,
        "team_id": None,
    }
    category_id, category = text(row.get("category_id")), text(row.get("category_name"))
    if category_id and category:
        playground = Key.of(
            Playground, source=source, source_id=f"event:{event_id}:category:{category_id}"
        )
        pg_values = fit(Playground, {"site_id": site, "title": redact_emails(category)})
        upserts.append(Upsert(playground, pg_values))
        values["playground_id"] = playground
    members = _members(row, _year(row))
    team = Key.of(Team, source=source, source_id=project_id)
    if members:
        upserts.append(Upsert(team, fit(Team, {"site_id": site, "name": values["title"]})))
        values["team_id"] = team
    weak = frozenset({"summary"} if weak_text else ())
    prototype = Key.of(Prototype, source=source, source_id=project_id)
    upserts.append(Upsert(prototype, fit(Prototype, values), weak=weak, primary=True))
    upserts.extend(_people(members, team, site))
    return MappedItem(upserts)
