"""The `interlist users`, `interlist agencies` and `interlist audit` commands.

Every change made here is itself written to the audit log, with the
operating-system user as actor.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import Annotated

import orjson
import typer
from rich.table import Table

from interlist.cli.common import DbOption, engine_for, err, out
from interlist.errors import AuditIntegrityError, ConfigError

users_app = typer.Typer(help="Users of the web application and the API.", no_args_is_help=True)
agencies_app = typer.Typer(help="Agencies, and sources restricted to them.", no_args_is_help=True)
audit_app = typer.Typer(help="The hash-chained audit log.", no_args_is_help=True)


def actor_name() -> str:
    """Who runs a command, as the audit log names them."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


@users_app.command("add")
def users_add(
    name: str,
    agency: Annotated[str, typer.Option("--agency", help="The user's agency (created if new).")],
    role: Annotated[str, typer.Option("--role", help="admin, analyst, viewer or api-client.")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Create a user; prints the generated password unless --password-stdin."""
    from interlist.access import audit, users

    given = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    with engine_for(db).begin() as conn:
        password = users.add_user(conn, name, agency, role, given)
        audit.append(
            conn, actor_name(), "-", "user_add", {"user": name, "agency": agency, "role": role}
        )
    out.print(f"user {name} ({role}, {agency}) created", highlight=False)
    if not password_stdin:
        out.print(f"password: {password}", highlight=False)


@users_app.command("disable")
def users_disable(name: str, db: DbOption = None) -> None:
    """Disable a user: no more logins, API tokens refused, sessions ended."""
    from interlist.access import audit, users

    with engine_for(db).begin() as conn:
        users.disable_user(conn, name)
        revoked = users.revoke_tokens(conn, name)
        audit.append(conn, actor_name(), "-", "user_disable", {"user": name, "tokens": revoked})
    out.print(f"user {name} disabled ({revoked} API tokens revoked)", highlight=False)


@users_app.command("token")
def users_token(name: str, db: DbOption = None) -> None:
    """Make a new API token for a user; the token is printed on the last line."""
    from interlist.access import audit, users

    with engine_for(db).begin() as conn:
        token = users.new_token(conn, name)
        audit.append(conn, actor_name(), "-", "token_new", {"user": name})
    err.print(f"new API token for {name} (shown once; send it as Authorization: Bearer TOKEN):")
    print(token)


@users_app.command("list")
def users_list(
    db: DbOption = None, as_json: Annotated[bool, typer.Option("--json")] = False
) -> None:
    """Every user with agency, role and whether active."""
    from interlist.access import users

    with engine_for(db).connect() as conn:
        rows = [u.__dict__ for u in users.list_users(conn)]
    if as_json:
        out.print_json(orjson.dumps(rows).decode())
        return
    table = Table("name", "agency", "role", "active")
    for row in rows:
        table.add_row(row["name"], row["agency"], row["role"], "yes" if row["active"] else "no")
    out.print(table)


@agencies_app.command("add")
def agencies_add(
    name: str, title: Annotated[str | None, typer.Option(help="Full name.")] = None,
    state: Annotated[str | None, typer.Option(help="The member state it belongs to.")] = None,
    centre: Annotated[bool, typer.Option("--centre", help="The coordinating centre.")] = False,
    db: DbOption = None,
) -> None:  # fmt: skip
    """Create an agency (a member-state authority, or the coordinating centre)."""
    from interlist.access import audit, users
    from interlist.cooperation.states import place_agency

    with engine_for(db).begin() as conn:
        if not users.ensure_agency(conn, name, title):
            raise ConfigError(f"NAME: agency {name!r} exists already")
        if state or centre:
            place_agency(conn, name, state, centre)
        detail = {"agency": name, "title": title, "state": state, "centre": centre}
        audit.append(conn, actor_name(), "-", "agency_add", detail)
    out.print(f"agency {name} created", highlight=False)


@agencies_app.command("place")
def agencies_place(
    name: str,
    state: Annotated[str | None, typer.Option(help="The member state it belongs to.")] = None,
    centre: Annotated[bool, typer.Option("--centre", help="The coordinating centre.")] = False,
    db: DbOption = None,
) -> None:  # fmt: skip
    """Place an existing agency in a member state (or make it the coordinating centre)."""
    from interlist.access import audit
    from interlist.cooperation.states import place_agency

    if not state and not centre:
        raise ConfigError("give --state CODE or --centre")
    with engine_for(db).begin() as conn:
        place_agency(conn, name, state, centre)
        detail = {"agency": name, "state": state, "centre": centre}
        audit.append(conn, actor_name(), "-", "agency_place", detail)
    where = "the coordinating centre" if centre else f"an agency of {state}"
    out.print(f"agency {name} is {where}", highlight=False)


@agencies_app.command("list")
def agencies_list(db: DbOption = None) -> None:
    """Every agency, its users, and the sources restricted to it."""
    from interlist.access import restrict, users

    with engine_for(db).connect() as conn:
        rows, limits = users.agencies(conn), restrict.restrictions(conn)
    table = Table("agency", "title", "state", "users", "restricted sources it sees")
    for row in rows:
        own = [s for s, allowed in limits.items() if allowed and row["name"] in allowed]
        where = "centre" if row["centre"] else (row["state"] or "-")
        table.add_row(row["name"], row["title"], where, str(row["users"]), ", ".join(own) or "-")
    out.print(table)


@agencies_app.command("restrict")
def agencies_restrict(
    source: Annotated[str, typer.Argument(help="Source name, e.g. kz_national.")],
    agency: Annotated[
        list[str] | None, typer.Option("--agency", help="Agency that may see it (repeatable).")
    ] = None,
    everyone: Annotated[bool, typer.Option("--everyone", help="Lift the restriction.")] = False,
    db: DbOption = None,
) -> None:
    """Restrict a source's data to named agencies (or open it to everyone)."""
    from interlist.access import audit, restrict

    if bool(agency) == everyone:
        raise ConfigError("give either --agency (one or more) or --everyone")
    with engine_for(db).begin() as conn:
        restrict.restrict_source(conn, source, None if everyone else agency)
        detail = {"source": source, "agencies": sorted(agency or []) or None}
        audit.append(conn, actor_name(), "-", "source_restrict", detail)
    who = "everyone" if everyone else ", ".join(sorted(agency or []))
    out.print(f"source {source} is visible to: {who}", highlight=False)


@audit_app.command("verify")
def audit_verify(db: DbOption = None) -> None:
    """Check the hash chain; fails naming the first altered or missing entry."""
    from interlist.access import audit

    verdict = audit.verify(engine_for(db))
    if not verdict.ok:
        raise AuditIntegrityError(
            f"audit log broken at entry {verdict.first_bad}: {verdict.reason} "
            f"({verdict.entries} entries before it are intact)"
        )
    out.print(f"audit log intact: {verdict.entries} entries", highlight=False)


@audit_app.command("export")
def audit_export(
    output: Annotated[str, typer.Option("-o", "--output", help="File, or - for stdout.")] = "-",
    fmt: Annotated[str, typer.Option("--format", help="jsonl or csv.")] = "jsonl",
    actor: Annotated[str | None, typer.Option(help="Only this user.")] = None,
    action: Annotated[str | None, typer.Option(help="Only this action.")] = None,
    db: DbOption = None,
) -> None:
    """Write the audit log (with its hashes) as JSON lines or CSV."""
    from interlist.access import audit

    if fmt not in ("jsonl", "csv"):
        raise ConfigError(f"--format: unknown format {fmt!r} (known: jsonl, csv)")
    engine = engine_for(db)
    items = audit.entries(engine, actor=actor, action=action)
    data = audit.export_jsonl(items) if fmt == "jsonl" else audit.export_csv(items).encode()
    detail = {"format": fmt, "actor": actor, "action": action}
    audit.record(engine, actor_name(), "-", "audit_export", detail, len(items))
    if output == "-":
        sys.stdout.buffer.write(data)
        return
    Path(output).write_bytes(data)
    err.print(f"wrote {len(items)} audit entries to {output}")


def register(app: typer.Typer) -> None:
    """Add the `users`, `agencies` and `audit` groups to the `interlist` command."""
    app.add_typer(users_app, name="users")
    app.add_typer(agencies_app, name="agencies")
    app.add_typer(audit_app, name="audit")
