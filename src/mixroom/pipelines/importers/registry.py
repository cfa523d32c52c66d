"""The importers mixroom knows, by name: ``mixroom import KIND PATH`` picks one from here."""

from __future__ import annotations

from mixroom.errors import ImportFailed
from mixroom.pipelines.importers.base import Importer
from mixroom.pipelines.importers.dribdat import DribdatImporter
from mixroom.pipelines.importers.imls import ImlsImporter
from mixroom.pipelines.importers.museofile import MuseofileImporter
from mixroom.pipelines.importers.museomix import MuseomixReposImporter
from mixroom.pipelines.importers.opendata_archive import OpendataArchiveImporter

IMPORTERS: tuple[type[Importer], ...] = (
    DribdatImporter,
    OpendataArchiveImporter,
    MuseomixReposImporter,
    MuseofileImporter,
    ImlsImporter,
)


def list_importers() -> list[type[Importer]]:
    return sorted(IMPORTERS, key=lambda importer: importer.name)


def get_importer(name: str) -> Importer:
    """A fresh importer for ``name``, or ``ImportFailed`` naming the kinds there are."""
    for importer in IMPORTERS:
        if importer.name == name:
            return importer()
    kinds = ", ".join(importer.name for importer in list_importers())
    raise ImportFailed(f"unknown import kind {name!r}; known kinds: {kinds}")
