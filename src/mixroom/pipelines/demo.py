"""The demo: which shipped datasets ``mixroom demo`` imports, in which order, and its counts."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mixroom.models import Edition, Institution, Network, Person, Post, Prototype, Site, Team

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
