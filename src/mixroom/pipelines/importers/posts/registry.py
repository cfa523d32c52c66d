"""The post formats mixroom reads, by name: ``mixroom import posts --format NAME FILE``."""

from __future__ import annotations

from mixroom.errors import ImportFailed
from mixroom.pipelines.importers.posts.base import PostImporter
from mixroom.pipelines.importers.posts.bluesky import BlueskyImporter
from mixroom.pipelines.importers.posts.mastodon import MastodonImporter
from mixroom.pipelines.importers.posts.posts_csv import PostsCsvImporter, parse_mapping
from mixroom.pipelines.importers.posts.rss import RssImporter
from mixroom.pipelines.importers.posts.zeeschuimer import ZeeschuimerImporter

POST_IMPORTERS: tuple[type[PostImporter], ...] = (
    ZeeschuimerImporter,
    MastodonImporter,
    BlueskyImporter,
    RssImporter,
    PostsCsvImporter,
)


def post_formats() -> list[str]:
    return [importer.name for importer in POST_IMPORTERS]


def get_post_importer(name: str, *, preset: str = "generic", mapping: str = "") -> PostImporter:
    """A fresh importer for the format ``name``; ``preset`` and ``mapping`` are for CSV."""
    if name == PostsCsvImporter.name:
        return PostsCsvImporter(preset, parse_mapping(mapping))
    for importer in POST_IMPORTERS:
        if importer.name == name:
            return importer()
    raise ImportFailed(f"unknown post format {name!r}; formats: {', '.join(post_formats())}")
