"""Readable, translated names for the controlled vocabularies stored as codes.

Statuses, roles, kinds and section names are stored as stable codes (``museum-staff``,
``intentions_process``); pages show them through the ``label`` filter, in the reader's language.
``N_`` only marks a string for extraction into the catalogues; ``label`` translates it on use.
"""

from __future__ import annotations

from mixroom.web.i18n import gettext


def N_(message: str) -> str:  # the gettext convention: mark now, translate on use
    return message


LABELS: dict[str, str] = {
    # prototype status and visibility
    "idea": N_("idea"),
    "prototyping": N_("prototyping"),
    "tested": N_("tested"),
    "presented": N_("presented"),
    "adopted": N_("adopted"),
    "retired": N_("retired"),
    "public": N_("public"),
    "draft": N_("draft"),
    # prototype sections
    "summary": N_("Summary"),
    "user_story": N_("User story"),
    "intentions_process": N_("Intentions and process"),
    "material": N_("Material"),
    "looking_back": N_("Looking back"),
    "faq": N_("FAQ"),
    "title": N_("Title"),
    "subtitle": N_("Subtitle"),
    # roles at a site
    "participant": N_("participant"),
    "maker": N_("maker"),
    "coder": N_("coder"),
    "designer": N_("designer"),
    "content": N_("content / curator"),
    "communication": N_("communication"),
    "mediation": N_("mediation"),
    "facilitator": N_("facilitator"),
    "coordinator": N_("coordinator"),
    "museum-staff": N_("museum staff"),
    "expert": N_("expert"),
    "organiser": N_("organiser"),
    "member": N_("member"),
    # lineage
    "remix-of": N_("remix of"),
    "inspired-by": N_("inspired by"),
    "reuses-code-of": N_("reuses code of"),
    "re-staged-at": N_("re-staged at"),
    "continued-as": N_("continued as"),
    "industrialised-as": N_("industrialised as"),
    # institution kinds
    "museum": N_("museum"),
    "library": N_("library"),
    "archive": N_("archive"),
    "school": N_("school"),
    "university": N_("university"),
    "startup": N_("startup"),
    "company": N_("company"),
    "association": N_("association"),
    "public-body": N_("public body"),
    "other": N_("other"),
    # media kinds
    "photo": N_("photo"),
    "video": N_("video"),
    "audio": N_("audio"),
    "document": N_("document"),
    # follow-ups
    "scheduled": N_("scheduled"),
    "answered": N_("answered"),
    "skipped": N_("skipped"),
    "team": N_("team"),
    "new-project": N_("new project"),
    "hire": N_("hire"),
    "partnership": N_("partnership"),
    "funding": N_("funding"),
    "publication": N_("publication"),
    "exhibition": N_("exhibition"),
    # impact study metrics
    "posts": N_("posts per day"),
    "authors": N_("authors per day"),
    "engagement": N_("engagement per day"),
    "negative_share": N_("share of negative posts"),
}


def label(code: object) -> str:
    """The reader's-language name of a stored code; an unknown code is shown readably as is."""
    text = str(code or "")
    known = LABELS.get(text)
    return gettext(known) if known else text.replace("-", " ").replace("_", " ")
