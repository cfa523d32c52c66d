"""``mixroom invite``: an invite link for a site or one of its teams, printed for the organiser."""

from __future__ import annotations

import typer

from mixroom.cli.common import app, console, handles_errors, load_instance, work
from mixroom.services.invites import DEFAULT_DAYS, MAX_DAYS


@app.command("invite")
@handles_errors
def invite(
    site_id: int = typer.Argument(..., help="Id of the site the newcomer joins."),
    team: int | None = typer.Option(None, "--team", help="Id of a team of the site to join."),
    days: int = typer.Option(
        DEFAULT_DAYS, "--days", help=f"Days the link stays valid (1 to {MAX_DAYS})."
    ),
) -> None:
    """Print an invite link: whoever opens it makes an account and joins the site or the team.

    The command acts as the operator of the instance; the link is built on the `base_url`
    setting (or on the host and port of the server when it is empty).
    """
    from mixroom.services.actors import Actor
    from mixroom.services.invites import issue_invite

    instance = load_instance()
    settings = instance.settings
    operator = Actor(user_id=0, username="mixroom-cli", is_admin=True)
    with work(instance) as session:
        token = issue_invite(session, operator, instance.secret, site_id, team, days)
    base = settings.base_url or f"http://{settings.host}:{settings.port}"
    console.print(f"{base.rstrip('/')}/join/{token}", soft_wrap=True)
