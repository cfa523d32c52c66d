"""``map_item`` and the field parsers are pure: literal rows in, records out."""

from __future__ import annotations

import pytest

from mixroom.pipelines.fields import RowError, coordinates, day, redact_emails, title_case
from mixroom.pipelines.importers.hackathons import map_project, status_of
from mixroom.pipelines.importers.museomix import code_licence, humanise, is_meaningful_title


@pytest.mark.parametrize(
    ("challenge", "progress", "status"),
    [
        (True, 30, "idea"),
        (False, None, "prototyping"),
        (False, 10, "idea"),
        (False, 20, "prototyping"),
        (False, 30, "prototyping"),
        (False, 40, "tested"),
        (False, 50, "presented"),
    ],
)
def test_dribdat_progress_to_status(challenge: bool, progress: int | None, status: str) -> None:
    assert status_of(challenge, progress) == status


@pytest.mark.parametrize(
    ("raw", "readable"),
    [
        ("U.S. SPACE & ROCKET CENTER", "U.S. Space & Rocket Center"),
        ("MUSEUM OF THE CHILDREN'S HISTORY", "Museum of the Children's History"),
        ("WESTERVELT-WARNER MUSEUM OF AMERICAN ART", "Westervelt-Warner Museum of American Art"),
        ("8316 MOUNTBATTEN RD NE", "8316 Mountbatten Rd NE"),
        ("MCDONALD 1ST STREET HOUSE", "McDonald 1st Street House"),
        ("Already Mixed Case", "Already Mixed Case"),
    ],
)
def test_title_case_keeps_names_recognisable(raw: str, readable: str) -> None:
    assert title_case(raw) == readable


def test_field_errors_say_why() -> None:
    with pytest.raises(RowError, match="not a date"):
        day("the 32nd", "starts_at")
    with pytest.raises(RowError, match="out of range"):
        coordinates("91", "0")
    assert coordinates("0.0", "0.0") == (None, None)
    assert day("Fri, 16 Apr 2021 08:30:00 GMT", "x") == day("2021-04-16T08:30", "x")


def test_emails_are_removed_from_free_text() -> None:
    text = 'write to <a href="mailto:a.b@example.org">a.b@example.org</a> or CONTACT: x@y.ch'
    assert "@" not in redact_emails(text)


def test_project_never_puts_an_email_in_public_fields() -> None:
    row = {
        "origin": "hack.opendata.ch",
        "id": "7",
        "name": "Demo",
        "event_url": "https://hack.opendata.ch/event/24",
        "team": "ann@example.org, bob",
        "contact_url": "mailto:ann@example.org",
        "summary": "s",
        "webpage_url": "mailto:ann@example.org",
        "progress": "40",
        "is_challenge": "False",
    }
    mapped = map_project(row, full_text="mail ann@example.org", weak_text=True)
    public = [u for u in mapped.upserts if u.key.model.__tablename__ != "people_private"]
    assert "ann@example.org" not in repr([(u.key, u.values) for u in public])
    private = [u for u in mapped.upserts if u.key.model.__tablename__ == "people_private"]
    assert [u.values for u in private] == [{"email": "ann@example.org"}]


def test_museomix_titles_and_licences() -> None:
    assert humanise("backToLezoux") == "Back To Lezoux"
    assert not is_meaningful_title("2013_Quebec_thermoscope", "museomix/2013_Quebec_thermoscope")
    assert not is_meaningful_title("Requirements:", "MuseomixCH/2015-Team-1")
    assert is_meaningful_title("Museochoix", "MuseomixCH/Equipe-4")
    assert code_licence("LICENSE.CC-BY-SA;LICENSE.LGPL;LICENSE.MIT") == "MIT"
    assert code_licence("LICENSE;copying") is None
