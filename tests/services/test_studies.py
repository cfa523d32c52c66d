"""Stored impact studies on SQLite and PostgreSQL: permissions, privacy, the estimate from stored
posts, the cache and clear errors."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import count
from typing import Any

import numpy as np
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factories import make_institution, make_site, make_user
from mixroom.errors import InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from mixroom.models import ImpactStudy, Institution, Post, Source
from mixroom.pipelines.demo import ensure_demo_study
from mixroom.schemas.studies import StudyCreate
from mixroom.services.actors import PUBLIC, Actor, load_actor
from mixroom.services.studies import (
    compute,
    create_study,
    delete_study,
    get_study,
    get_study_detail,
    list_studies,
    target_choices,
    update_study,
)

FIRST = date(2024, 1, 1)
#: the intervention: day 70 of 98
LAUNCH = FIRST + timedelta(70)
DAYS = 98
_ids = count(1)


def add_posts(session: Session, institution: Institution, per_day: list[int], first: date) -> None:
    """``per_day[i]`` posts naming the institution on day ``first + i``."""
    source = session.query(Source).filter_by(name="test").one_or_none()
    if source is None:
        source = Source(name="test", platform="mastodon", kind="search")
        session.add(source)
        session.flush()
    posts = []
    for offset, number in enumerate(per_day):
        day = first + timedelta(offset)
        for n in range(number):
            moment = datetime(day.year, day.month, day.day, 8 + n % 12, n % 60, tzinfo=UTC)
            posts.append(
                Post(
                    source_id=source.id,
                    platform="mastodon",
                    external_id=f"post-{next(_ids)}",
                    author=f"anon:{n % 7}",
                    created_at=moment,
                    entities=[{"kind": "institution", "id": institution.id, "name": "x"}],
                )
            )
    session.add_all(posts)
    session.flush()


def panel(session: Session, jump: float = 5.0) -> dict[str, Institution]:
    """A target museum whose posts rise by ``jump`` a day from LAUNCH, two museums that share
    its weekly rhythm without the rise, a library and an unrelated museum."""
    rng = np.random.default_rng(7)
    t = np.arange(DAYS)
    rhythm = 8 + 3 * np.sin(2 * np.pi * t / 7) + 0.02 * t
    made = {
        name: make_institution(session, name=name, kind=kind)
        for name, kind in (
            ("Target museum", "museum"),
            ("Twin museum", "museum"),
            ("Sister museum", "museum"),
            ("Library", "library"),
            ("Quiet museum", "museum"),
        )
    }
    means = {
        "Target museum": rhythm + jump * (t >= 70),
        "Twin museum": rhythm * 1.2,
        "Sister museum": rhythm * 0.9,
        "Library": rhythm,
        "Quiet museum": np.full(DAYS, 3.0),
    }
    for name, mean in means.items():
        add_posts(session, made[name], [int(v) for v in rng.poisson(mean)], FIRST)
    return made


def organiser(session: Session) -> Actor:
    site = make_site(session)
    return load_actor(session, make_user(session, grants=(("organiser", "site", site.id),)))


def study(target: Institution, **overrides: Any) -> StudyCreate:
    data: dict[str, Any] = {
        "title": "Our Mastodon launch",
        "target": {"kind": "institution", "id": target.id},
        "start": LAUNCH,
        "control_mode": "none",
    }
    return StudyCreate.model_validate({**data, **overrides})


def test_the_estimate_finds_the_jump_against_chosen_controls(session: Session) -> None:
    made = panel(session)
    actor = organiser(session)
    controls = [{"kind": "institution", "id": made[n].id} for n in ("Twin museum", "Sister museum")]
    created = create_study(
        session, actor, study(made["Target museum"], control_mode="chosen", controls=controls)
    )
    result = created.result
    assert result is not None
    assert result["design"] == "structural"
    assert result["controls"] == ["Twin museum", "Sister museum"]
    assert (result["start"], result["end"]) == ("2024-03-11", "2024-04-07")
    assert result["post_periods"] == 28
    effect = result["effect"]
    # the true rise is 5 posts a day over 28 days: 140
    assert effect["cumulative_lower"] > 0
    assert effect["cumulative_lower"] < 140 < effect["cumulative_upper"]
    assert result["p"] < 0.05
    assert result["summary"]["en"].startswith("From 2024-03-11 to 2024-04-07 (28 days), Target")
    assert result["summary"]["fr"].startswith("Du 2024-03-11 au 2024-04-07 (28 jours)")


def test_proposed_controls_are_museums_that_followed_the_target(session: Session) -> None:
    made = panel(session)
    created = create_study(session, organiser(session), study(made["Target museum"]))
    created.control_mode = "proposed"
    data = compute(session, created)
    used = {ref["name"] for ref in data["used_controls"]}
    # the library is of another kind; the quiet museum follows nothing
    assert used == {"Twin museum", "Sister museum", "Quiet museum"}
    assert data["effect"]["cumulative_lower"] > 0


def test_without_controls_the_study_is_an_interrupted_time_series(session: Session) -> None:
    made = panel(session)
    created = create_study(session, organiser(session), study(made["Target museum"]))
    assert created.result is not None
    assert created.result["design"] == "interrupted"
    assert "no_controls" in [notice["code"] for notice in created.result["notices"]]


def test_the_result_is_recomputed_only_when_the_posts_change(session: Session) -> None:
    made = panel(session)
    created = create_study(session, organiser(session), study(made["Target museum"]))
    assert created.result is not None
    first_key, first_time = created.fingerprint, created.computed_at
    observed = created.result["observed"]
    compute(session, created)
    assert (created.fingerprint, created.computed_at) == (first_key, first_time)
    add_posts(session, made["Target museum"], [3], LAUNCH + timedelta(3))
    version, edited = created.version, created.updated_at
    after = compute(session, created)
    assert created.fingerprint != first_key
    assert after["observed"] == observed + 3
    # caching a result is no edit: an editor's form (If-Match on the version) stays valid
    assert (created.version, created.updated_at) == (version, edited)


def test_unsupported_inputs_get_clear_errors(session: Session) -> None:
    made = panel(session)
    actor = organiser(session)
    empty = make_institution(session, name="Silent museum")
    cases = [
        (study(empty), "there are no stored posts about Silent museum"),
        (study(made["Target museum"], start=FIRST), "outside the data: the first post"),
        (study(made["Target museum"], start=date(2025, 1, 1)), "outside the data: the last"),
        (study(made["Target museum"], start=FIRST + timedelta(5)), "too short: 5 days"),
    ]
    for data, message in cases:
        with pytest.raises(InvalidInput, match=message):
            create_study(session, actor, data)
    with pytest.raises(ValueError, match="at least one control"):
        study(made["Target museum"], control_mode="chosen")


def test_only_organisers_and_admins_create(session: Session) -> None:
    made = panel(session)
    with pytest.raises(NotAuthenticated):
        create_study(session, PUBLIC, study(made["Target museum"]))
    someone = load_actor(session, make_user(session))
    with pytest.raises(PermissionDenied):
        create_study(session, someone, study(made["Target museum"]))
    admin = load_actor(session, make_user(session, is_admin=True))
    assert create_study(session, admin, study(made["Target museum"])).created_by_id == admin.user_id


def test_private_studies_are_seen_and_changed_by_their_author_and_admins(
    session: Session,
) -> None:
    made = panel(session)
    author, other = organiser(session), organiser(session)
    admin = load_actor(session, make_user(session, is_admin=True))
    private = create_study(session, author, study(made["Target museum"], title="Private"))
    public = create_study(session, author, study(made["Target museum"], public=True, title="Out"))
    assert [s.title for s in list_studies(session, PUBLIC)] == ["Out"]
    assert [s.title for s in list_studies(session, other)] == ["Out"]
    assert [s.title for s in list_studies(session, author)] == ["Out", "Private"]
    assert [s.title for s in list_studies(session, admin)] == ["Out", "Private"]
    for reader in (PUBLIC, other):
        with pytest.raises(NotFound):
            get_study(session, reader, private.id)
    assert get_study_detail(session, PUBLIC, public.id).result is not None
    with pytest.raises(PermissionDenied):
        update_study(session, other, public.id, study(made["Target museum"], title="Taken"))
    with pytest.raises(PermissionDenied):
        delete_study(session, other, public.id)
    changed = update_study(session, admin, private.id, study(made["Target museum"], title="New"))
    assert changed.title == "New"
    delete_study(session, author, private.id)
    with pytest.raises(NotFound):
        get_study(session, author, private.id)


def test_targets_offered_are_those_posts_name(session: Session) -> None:
    made = panel(session)
    make_institution(session, name="Silent museum")
    choices = target_choices(session)
    assert [name for _id, name in choices["institution"]] == sorted(made)
    assert choices["site"] == [] and choices["edition"] == []


def test_the_demo_study_is_made_once_on_the_most_named_museum(session: Session) -> None:
    made = panel(session)
    admin = make_user(session, is_admin=True)
    first = ensure_demo_study(session, admin.username, start=LAUNCH, end=None)
    assert first is not None and first.public and first.result is not None
    assert (first.target_kind, first.target_id) == ("institution", made["Target museum"].id)
    assert ensure_demo_study(session, admin.username, start=LAUNCH, end=None) is None
    assert ensure_demo_study(session, "nobody", start=LAUNCH) is None


def test_no_demo_study_when_it_cannot_be_computed(session: Session) -> None:
    panel(session)
    admin = make_user(session, is_admin=True)
    assert ensure_demo_study(session, admin.username, start=FIRST + timedelta(3), end=None) is None
    assert session.scalar(select(func.count()).select_from(ImpactStudy)) == 0
