"""The Jinja2 environment of the pages."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates

from mixroom.web import i18n
from mixroom.web.labels import label

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"

templates = Jinja2Templates(directory=TEMPLATES)
templates.env.add_extension("jinja2.ext.i18n")
templates.env.install_gettext_callables(  # type: ignore[attr-defined]
    gettext=i18n.gettext, ngettext=i18n.ngettext, newstyle=True
)
templates.env.globals["languages"] = i18n.LANGUAGES
templates.env.globals["current_language"] = i18n.current_language.get
templates.env.filters["label"] = label
