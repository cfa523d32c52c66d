"""Each importer on the shipped real data, on SQLite and PostgreSQL (fixtures in conftest)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import JSON, String, Text, func, select
from sqlalchemy.orm import Session

from mixroom.errors import ImportFailed
from mixroom.models import Base, Institution, Participation, Person, PersonPrivate, Prototype
from mixroom.pipelines.demo import DEMO_DATA
from mixroom.pipelines.importers.registry import get_importer
from mixroom.pipelines.report import BadRow, ImportReport
from mixroom.pipelines.runner import run_import

DATA = Path(__file__).resolve().parents[1] / "data"
ARCHIVE = DEMO_DATA / "opendata-ch-hackdays"
MUSEOMIX = DEMO_DATA / "museomix-github-prototypes" / "museomix_github_prototypes.csv"
MUSEOFILE = DEMO_DATA / "musees-de-france" / "musees-de-france-base-museofile.csv"
IMLS = DEMO_DATA / "imls-mudf-2014q3" / "mudf14q3pub_csv.zip"
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
PRIVATE_TABLES = {"people_private", "users", "api_tokens", "login_sessions"}


def load(session: Session, kind: str, path: Path) -> ImportReport:
    report = run_import(session, get_importer(kind), path)
    session.commit()
    return report


def count(session: Session, model: type[Base]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_imls_zip_gives_one_institution_per_distinct_mid(session: Session) -> None:
    report = load(session, "imls", IMLS)
    assert report.rows_read == 35144
    assert report.counts["institutions"].added == 35139
    duplicates = [5253, 7900, 13278, 17112, 28935]
    assert [bad.line for bad in report.bad_rows] == duplicates
    assert all(bad.reason.startswith("duplicate institutions(") for bad in report.bad_rows)
    museum = session.scalars(select(Institution).where(Institution.imls_mid == "8400100002")).one()
    assert (museum.name, museum.city, museum.region) == (
        "U. S. Army Aviation Museum",
        "Fort Rucker",
        "AL",
    )
    assert (museum.country, museum.category, museum.latitude) == ("US", "GMU", 31.341323)


def test_museofile_keeps_every_named_museum_and_names_the_unnamed_one(session: Session) -> None:
    report = load(session, "museofile", MUSEOFILE)
    assert (report.rows_read, report.counts["institutions"].added) == (1227, 1226)
    assert report.bad_rows == [
        BadRow(MUSEOFILE.name, 2143, "missing name (nomoff and autnom are empty)")
    ]
    again = load(session, "museofile", MUSEOFILE)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 1226)
    museum = session.scalars(select(Institution).where(Institution.museofile_ref == "M0003")).one()
    assert (museum.country, museum.postcode, museum.city) == ("FR", "67330", "Bouxwiller")
    assert museum.website == "http://www.museedupaysdehanau.eu"


def test_archive_imports_every_project_and_is_idempotent(session: Session) -> None:
    report = load(session, "opendata-archive", ARCHIVE)
    assert report.rows_read == 64 + 913
    assert report.bad_rows == []
    added = {noun: counts.added for noun, counts in report.counts.items()}
    assert added["prototypes"] == 913
    assert added["editions"] == added["sites"] == 64
    assert added["networks"] == 3
    again = load(session, "opendata-archive", ARCHIVE)
    assert again.nothing_new and again.added == 0 and again.unchanged == report.added
    assert count(session, Prototype) == 913


def test_placeholder_user_is_left_out_before_2020(session: Session) -> None:
    load(session, "opendata-archive", ARCHIVE)
    oleg = session.scalars(select(Person).where(Person.handle == "oleg")).one()
    years = session.execute(
        select(func.min(Participation.id)).where(Participation.person_id == oleg.id)
    ).scalar()
    assert years is not None  # oleg is a real member of later events
    from mixroom.models import Edition, Site

    query = (
        select(func.min(Edition.year))
        .join(Site, Site.edition_id == Edition.id)
        .join(Participation, Participation.site_id == Site.id)
        .where(Participation.person_id == oleg.id)
    )
    assert session.scalar(query) == 2020


def test_datapackage_and_archive_update_one_prototype(session: Session) -> None:
    load(session, "opendata-archive", ARCHIVE)
    package = load(session, "dribdat", ARCHIVE / "2021-glamhack-datapackage.json")
    assert package.counts["prototypes"].added == 0
    assert package.counts["prototypes"].updated == 22
    key = (Prototype.source == "dribdat:hack.glam.opendata.ch") & (Prototype.source_id == "22")
    helvetix = session.scalars(select(Prototype).where(key)).one()
    assert "Extended Reality frameworks" in helvetix.summary  # the longtext, not the excerpt
    assert load(session, "opendata-archive", ARCHIVE).nothing_new  # the excerpt does not win back
    assert count(session, Prototype) == 913


def test_museomix_repositories(session: Session) -> None:
    report = load(session, "museomix-repos", MUSEOMIX)
    assert report.counts["prototypes"].added == report.counts["teams"].added == 37
    assert report.counts["editions"].added == 9
    by_repo = {p.source_id: p for p in session.scalars(select(Prototype))}
    colmar = by_repo["museomix/2025_COLMAR_vers-infini-et-hopla"]
    assert (colmar.title, colmar.code_licence) == ("Vers l'infini et hoplà\u202f!", "MIT")
    assert by_repo["MuseomixCH/Equipe-4"].title == "Museochoix"
    assert by_repo["MuseomixCH/Equipe-4"].code_licence is None  # a bare LICENSE says nothing
    assert by_repo["museomix/2016_lezoux_backToLezoux"].title == "BACK TO LEZOUX (Equipe n°2)"
    assert by_repo["MuseomixCH/2015-Team-1"].title == "Team 1"
    assert by_repo["museomix/2014-la-roue-libre"].links == [
        {
            "kind": "repository",
            "url": "https://github.com/museomix/2014-la-roue-libre",
            "title": "museomix/2014-la-roue-libre",
        }
    ]
    assert load(session, "museomix-repos", MUSEOMIX).nothing_new


def _public_text(session: Session) -> list[tuple[str, str, Any]]:
    found = []
    for table in Base.metadata.sorted_tables:
        if table.name in PRIVATE_TABLES:
            continue
        columns = [c for c in table.columns if isinstance(c.type, String | Text | JSON)]
        for column in columns:
            for (value,) in session.execute(select(column).where(column.is_not(None))):
                if EMAIL.search(str(value)):
                    found.append((table.name, column.name, value))
    return found


def test_no_email_reaches_a_public_column(session: Session) -> None:
    load(session, "opendata-archive", ARCHIVE)
    for year in (2020, 2021, 2022):
        load(session, "dribdat", ARCHIVE / f"{year}-glamhack-datapackage.json")
    load(session, "museomix-repos", MUSEOMIX)
    load(session, "museofile", MUSEOFILE)
    assert _public_text(session) == []
    emails = set(session.scalars(select(PersonPrivate.email)))
    assert "georg.oberer@stud.hslu.ch" in emails  # a username that was an address stays private
    assert len(emails) == 5


def test_bad_rows_are_named_and_good_rows_kept(session: Session) -> None:
    report = load(session, "imls", DATA / "imls_bad_rows.csv")
    reasons = [(bad.line, bad.reason) for bad in report.bad_rows]
    assert reasons == [
        (4, "missing NAME"),
        (5, "coordinates are not numbers: 'north', '-87.503676'"),
        (6, "coordinates out of range: 133.2, -87.503676"),
        (7, "expected 36 columns, found 10"),
        (8, "undecodable bytes (not UTF-8)"),
        (9, "missing MID"),
    ]
    mids = set(session.scalars(select(Institution.imls_mid)))
    assert mids == {"8400100001", "8400100002", "8409999005"}


def test_interrupted_import_leaves_the_store_unchanged(session: Session) -> None:
    calls = []

    def interrupt(done: int, total: int) -> None:
        calls.append(done)
        if len(calls) == 30:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_import(
            session, get_importer("imls"), DATA / "imls_slice.csv", batch_size=8, progress=interrupt
        )
    session.rollback()
    assert count(session, Institution) == 0


@pytest.mark.parametrize(
    ("kind", "path", "message"),
    [
        ("imls", DATA / "nothing-here.csv", "no such file"),
        ("dribdat", DATA / "imls_slice.csv", "not a readable JSON Data Package"),
        ("museofile", DATA / "imls_slice.csv", "missing columns"),
        ("opendata-archive", DATA, "no events.csv or projects.csv"),
    ],
)
def test_unreadable_input_fails_the_whole_import(
    session: Session, kind: str, path: Path, message: str
) -> None:
    with pytest.raises(ImportFailed, match=message):
        run_import(session, get_importer(kind), path)


def test_unknown_kind_names_the_known_ones() -> None:
    with pytest.raises(ImportFailed, match="known kinds: dribdat, imls, museofile"):
        get_importer("nope")
