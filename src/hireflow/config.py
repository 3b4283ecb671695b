"""All settings of hireflow, read from the environment (prefix ``HIREFLOW_``) or a ``.env`` file."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    """Where hireflow keeps its files when ``HIREFLOW_DATA_DIR`` is not set.

    As root the embedded PostgreSQL runs as a service user that must traverse every parent
    of its data directory; ``/var/lib/hireflow`` keeps that from opening up ``/root``.
    """
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return Path("/var/lib/hireflow")
    return Path(platformdirs.user_data_dir("hireflow", appauthor=False))


class Settings(BaseSettings):
    """One settings object for the web app, the worker and the CLI."""

    model_config = SettingsConfigDict(
        env_prefix="HIREFLOW_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    # --- database -------------------------------------------------------------------------
    database_url: str | None = Field(
        default=None,
        description="Administrative or owner URL of an external PostgreSQL 15+; "
        "empty means the embedded server.",
    )
    data_dir: Path = Field(default_factory=default_data_dir)
    db_name: str = "hireflow"
    db_owner_role: str = "hireflow_owner"
    db_runtime_role: str = "hireflow_app"
    db_system_role: str = "hireflow_system"
    db_runtime_password: SecretStr | None = None
    db_system_password: SecretStr | None = None
    db_pool_size: int = 10

    # --- web ------------------------------------------------------------------------------
    host: str = "127.0.0.1"
    port: int = 8000
    secret_key: SecretStr | None = Field(
        default=None,
        description="Signs sessions and links; generated and kept in the data dir when unset.",
    )
    base_url: str = "http://127.0.0.1:8000"
    log_level: str = "INFO"
    log_format: Literal["console", "json"] = "console"
    trusted_proxies: str = Field(
        default="",
        description="Comma-separated addresses of reverse proxies whose X-Forwarded-For "
        "is believed; empty: nobody's.",
    )

    metrics_token: SecretStr | None = Field(
        default=None,
        description="Bearer token a Prometheus scraper sends to /metrics; unset: admins only.",
    )

    # --- worker ---------------------------------------------------------------------------
    worker_in_process: bool = True
    worker_concurrency: int = 4
    heartbeat_max_age_seconds: int = 60
    worker_heartbeat_seconds: float = Field(
        default=10.0, gt=0, description="How often each worker tells the queue it is alive."
    )
    stalled_worker_seconds: float = Field(
        default=60.0,
        gt=0,
        description="A worker silent this long is dead: its running jobs are queued again.",
    )

    # --- demo -----------------------------------------------------------------------------
    load_demo_data: bool = True

    # --- email ----------------------------------------------------------------------------
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = True
    mail_from: str = "hireflow <no-reply@localhost>"
    company_name: str = Field(
        default="hireflow", description="The employer's name in e-mails and candidate pages."
    )
    smtp_timeout_seconds: float = 30.0
    email_retry_minutes: int = Field(
        default=10, ge=1, description="Minutes before a failed e-mail is tried again."
    )
    email_retry_backoff: float = Field(
        default=1.0, ge=1.0, le=10.0, description="Factor the wait grows by after each failure."
    )
    email_retry_hours: float = Field(
        default=2.0, gt=0, description="Give up on an e-mail this long after it was written."
    )
    email_batch_size: int = Field(default=100, ge=1, description="E-mails sent per worker run.")

    # --- interviews -----------------------------------------------------------------------
    interview_sweep_cron: str = Field(
        default="* * * * *", description="How often the interview scheduler sweeps (cron)."
    )
    daily_summary_cron: str = Field(
        default="0 7 * * *", description="When recruiters get their daily summary (cron, UTC)."
    )
    no_show_cron: str = Field(
        default="30 5 * * *",
        description="When the no-show risk of every scheduled interview is recomputed (cron, UTC).",
    )

    # --- AI -------------------------------------------------------------------------------
    ai_provider: Literal["offline", "openai", "anthropic", "openai-compatible"] = "offline"
    ai_model: str | None = None
    ai_base_url: str | None = None
    ai_api_key: SecretStr | None = None
    ai_timeout_seconds: float = 60.0
    ai_fallback_to_offline: bool = True
    ai_model_base_agent: str | None = Field(
        default=None, description="Model for the base (content) agent; defaults to ai_model."
    )
    ai_model_structure_agent: str | None = Field(
        default=None, description="Model for the structure agent; defaults to ai_model."
    )
    ai_model_appeal_agent: str | None = Field(
        default=None, description="Model for the appeal agent; defaults to ai_model."
    )
    fit_judge: bool = Field(
        default=False,
        description="With a configured model (ai_provider not offline), a model also judges "
        "each requirement of a scored application with quotes; combined with the offline score.",
    )
    ai_model_fit_judge: str | None = Field(
        default=None, description="Model of the fit judge; defaults to ai_model."
    )
    ai_max_retries: int = Field(
        default=2, ge=0, le=10, description="Retries of a failed HTTP request (by the SDK)."
    )
    ai_output_retries: int = Field(
        default=2,
        ge=0,
        le=10,
        description="Times the model is asked again when its output breaks the schema.",
    )
    ai_output_mode: Literal["tool", "native", "prompted"] = Field(
        default="tool",
        description="How structured output is requested: a tool call, the provider's JSON "
        "schema mode, or JSON described in the prompt (for small local models).",
    )
    ai_temperature: float = Field(default=0.0, ge=0.0, le=2.0)
    ai_profiles_dir: Path | None = Field(
        default=None,
        description="Directory of industry profile JSON files replacing the shipped ones.",
    )

    # --- uploads and file storage ------------------------------------------------------------
    max_upload_bytes: int = 10 * 1024 * 1024
    max_import_files: int = 2000
    max_request_bytes: int = Field(
        default=256 * 1024 * 1024,
        description="Largest multipart body of a signed-in upload (a bulk import).",
    )
    max_form_bytes: int = Field(
        default=2 * 1024 * 1024, description="Largest body of any other request."
    )
    body_read_timeout_seconds: float = Field(
        default=30.0, gt=0, description="Longest wait for the next piece of a request body."
    )
    max_concurrent_uploads: int = Field(
        default=8, ge=1, description="Upload bodies one web process reads at once (then 503)."
    )
    storage_backend: Literal["local", "s3"] = "local"
    s3_bucket: str | None = None
    s3_prefix: str = "resumes/"
    s3_endpoint_url: str | None = None
    s3_region: str = "us-east-1"
    s3_access_key_id: str | None = None
    s3_secret_access_key: SecretStr | None = None

    # --- backups ------------------------------------------------------------------------------
    backup_key_file: Path | None = Field(
        default=None,
        description="backup.key from `hireflow backup keygen`: backups are age-encrypted to "
        "its recipients and signed; it cannot decrypt them. Unset: `backup` wants --unencrypted.",
    )
    restore_key_file: Path | None = Field(
        default=None,
        description="restore.key (decrypts and verifies backups) for `restore` and "
        "`backup verify` when --key is not given; keep it off the web host.",
    )

    # --- calendars and secrets at rest -----------------------------------------------------
    secret_keys: SecretStr | None = Field(
        default=None,
        description="Keys for credentials at rest, newest first: id:base64key,... (32-byte "
        "keys); unset derives one key from the instance secret.",
    )
    calendar_busy_cache_seconds: int = Field(default=60, ge=0, le=3600)
    calendar_breaker_failures: int = Field(default=5, ge=1, le=100)
    calendar_breaker_cooldown_seconds: int = Field(default=300, ge=1, le=86400)
    calendar_write_backoff_seconds: int = Field(default=30, ge=1, le=3600)
    calendar_timeout_seconds: float = Field(default=15.0, gt=0, le=120)
    google_client_id: str | None = None
    google_client_secret: SecretStr | None = None
    google_auth_url: str = "https://accounts.google.com/o/oauth2/v2/auth"
    google_token_url: str = "https://oauth2.googleapis.com/token"  # noqa: S105 (a URL)
    google_api_url: str = "https://www.googleapis.com/calendar/v3"

    @property
    def pgdata(self) -> Path:
        return self.data_dir / "pgdata"

    @property
    def files_dir(self) -> Path:
        return self.data_dir / "files"

    @property
    def uses_embedded_db(self) -> bool:
        return not self.database_url


@lru_cache
def get_settings() -> Settings:
    return Settings()
