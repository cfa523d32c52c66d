"""``mixroom user``: accounts, role grants and API tokens."""

from __future__ import annotations

import typer

from mixroom.cli.common import app, console, handles_errors, load_instance, work

users = typer.Typer(
    help="Accounts: add users, grant roles, issue API tokens.", no_args_is_help=True
)
app.add_typer(users, name="user")


@users.command("add")
@handles_errors
def add_user(
    username: str = typer.Argument(..., help="Login name."),
    password: str = typer.Option(
        ..., prompt=True, hide_input=True, confirmation_prompt=True, help="At least 10 characters."
    ),
    admin: bool = typer.Option(False, "--admin", help="Make the account instance admin."),
    person_id: int | None = typer.Option(None, help="The public profile this account is."),
) -> None:
    """Create a local account (the password is stored as an Argon2 hash)."""
    from mixroom.services.accounts import create_user

    instance = load_instance()
    with work(instance) as session:
        user = create_user(session, username, password, is_admin=admin, person_id=person_id)
        console.print(f"user {user.username} created (id {user.id}{', admin' if admin else ''})")


@users.command("grant")
@handles_errors
def grant(
    username: str = typer.Argument(..., help="Login name."),
    role: str = typer.Argument(..., help="organiser or member."),
    scope: str = typer.Argument(..., help="network, community, site (organiser) or team (member)."),
    scope_id: int = typer.Argument(..., help="Id of the network, community, site or team."),
) -> None:
    """Give an account a role: organiser of a network, community or site; member of a team."""
    from mixroom.services.accounts import find_user, grant_role

    instance = load_instance()
    with work(instance) as session:
        user = find_user(session, username)
        grant_role(session, user.id, role, scope, scope_id)
        console.print(f"{username} is now {role} of {scope} {scope_id}")


@users.command("token")
@handles_errors
def token(
    username: str = typer.Argument(..., help="Login name."),
    name: str = typer.Option("cli", help="What the token is for."),
) -> None:
    """Issue an API token for scripts; it is printed once and stored only as a hash."""
    from mixroom.services.accounts import create_token, find_user

    instance = load_instance()
    with work(instance) as session:
        _token, secret = create_token(session, find_user(session, username), name)
    console.print(secret, markup=False, highlight=False)
