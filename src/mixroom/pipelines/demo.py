"""The demo: which shipped datasets ``mixroom demo`` imports, in which order, its impact study
and its counts."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mixroom.errors import InvalidInput
from mixroom.models import (
    Edition,
    ImpactStudy,
    Institution,
    Network,
    Person,
    Post,
    Prototype,
    Site,
    Team,
    User,
)
from mixroom.schemas.studies import EntityRef, StudyCreate
from mixroom.services.actors import load_actor
from mixroom.services.studies import compute, create_study

DEMO_DATA = Path(__file__).resolve().parent.parent / "demo_data"

#: (importer name, path under demo_data): the archive before the Data Packages so that the
#: packages' full texts replace the archive's excerpts on the first run
DEMO_DATASETS: tuple[tuple[str, str], ...] = (
    ("opendata-archive", "opendata-ch-hackdays"),
    ("dribdat", "opendata-ch-hackdays/2020-glamhack-datapackage.json"),
    ("dribdat", "opendata-ch-hackdays/2021-glamhack-datapackage.json"),
    ("dribdat", "opendata-ch-hackdays/2022-glamhack-datapackage.json"),
    ("museomix-repos", "museomix-github-prototypes/museomix_github_prototypes.csv"),
    ("museofile", "musees-de-france/musees-de-france-base-museofile.csv"),
    ("imls", "imls-mudf-2014q3/mudf14q3pub_csv.zip"),
)

#: (post format, path under demo_data): the demo's conversation, synthetic (written by
#: ``synthetic-conversation/generate.py``, no real post or account), imported after the registry
#: so that its posts link to the demo's institutions and editions
DEMO_POSTS: tuple[tuple[str, str], ...] = (("mastodon", "synthetic-conversation/posts.ndjson"),)

COUNTED = (Network, Edition, Site, Institution, Person, Team, Prototype)


def demo_datasets(root: Path = DEMO_DATA) -> list[tuple[str, Path]]:
    return [(kind, root / relative) for kind, relative in DEMO_DATASETS]


def demo_posts(root: Path = DEMO_DATA) -> list[tuple[str, Path]]:
    return [(file_format, root / relative) for file_format, relative in DEMO_POSTS]


def count_records(session: Session) -> dict[str, int]:
    """How many records of each main noun the store holds, and its posts."""
    counts = {
        model.noun: session.scalar(select(func.count()).select_from(model)) or 0
        for model in COUNTED
    }
    counts["posts"] = session.scalar(select(func.count()).select_from(Post)) or 0
    return counts


#: the demo's impact study: the week of GLAMhack 2022 in the synthetic conversation
DEMO_STUDY_START = date(2022, 11, 4)
DEMO_STUDY_END = date(2022, 11, 20)
DEMO_STUDY_MARK = "(synthetic demo)"


def ensure_demo_study(
    session: Session,
    username: str = "admin",
    start: date = DEMO_STUDY_START,
    end: date | None = DEMO_STUDY_END,
) -> ImpactStudy | None:
    """A public impact study of the institution the demo conversation names most, in the week
    of GLAMhack 2022 (``start`` to ``end``) against proposed controls; made once, by
    ``username``. None when there is one already, or nothing to study (no institution named,
    no such user, too few posts)."""
    marked = ImpactStudy.title.endswith(DEMO_STUDY_MARK)
    if session.scalar(select(ImpactStudy.id).where(marked)) is not None:
        return None
    named = Counter(
        link["id"]
        for links in session.scalars(select(Post.entities))
        for link in links
        if link.get("kind") == "institution"
    )
    user = session.scalar(select(User).where(User.username == username))
    if not named or user is None:
        return None
    target = named.most_common(1)[0][0]
    name = session.scalar(select(Institution.name).where(Institution.id == target))
    data = StudyCreate(
        title=f"GLAMhack 2022 week: posts naming {name} {DEMO_STUDY_MARK}",
        target=EntityRef(kind="institution", id=target),
        start=start,
        end=end,
        control_mode="proposed",
        public=True,
    )
    try:
        with session.begin_nested():  # nothing is kept of a study that cannot be computed
            study = create_study(session, load_actor(session, user), data)
            compute(session, study)
    except InvalidInput:  # too few posts to study: the demo goes on without one
        return None
    return study
