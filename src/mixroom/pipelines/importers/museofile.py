"""Muséofile: the French Ministry of Culture's directory of the Musées de France."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from mixroom.models import Institution
from mixroom.pipelines.fields import RowError, coordinates, public_url, redact_emails, text
from mixroom.pipelines.importers.base import Importer
from mixroom.pipelines.readers import RawItem, open_input, read_csv
from mixroom.pipelines.records import Key, MappedItem, Upsert, fit

SOURCE = "museofile"
COLUMNS = (
    "ref",
    "nomoff",
    "autnom",
    "adrl1_m",
    "cp_m",
    "ville_m",
    "region",
    "latitude",
    "longitude",
    "url_m",
    "tel_m",
    "categ",
)


class MuseofileImporter(Importer):
    name = "museofile"
    title = "Muséofile (Musées de France)"
    description = (
        "French museums from the Muséofile export (';'-separated CSV): one institution per "
        "Muséofile ref, with its official name, address, region, category and coordinates."
    )
    version = "1"

    def fetch(self, path: Path) -> Iterator[RawItem]:
        with open_input(path) as (stream, name, total):
            yield from read_csv(stream, name, total, required=COLUMNS, delimiter=";")

    def map_item(self, raw: RawItem) -> MappedItem:
        row = raw.data
        ref = text(row["ref"])
        name = text(row["nomoff"]) or text(row["autnom"])
        if not ref:
            raise RowError("missing ref")
        if not name:
            raise RowError("missing name (nomoff and autnom are empty)")
        latitude, longitude = coordinates(row["latitude"], row["longitude"])
        other_name = text(row["autnom"])
        values = {
            "museofile_ref": ref,
            "name": redact_emails(name),
            "alt_name": redact_emails(other_name) if other_name and other_name != name else None,
            "kind": "museum",
            "category": redact_emails(text(row["categ"])) or None,
            "address": redact_emails(text(row["adrl1_m"])) or None,
            "postcode": text(row["cp_m"]) or None,
            "city": text(row["ville_m"]) or None,
            "region": text(row["region"]) or None,
            "country": "FR",
            "latitude": latitude,
            "longitude": longitude,
            "website": public_url(row["url_m"]),
            "phone": text(row["tel_m"]) or None,
        }
        key = Key.of(Institution, source=SOURCE, source_id=ref)
        return MappedItem([Upsert(key, fit(Institution, values), primary=True)])
