"""``mixroom invite``: the printed link lets a newcomer join the site or the team."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from factories import make_site, make_team
from mixroom.cli import app
from mixroom.services.invites import read_invite
from mixroom.settings import Settings
from mixroom.web.app import create_app

runner = CliRunner()


def _env(settings: Settings, base_url: str = "") -> dict[str, str]:
    return {
        "MIXROOM_HOME": str(settings.home),
        "MIXROOM_DATABASE_URL": settings.database_url,
        "MIXROOM_SECRET_KEY": "test-secret",
        "MIXROOM_BASE_URL": base_url,
    }


def test_invite_prints_a_link_to_join_a_team_that_the_web_accepts(
    settings: Settings, session: Session
) -> None:
    team = make_team(session, name="Les Bancs")
    session.commit()
    env = _env(settings, "https://mix.example.org/")
    printed = runner.invoke(
        app, ["invite", str(team.site_id), "--team", str(team.id), "--days", "3"], env=env
    )
    assert printed.exit_code == 0, printed.output
    link = printed.output.strip()
    assert link.startswith("https://mix.example.org/join/")
    token = link.rsplit("/", 1)[1]
    invite = read_invite("test-secret", token)
    assert (invite.site_id, invite.team_id) == (team.site_id, team.id)
    with TestClient(create_app(settings)) as client:
        page = client.get(f"/join/{token}")
        assert page.status_code == 200


def test_invite_without_base_url_uses_host_and_port_and_refuses_bad_input(
    settings: Settings, session: Session
) -> None:
    site = make_site(session)
    other_team = make_team(session)
    session.commit()
    env = _env(settings)
    printed = runner.invoke(app, ["invite", str(site.id)], env=env)
    assert printed.exit_code == 0, printed.output
    assert printed.output.startswith("http://127.0.0.1:8000/join/")
    assert read_invite("test-secret", printed.output.strip().rsplit("/", 1)[1]).team_id is None
    too_long = runner.invoke(app, ["invite", str(site.id), "--days", "400"], env=env)
    assert too_long.exit_code == 1 and "from 1 to 90 days" in too_long.output
    elsewhere = runner.invoke(app, ["invite", str(site.id), "--team", str(other_team.id)], env=env)
    assert elsewhere.exit_code == 1 and f"no team with id {other_team.id}" in elsewhere.output
    missing = runner.invoke(app, ["invite", "999999"], env=env)
    assert missing.exit_code == 1 and "no site with id 999999" in missing.output
