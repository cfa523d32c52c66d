"""The CLI's own commands, through Typer's runner, on both stores."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from mixroom.cli import app
from mixroom.models import RoleGrant, Topic, User
from mixroom.settings import Settings
from mixroom.web.app import create_app

runner = CliRunner()


def _env(settings: Settings) -> dict[str, str]:
    return {
        "MIXROOM_HOME": str(settings.home),
        "MIXROOM_DATABASE_URL": settings.database_url,
        "MIXROOM_SECRET_KEY": "test-secret",
    }


def test_init_seeds_the_topic_framework_once(settings: Settings, session: Session) -> None:
    first = runner.invoke(app, ["init"], env=_env(settings))
    assert first.exit_code == 0, first.output
    assert "14 topics added" in first.output
    second = runner.invoke(app, ["init"], env=_env(settings))
    assert "0 topics added" in second.output
    codes = set(session.scalars(select(Topic.code).where(Topic.kind == "topic")))
    assert codes == {"MC", "IC", "OM", "MFC", "MH", "ER", "TLC"}
    om = session.scalar(select(Topic).where(Topic.code == "OM"))
    assert om is not None
    assert set(om.descriptions) >= {"en", "fr"}


def test_user_add_grant_and_token(settings: Settings, session: Session) -> None:
    env = _env(settings)
    added = runner.invoke(app, ["user", "add", "ada", "--password", "long enough secret"], env=env)
    assert added.exit_code == 0, added.output
    granted = runner.invoke(app, ["user", "grant", "ada", "organiser", "site", "7"], env=env)
    assert granted.exit_code == 0, granted.output
    issued = runner.invoke(app, ["user", "token", "ada"], env=env)
    assert issued.exit_code == 0, issued.output
    secret = issued.output.strip()
    assert secret.startswith("mxr_")

    user = session.scalar(select(User).where(User.username == "ada"))
    assert user is not None
    assert user.password_hash.startswith("$argon2")
    assert session.scalar(select(func.count()).select_from(RoleGrant)) == 1
    with TestClient(create_app(settings)) as client:
        me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).json()
    assert me["grants"] == [{"role": "organiser", "scope": "sites", "id": 7}]


def test_errors_are_one_line_and_exit_1(settings: Settings) -> None:
    env = _env(settings)
    short = runner.invoke(app, ["user", "add", "bob", "--password", "short"], env=env)
    assert short.exit_code == 1
    assert "at least 10 characters" in " ".join(short.output.split())
    assert "Traceback" not in short.output
    unknown = runner.invoke(app, ["user", "token", "nobody"], env=env)
    assert unknown.exit_code == 1
    assert "no user named 'nobody'" in " ".join(unknown.output.split())
