"""The Museomix repositories CSV: one team and one prototype per GitHub repository."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mixroom.models import Edition, Network, Prototype, Site, Team
from mixroom.pipelines.fields import RowError, integer, redact_emails, text
from mixroom.pipelines.importers.base import Importer
from mixroom.pipelines.readers import RawItem, open_input, read_csv
from mixroom.pipelines.records import Key, MappedItem, Upsert, fit
from mixroom.slugs import ascii_slug

SOURCE = "museomix-repos"
COLUMNS = ("repo", "year_from_name", "site_guess", "prototype_slug", "readme_title", "license_file")
UNCERTAIN = "(?)"
#: licence file suffixes that name an SPDX licence without a doubt (LICENSE.MIT)
SPDX_BY_SUFFIX = {"MIT": "MIT", "ISC": "ISC", "UNLICENSE": "Unlicense"}
_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


def humanise(slug: str) -> str:
    """``backToLezoux`` or ``la-roue-libre`` as words: "Back To Lezoux", "La roue libre"."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", slug.replace("_", " ").replace("-", " "))
    words = " ".join(spaced.split())
    return words[:1].upper() + words[1:]


def is_meaningful_title(title: str, repo: str) -> bool:
    """A README's first line is a title unless it is the repo name, a heading cue or prose."""
    name = repo.split("/")[-1]
    compact = ascii_slug(title)
    if not title or len(title) > 80 or title.endswith(":") or title.startswith("//"):
        return False
    if compact in (ascii_slug(name), ascii_slug(f"museomix {name}")):
        return False
    return " " in title or not re.search(r"[_\d]|-", title)


def code_licence(files: str) -> str | None:
    for name in files.split(";"):
        suffix = name.strip().rpartition(".")[2].upper() if "." in name else ""
        if suffix in SPDX_BY_SUFFIX:
            return SPDX_BY_SUFFIX[suffix]
    return None


def _site(row: dict[str, Any], edition: Key, year: int) -> Upsert:
    guess = text(row["site_guess"])
    uncertain = guess.endswith(UNCERTAIN)
    name = guess.removesuffix(UNCERTAIN).strip() or "Site unknown"
    about = "Site guessed from the repository name; uncertain." if uncertain else ""
    if not guess:
        about = "The repository name does not say which site it comes from."
    values = {"edition_id": edition, "slug": ascii_slug(name), "name": name, "description": about}
    key = Key.of(Site, source=SOURCE, source_id=f"{year}:{ascii_slug(name)}")
    return Upsert(key, fit(Site, values), create_only=frozenset({"slug"}))


class MuseomixReposImporter(Importer):
    name = "museomix-repos"
    title = "Museomix repositories"
    description = (
        "The Museomix team repositories on GitHub (one CSV row per repo): an edition per "
        "year, a site per guessed site, a team and a prototype per repository."
    )
    version = "1"

    def fetch(self, path: Path) -> Iterator[RawItem]:
        with open_input(path) as (stream, name, total):
            yield from read_csv(stream, name, total, required=COLUMNS)

    def map_item(self, raw: RawItem) -> MappedItem:
        row = raw.data
        repo = text(row["repo"])
        if not _REPO.match(repo):
            raise RowError(f"repo is not owner/name: {repo!r}")
        year = integer(row["year_from_name"], "year_from_name")
        if year is None or not 2000 <= year <= 2100:
            raise RowError(f"no plausible year: {text(row['year_from_name'])!r}")
        network = Key.of(Network, slug="museomix")
        network_values = {"name": "Museomix", "website": "https://www.museomix.org"}
        edition = Key.of(Edition, source=SOURCE, source_id=str(year))
        edition_values = {
            "network_id": network,
            "slug": f"museomix-{year}",
            "name": f"Museomix {year}",
            "year": year,
        }
        site = _site(row, edition, year)
        readme = text(row["readme_title"]).strip('"# ')
        slug = text(row["prototype_slug"]) or repo.split("/")[-1]
        title = readme if is_meaningful_title(readme, repo) else humanise(slug)
        team = Key.of(Team, source="github", source_id=repo)
        prototype = {
            "site_id": site.key,
            "team_id": team,
            "title": redact_emails(title),
            "status": "presented",
            "code_licence": code_licence(text(row["license_file"])),
            "links": [{"kind": "repository", "url": f"https://github.com/{repo}", "title": repo}],
        }
        return MappedItem(
            [
                Upsert(network, network_values, create_only=frozenset(network_values)),
                Upsert(edition, fit(Edition, edition_values), create_only=frozenset({"slug"})),
                site,
                Upsert(team, fit(Team, {"site_id": site.key, "name": prototype["title"]})),
                Upsert(
                    Key.of(Prototype, source="github", source_id=repo),
                    fit(Prototype, prototype),
                    primary=True,
                ),
            ]
        )
