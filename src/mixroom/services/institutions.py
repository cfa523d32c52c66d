"""Institutions: museums and partners, shared by every network of the instance."""

from __future__ import annotations

from sqlalchemy.orm import Session

from mixroom.models import Institution
from mixroom.models.institutions import INSTITUTION_KINDS
from mixroom.schemas.institutions import InstitutionCreate, InstitutionOut, InstitutionUpdate
from mixroom.services.actors import Scope
from mixroom.services.chains import registry_chain
from mixroom.services.filters import contains, equals_text
from mixroom.services.records import Resource


def _institution_chain(_session: Session, _institution: Institution) -> list[Scope]:
    return registry_chain()


INSTITUTIONS = Resource(
    noun="institutions",
    title="institution",
    model=Institution,
    out=InstitutionOut,
    create=InstitutionCreate,
    update=InstitutionUpdate,
    chain=_institution_chain,
    filters={
        "kind": equals_text(Institution.kind, INSTITUTION_KINDS),
        "country": equals_text(Institution.country),
        "city": equals_text(Institution.city),
        "region": equals_text(Institution.region),
        "museofile_ref": equals_text(Institution.museofile_ref),
        "imls_mid": equals_text(Institution.imls_mid),
        "wikidata_qid": equals_text(Institution.wikidata_qid),
        "q": contains(Institution.name, Institution.alt_name, Institution.city),
    },
)
