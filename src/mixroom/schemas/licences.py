"""The SPDX licence identifiers a prototype's content or code may carry."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator

CONTENT_LICENCES = (
    "CC0-1.0",
    "CC-BY-4.0",
    "CC-BY-SA-4.0",
    "CC-BY-NC-4.0",
    "CC-BY-NC-SA-4.0",
    "CC-BY-ND-4.0",
    "CC-BY-NC-ND-4.0",
    "CC-BY-3.0",
    "CC-BY-SA-3.0",
    "CC-BY-2.0",
    "CC-BY-SA-2.0",
    "etalab-2.0",
    "ODbL-1.0",
    "ODC-By-1.0",
    "PDDL-1.0",
    "FAL-1.3",
)
CODE_LICENCES = (
    "MIT",
    "Apache-2.0",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "GPL-2.0-only",
    "GPL-2.0-or-later",
    "GPL-3.0-only",
    "GPL-3.0-or-later",
    "LGPL-2.1-or-later",
    "LGPL-3.0-or-later",
    "AGPL-3.0-only",
    "AGPL-3.0-or-later",
    "MPL-2.0",
    "EUPL-1.2",
    "CECILL-2.1",
    "ISC",
    "Unlicense",
    "0BSD",
)
KNOWN = frozenset(CONTENT_LICENCES + CODE_LICENCES)


def check_spdx(value: str) -> str:
    if value in KNOWN or value.startswith("LicenseRef-"):
        return value
    raise ValueError(f"unknown licence {value!r}: use an SPDX identifier such as CC-BY-SA-4.0")


SpdxId = Annotated[str, AfterValidator(check_spdx)]
