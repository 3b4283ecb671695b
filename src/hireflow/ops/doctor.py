"""``hireflow doctor``: every check an administrator would otherwise do by hand, each with its fix.

The checks read the configuration, the server's catalog and the queue tables; the only things
they write are a probe file in storage (deleted again) and nothing in the database. Which
tables must have row-level security is read from the catalog, not from a list: every table
with a policy, every table that refers to ``candidates`` (directly or through other such
tables), and every table with a ``candidate_id`` column.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine

from hireflow.automation.service import heartbeat_age_seconds
from hireflow.calendars.credentials import unreadable_secrets
from hireflow.config import Settings
from hireflow.db import migrate
from hireflow.db.engine import Database
from hireflow.db.server import DatabaseTarget
from hireflow.db.session import SYSTEM, unit_of_work
from hireflow.kit.crypto import KeyringError, keyring_from_settings
from hireflow.resumes.storage import LocalStorage, ResumeStorage

Status = Literal["ok", "problem", "skipped"]
MIN_SERVER_VERSION = 150000


@dataclass(frozen=True)
class Finding:
    check: str
    status: Status
    detail: str
    fix: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def ok(check: str, detail: str) -> Finding:
    return Finding(check, "ok", detail)


def problem(check: str, detail: str, fix: str) -> Finding:
    return Finding(check, "problem", detail, fix)


def _shown(url: URL) -> str:
    return url.render_as_string(hide_password=True)


# ---------------------------------------------------------------------------- configuration
def check_configuration(settings: Settings) -> list[Finding]:
    """Before anything connects (the instance secret would otherwise be generated)."""
    found: list[Finding] = []
    secret_file = Path(settings.data_dir) / "secret_key"
    new_secret = "HIREFLOW_SECRET_KEY=" + secrets.token_urlsafe(48)
    if settings.secret_key is not None:
        if len(settings.secret_key.get_secret_value()) < 32:
            found.append(
                problem(
                    "instance secret",
                    "HIREFLOW_SECRET_KEY is shorter than 32 characters",
                    f"set a longer one, e.g. {new_secret} (sessions signed with the old one end)",
                )
            )
        else:
            found.append(ok("instance secret", "HIREFLOW_SECRET_KEY is set"))
    elif secret_file.exists():
        shared = " (with more web/worker hosts, set HIREFLOW_SECRET_KEY to it on all)"
        found.append(
            ok(
                "instance secret",
                f"generated in {secret_file}" + shared * bool(settings.database_url),
            )
        )
    else:
        found.append(
            problem(
                "instance secret",
                f"no HIREFLOW_SECRET_KEY and no {secret_file}",
                f"set {new_secret} in the environment of every hireflow process",
            )
        )
    try:
        keyring = keyring_from_settings(settings)
    except KeyringError as exc:
        found.append(
            problem(
                "secret keys",
                f"HIREFLOW_SECRET_KEYS is not usable: {exc}",
                "make it id:base64key,... with 32-byte keys; `hireflow secrets new-key ID` "
                "prints one",
            )
        )
    else:
        found.append(
            ok("secret keys", f"{len(keyring.keys)} key(s), newest {keyring.current_id!r}")
        )
    found.append(_backup_keys(settings))
    return found


def _backup_keys(settings: Settings) -> Finding:
    """The backup key loads; the restore key (which reads every backup) is not beside it."""
    from hireflow.ops.backup_keys import BackupFailed, load_backup_key

    keygen = (
        "`hireflow backup keygen --out DIR`, keep DIR/restore.key off this host, set "
        "HIREFLOW_BACKUP_KEY_FILE=DIR/backup.key"
    )
    if settings.backup_key_file is None:
        return Finding(
            "backups",
            "skipped",
            "no HIREFLOW_BACKUP_KEY_FILE: `hireflow backup` refuses unless --unencrypted",
            keygen,
        )
    try:
        key = load_backup_key(settings.backup_key_file)
    except BackupFailed as exc:
        return problem("backups", exc.message, keygen)
    if settings.restore_key_file is not None:
        return problem(
            "backups",
            "HIREFLOW_RESTORE_KEY_FILE is set on the host that makes backups: whoever takes "
            "this host can read every backup",
            "keep restore.key elsewhere and unset HIREFLOW_RESTORE_KEY_FILE here (pass "
            "--key only where and while you restore)",
        )
    return ok(
        "backups",
        f"encrypted to {len(key.recipients)} recipient(s), signed by key {key.key_id} "
        f"({settings.backup_key_file})",
    )


# ---------------------------------------------------------------------------- database
_ROLES = text(
    "SELECT rolname, rolcanlogin, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = ANY(:names)"
)
_FOREIGN_OWNED = text(
    "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S') "
    "AND pg_get_userbyid(c.relowner) <> :owner "
    "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e') "
    "ORDER BY 1"
)
# Tables holding candidate data, from the catalog. Set-based: one statement for all tables.
_SCOPED_TABLES = text(
    """
    WITH RECURSIVE refers(oid) AS (
        SELECT to_regclass('public.candidates')::oid WHERE to_regclass('public.candidates')
            IS NOT NULL
        UNION
        SELECT k.conrelid FROM pg_constraint k JOIN refers r ON k.confrelid = r.oid
         WHERE k.contype = 'f'
    )
    SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
           EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid) AS has_policy
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
       AND (c.oid IN (SELECT oid FROM refers)
            OR EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid)
            OR EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid
                        AND a.attname = 'candidate_id' AND NOT a.attisdropped))
     ORDER BY 1
    """
)


async def _roles(conn: AsyncConnection, settings: Settings, embedded: bool) -> list[Finding]:
    owner, runtime, system = (
        settings.db_owner_role,
        settings.db_runtime_role,
        settings.db_system_role,
    )
    rows = {
        row.rolname: row for row in await conn.execute(_ROLES, {"names": [owner, runtime, system]})
    }
    how = (
        "the embedded server sets it again at its next start"
        if embedded
        else "or run `hireflow db create-roles --database-url <administrator URL>`"
    )
    found: list[Finding] = []
    wanted = {
        owner: ("owner", False),
        runtime: ("runtime", False),
        system: ("system", True),
    }
    for name, (kind, bypass) in wanted.items():
        row = rows.get(name)
        check = f"role {kind}"
        if row is None:
            found.append(
                problem(
                    check,
                    f"role {name!r} does not exist",
                    "run `hireflow db create-roles --database-url <administrator URL>`",
                )
            )
            continue
        wrong = []
        if row.rolsuper:
            wrong.append("SUPERUSER")
        if row.rolbypassrls != bypass:
            wrong.append("BYPASSRLS" if row.rolbypassrls else "NOBYPASSRLS")
        if not row.rolcanlogin:
            wrong.append("NOLOGIN")
        if wrong:
            right = "NOSUPERUSER LOGIN " + ("BYPASSRLS" if bypass else "NOBYPASSRLS")
            found.append(
                problem(
                    check,
                    f"{name!r} has {', '.join(wrong)}"
                    + (" (row-level security would not apply to it)" if kind == "runtime" else ""),
                    f'as a superuser: ALTER ROLE "{name}" {right}; ({how})',
                )
            )
        else:
            rights = "BYPASSRLS" if bypass else "subject to row-level security"
            found.append(ok(check, f"{name!r}: LOGIN, not superuser, {rights}"))
    if owner in rows:
        foreign = (await conn.execute(_FOREIGN_OWNED, {"owner": owner})).scalars().all()
        if foreign:
            found.append(
                problem(
                    "schema owner",
                    f"{len(foreign)} object(s) in public not owned by {owner!r}: "
                    + ", ".join(foreign[:8])
                    + (" …" if len(foreign) > 8 else ""),
                    "run `hireflow db adopt --take-ownership --database-url <administrator URL>`",
                )
            )
        else:
            found.append(ok("schema owner", f"{owner!r} owns every table in public"))
    return found


async def _row_level_security(conn: AsyncConnection, owner: str) -> Finding:
    rows = (await conn.execute(_SCOPED_TABLES)).all()
    if not rows:
        return problem(
            "row-level security",
            "no table holding candidate data found (schema not migrated?)",
            "run `hireflow db upgrade head`",
        )
    wrong: list[str] = []
    fixes: list[str] = []
    for row in rows:
        missing = [
            label
            for label, present in (
                ("not enabled", row.relrowsecurity),
                ("not forced", row.relforcerowsecurity),
                ("no policy", row.has_policy),
            )
            if not present
        ]
        if not missing:
            continue
        wrong.append(f"{row.relname} ({', '.join(missing)})")
        if not row.relrowsecurity:
            fixes.append(f"ALTER TABLE public.{row.relname} ENABLE ROW LEVEL SECURITY;")
        if not row.relforcerowsecurity:
            fixes.append(f"ALTER TABLE public.{row.relname} FORCE ROW LEVEL SECURITY;")
        if not row.has_policy:
            fixes.append(f"-- public.{row.relname} needs a policy (a migration adds it)")
    if wrong:
        return problem(
            "row-level security",
            f"{len(wrong)} of {len(rows)} candidate-data tables: " + "; ".join(wrong),
            f"as {owner!r}: " + " ".join(fixes),
        )
    return ok("row-level security", f"enabled and forced, with policies, on all {len(rows)} tables")


async def _migrations(conn: AsyncConnection, settings: Settings) -> Finding:
    head = migrate.head_revision(settings)
    has_table = await conn.scalar(text("SELECT to_regclass('public.alembic_version') IS NOT NULL"))
    current = (
        (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalars().all()
        if has_table
        else []
    )
    if list(current) == [head]:
        return ok("migrations", f"at head ({head})")
    at = ", ".join(current) or "an empty database"
    return problem(
        "migrations",
        f"at {at}; head is {head}",
        "stop the workers, run `hireflow db upgrade head`, then restart web and workers",
    )


async def _worker(database: Database, settings: Settings) -> Finding:
    async with unit_of_work(database.runtime_sessions) as session:
        age = await heartbeat_age_seconds(session)
        alive = await session.scalar(
            text(
                "SELECT count(*) FROM procrastinate_workers "
                "WHERE last_heartbeat > now() - make_interval(secs => :limit)"
            ),
            {"limit": settings.heartbeat_max_age_seconds},
        )
        last_event = await session.scalar(
            text("SELECT extract(epoch FROM now() - max(at)) FROM procrastinate_events")
        )
    activity = (
        "no job activity yet" if last_event is None else f"last job event {last_event:.0f}s ago"
    )
    fix = (
        "start a worker: `hireflow worker` (or `hireflow serve` with "
        "HIREFLOW_WORKER_IN_PROCESS=true), and check its log"
    )
    if age is None:
        return problem("worker", f"no worker heartbeat yet; {activity}", fix)
    limit = settings.heartbeat_max_age_seconds
    if age > limit:
        return problem("worker", f"last heartbeat {age:.0f}s ago (limit {limit}s); {activity}", fix)
    return ok("worker", f"heartbeat {age:.0f}s ago; {alive} worker(s) registered alive; {activity}")


async def _calendar_secrets(database: Database, settings: Settings) -> Finding:
    try:
        keyring = keyring_from_settings(settings)
    except KeyringError:
        return Finding("calendar secrets", "skipped", "HIREFLOW_SECRET_KEYS is not usable")
    async with unit_of_work(database.system_sessions, SYSTEM) as session:
        counts = await unreadable_secrets(session, keyring)
    stored = sum(total for total, _bad in counts.values())
    bad = {table: bad for table, (_total, bad) in counts.items() if bad}
    if bad:
        return problem(
            "calendar secrets",
            "do not decrypt under any configured key: "
            + ", ".join(f"{table}: {n}" for table, n in bad.items()),
            "put the key that wrote them back in HIREFLOW_SECRET_KEYS (after the newest) and "
            "run `hireflow secrets rotate`; otherwise the recruiters reconnect their calendars",
        )
    return ok("calendar secrets", f"all {stored} stored secret(s) decrypt")


async def check_database(
    settings: Settings, target: DatabaseTarget, *, database: Database | None = None
) -> list[Finding]:
    """Reachability, version, roles, row-level security, migrations, worker, secrets."""
    found: list[Finding] = []
    embedded = target.embedded is not None
    engine = create_async_engine(target.migration_url)
    try:
        async with engine.connect() as conn:
            version = await conn.scalar(text("SHOW server_version"))
            number = int(await conn.scalar(text("SHOW server_version_num")) or 0)
            where = f"embedded at {target.embedded.pgdata}" if target.embedded else "external"
            if number < MIN_SERVER_VERSION:
                found.append(
                    problem(
                        "database",
                        f"PostgreSQL {version} ({where}); hireflow needs 15 or newer",
                        "upgrade the server (pg_upgrade) or point HIREFLOW_DATABASE_URL at a "
                        "15+ server",
                    )
                )
            else:
                found.append(ok("database", f"PostgreSQL {version} ({where})"))
            found += await _roles(conn, settings, embedded)
            found.append(await _row_level_security(conn, settings.db_owner_role))
            found.append(await _migrations(conn, settings))
    except Exception as exc:  # any failure to connect is the finding itself
        return [
            problem(
                "database",
                f"cannot connect to {_shown(target.migration_url)}: {type(exc).__name__}: "
                f"{str(exc).strip().splitlines()[0] if str(exc).strip() else ''}",
                "check HIREFLOW_DATABASE_URL, that the server runs and that pg_hba.conf "
                "admits this host",
            )
        ]
    finally:
        await engine.dispose()
    own = database is None
    db = database or Database.connect(target, pool_size=1)
    try:
        try:
            found.append(await _worker(db, settings))
            found.append(await _calendar_secrets(db, settings))
        except Exception as exc:  # the runtime/system roles cannot connect or read
            found.append(
                problem(
                    "runtime connection",
                    f"{type(exc).__name__}: {str(exc).strip().splitlines()[0]}",
                    "set HIREFLOW_DB_RUNTIME_PASSWORD / HIREFLOW_DB_SYSTEM_PASSWORD to the "
                    "roles' passwords, and run `hireflow db upgrade head` (it grants them)",
                )
            )
    finally:
        if own:
            await db.dispose()
    return found


# ---------------------------------------------------------------------------- peers
def check_storage(settings: Settings, storage: ResumeStorage) -> Finding:
    """Write, read back and delete a probe file where resumes are stored."""
    key = f"doctor/probe-{secrets.token_hex(8)}"
    where = f"{storage.root}" if isinstance(storage, LocalStorage) else f"s3://{settings.s3_bucket}"
    data = b"hireflow doctor probe"
    try:
        storage.put(key, data)
        try:
            if storage.get(key) != data:
                raise OSError("read back different bytes")
        finally:
            storage.delete(key)
    except Exception as exc:  # OSError, botocore errors, a missing bucket: all reported
        if isinstance(storage, LocalStorage):
            fix = (
                f"make {storage.root} a directory the hireflow user can write "
                "(e.g. `install -d -o hireflow -m 700 DIR`), or set HIREFLOW_DATA_DIR"
            )
        else:
            fix = (
                "check HIREFLOW_S3_BUCKET (it must exist), HIREFLOW_S3_ENDPOINT_URL and the "
                "credentials (they need PutObject, GetObject, DeleteObject, ListBucket)"
            )
        return problem("storage", f"cannot write to {where}: {type(exc).__name__}: {exc}", fix)
    return ok("storage", f"{where} is writable ({settings.storage_backend})")


async def check_smtp(settings: Settings) -> Finding:
    if not settings.smtp_host:
        return ok("smtp", "not configured: e-mails wait in the outbox (set HIREFLOW_SMTP_HOST)")
    import aiosmtplib

    where = f"{settings.smtp_host}:{settings.smtp_port}"
    client = aiosmtplib.SMTP(
        hostname=settings.smtp_host,
        port=settings.smtp_port,
        start_tls=settings.smtp_starttls,
        timeout=min(settings.smtp_timeout_seconds, 10.0),
    )
    try:
        await client.connect()
        if settings.smtp_username:
            password = settings.smtp_password.get_secret_value() if settings.smtp_password else ""
            await client.login(settings.smtp_username, password)
        await client.quit()
    except (aiosmtplib.SMTPException, OSError) as exc:
        client.close()
        return problem(
            "smtp",
            f"{where} unreachable: {exc}",
            "check HIREFLOW_SMTP_HOST, HIREFLOW_SMTP_PORT, HIREFLOW_SMTP_STARTTLS and the "
            "credentials; until it answers, e-mails wait in the outbox and are retried",
        )
    login = " and accepts the login" if settings.smtp_username else ""
    return ok("smtp", f"{where} answers{login}")


async def examine(
    settings: Settings,
    target: DatabaseTarget,
    storage: ResumeStorage,
    *,
    database: Database | None = None,
) -> list[Finding]:
    """Every check after configuration, in the order they are printed."""
    found = await check_database(settings, target, database=database)
    found.append(check_storage(settings, storage))
    found.append(await check_smtp(settings))
    return found
