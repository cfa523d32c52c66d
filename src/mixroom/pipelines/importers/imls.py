"""IMLS Museum Universe Data File (MUDF): the US museum registry, as the zip or the CSV."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from mixroom.models import Institution
from mixroom.pipelines.fields import (
    RowError,
    coordinates,
    public_url,
    redact_emails,
    text,
    title_case,
)
from mixroom.pipelines.importers.base import Importer
from mixroom.pipelines.readers import RawItem, open_input, read_csv
from mixroom.pipelines.records import Key, MappedItem, Upsert, fit

SOURCE = "imls"
COLUMNS = ("MID", "NAME", "ALTNAME", "ADDRESS", "CITY", "STATE", "ZIP", "PHONE", "WEBURL")
COLUMNS_GEO = ("DISCIPL", "LATITUDE", "LONGITUDE")


def _phone(value: str) -> str | None:
    digits = re.sub(r"\D", "", value)
    if len(digits) == 10:
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    return value or None


class ImlsImporter(Importer):
    name = "imls"
    title = "IMLS Museum Universe Data File"
    description = (
        "US museums from the IMLS MUDF (zip or CSV): one institution per MID, with a readable "
        "name, address, discipline and coordinates."
    )
    version = "1"

    def fetch(self, path: Path) -> Iterator[RawItem]:
        with open_input(path) as (stream, name, total):
            yield from read_csv(stream, name, total, required=COLUMNS + COLUMNS_GEO)

    def map_item(self, raw: RawItem) -> MappedItem:
        row = raw.data
        mid, name = text(row["MID"]), text(row["NAME"])
        if not mid:
            raise RowError("missing MID")
        if not name:
            raise RowError("missing NAME")
        latitude, longitude = coordinates(row["LATITUDE"], row["LONGITUDE"])
        alt_name = text(row["ALTNAME"])
        values = {
            "imls_mid": mid,
            "name": redact_emails(title_case(name)),
            "alt_name": redact_emails(title_case(alt_name)) if alt_name else None,
            "kind": "museum",
            "category": text(row["DISCIPL"]) or None,
            "address": title_case(text(row["ADDRESS"])) or None,
            "city": title_case(text(row["CITY"])) or None,
            "region": text(row["STATE"]) or None,
            "postcode": text(row["ZIP"]) or None,
            "country": "US",
            "latitude": latitude,
            "longitude": longitude,
            "website": public_url(row["WEBURL"]),
            "phone": _phone(text(row["PHONE"])),
        }
        key = Key.of(Institution, source=SOURCE, source_id=mid)
        return MappedItem([Upsert(key, fit(Institution, values), primary=True)])
