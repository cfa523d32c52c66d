"""A small, realistic mixroom for page tests: two networks, their events, museums, people,
teams and prototypes, with the private things a public page must never show.

``seed_world`` writes it with the ORM and returns the ids and secrets tests look for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from mixroom.models import (
    Edition,
    Institution,
    LineageEdge,
    Media,
    Network,
    Participation,
    Person,
    PersonPrivate,
    Prototype,
    PrototypeTranslation,
    Site,
    Team,
    TeamMember,
)
from mixroom.services.accounts import create_user
from mixroom.services.topics import seed_default_topics

PASSWORD = "correct horse battery"
DRAFT_TITLE = "Secret draft: the unfinished Confluences escape game"
PRIVATE_MEDIA_URL = "https://media.example.org/private/team-portrait-no-consent.jpg"
PUBLIC_MEDIA_URL = "https://media.example.org/public/the-machine.jpg"


@dataclass
class World:
    prototype_id: int = 0
    draft_id: int = 0
    site_id: int = 0
    edition_id: int = 0
    institution_id: int = 0
    person_id: int = 0
    member_username: str = "amelie"
    emails: list[str] = field(default_factory=list)


def seed_world(session: Session) -> World:
    world = World()
    seed_default_topics(session)
    museomix = Network(
        slug="museomix",
        name="Museomix",
        description="People make museums: three days to invent the museum of tomorrow.",
        website="https://www.museomix.org",
    )
    glamhack = Network(
        slug="glamhack", name="GLAMhack", description="Swiss open culture hackathons."
    )
    session.add_all([museomix, glamhack])
    session.flush()
    edition = Edition(
        network_id=museomix.id,
        slug="2014",
        name="Museomix 2014",
        year=2014,
        starts_on=date(2014, 11, 7),
        ends_on=date(2014, 11, 9),
        hashtags=["museomix"],
    )
    glam_edition = Edition(network_id=glamhack.id, slug="2019", name="GLAMhack 2019", year=2019)
    session.add_all([edition, glam_edition])
    session.flush()
    confluences = Institution(
        name="Musée des Confluences",
        kind="museum",
        city="Lyon",
        country="FR",
        address="86 quai Perrache",
        postcode="69002",
        latitude=45.7327,
        longitude=4.8183,
        museofile_ref="M1234",
        wikidata_qid="Q2271378",
        website="https://www.museedesconfluences.fr",
    )
    smithsonian = Institution(
        name="Smithsonian American Art Museum", city="Washington", country="US", imls_mid="MID0001"
    )
    session.add_all([confluences, smithsonian])
    session.flush()
    lyon = Site(
        edition_id=edition.id,
        slug="lyon",
        name="Museomix Lyon",
        city="Lyon",
        country="FR",
        starts_on=date(2014, 11, 7),
        ends_on=date(2014, 11, 9),
        description="Six teams at the **Musée des Confluences**.",
        institutions=[confluences],
    )
    bern = Site(
        edition_id=glam_edition.id, slug="bern", name="GLAMhack Bern", city="Bern", country="CH"
    )
    session.add_all([lyon, bern])
    session.flush()
    team = Team(site_id=lyon.id, name="Les Machinistes")
    session.add(team)
    session.flush()
    amelie = _person(session, "amelie", "Amélie Durand", "amelie.durand@example.org", world)
    karim = _person(session, "karim", "Karim Benali", "karim@mail.example.com", world)
    session.add_all(
        [
            TeamMember(team_id=team.id, person_id=amelie.id, role="coder"),
            TeamMember(team_id=team.id, person_id=karim.id, role="designer"),
            Participation(person_id=karim.id, site_id=lyon.id, role="facilitator"),
        ]
    )
    machine = Prototype(
        site_id=lyon.id,
        team_id=team.id,
        institution_id=confluences.id,
        title="La Machine à remonter le temps",
        subtitle="A crank that plays the sounds of old Lyon",
        summary="Visitors turn a **crank** and hear the city as it was in 1900.",
        user_story="Léa, 9, visits with her grandfather and turns the crank.",
        intentions_process="We recorded sounds in the archives and built a box.",
        material="Raspberry Pi, crank, speakers.",
        looking_back="The museum kept it for a year.",
        faq="**Can I build one?** Yes, see the repository.",
        language="fr",
        status="adopted",
        content_licence="CC-BY-SA-4.0",
        code_licence="MIT",
        themes=["sound", "history"],
        technologies=["Raspberry Pi"],
        links=[
            {"kind": "repository", "url": "https://github.com/museomix/machine", "title": "Code"}
        ],
    )
    draft = Prototype(
        site_id=lyon.id, team_id=team.id, title=DRAFT_TITLE, visibility="draft", status="idea"
    )
    remix = Prototype(site_id=bern.id, title="Time machine remix", summary="Bern's take.")
    session.add_all([machine, draft, remix])
    session.flush()
    machine.translations = [
        PrototypeTranslation(language="en", field="title", text="The Time Machine")
    ]
    session.add_all(
        [
            Media(
                prototype_id=machine.id,
                url=PUBLIC_MEDIA_URL,
                title="The machine",
                alt_text="A wooden box with a brass crank",
            ),
            Media(
                prototype_id=machine.id,
                url=PRIVATE_MEDIA_URL,
                title="The team",
                shows_people=True,
                consent_given=False,
            ),
            Media(
                prototype_id=draft.id,
                url="https://media.example.org/draft.jpg",
                title="Draft picture",
            ),
            LineageEdge(from_prototype_id=remix.id, to_prototype_id=machine.id, kind="remix-of"),
            LineageEdge(from_prototype_id=draft.id, to_prototype_id=machine.id, kind="inspired-by"),
        ]
    )
    create_user(
        session,
        world.member_username,
        PASSWORD,
        email="amelie.login@example.org",
        person_id=amelie.id,
    )
    world.emails.append("amelie.login@example.org")
    session.flush()
    world.prototype_id, world.draft_id = machine.id, draft.id
    world.site_id, world.edition_id = lyon.id, edition.id
    world.institution_id, world.person_id = confluences.id, amelie.id
    return world


def _person(session: Session, handle: str, name: str, email: str, world: World) -> Person:
    person = Person(handle=handle, display_name=name, bio=f"{name} makes things in museums.")
    session.add(person)
    session.flush()
    session.add(PersonPrivate(person_id=person.id, email=email, consents={"photos": False}))
    world.emails.append(email)
    return person
