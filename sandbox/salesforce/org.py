"""The seeded org: one user, one connected app and its throw-away credentials, the JWT key pair.

Why generated at seed time: the repo never holds a credential or a private key; each data dir
gets its own, and the private key is written next to the store with mode 600 for JWT clients.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from sandbox.context import SandboxContext
from sandbox.salesforce import ids
from sandbox.salesforce.objects import ORG_PREFIX, USER_PREFIX

VENDOR = "salesforce"
ORG_KIND = f"{VENDOR}/Org"
ORG_DOC_ID = "org"
KEY_FILE_NAME = "salesforce-jwt-key.pem"
DEFAULT_SCOPES = ["api", "pardot_api", "refresh_token"]


def _key_and_certificate(common_name: str) -> tuple[bytes, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return key_pem, cert.public_bytes(serialization.Encoding.PEM).decode()


def key_file(ctx: SandboxContext) -> Path | None:
    return Path(ctx.data_dir) / KEY_FILE_NAME if ctx.data_dir else None


def _write_private_key(path: Path, pem: bytes) -> None:
    """Written with mode 600 from the start, so the key is never readable by others."""
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def seed_org(ctx: SandboxContext) -> dict[str, Any]:
    """Create the org, user, connected app, refresh token and JWT key pair."""
    suffix = secrets.token_hex(4)
    username = f"integration-{suffix}@sandbox.example.com"
    key_pem, cert_pem = _key_and_certificate(f"activity-schemas sandbox {suffix}")
    path = key_file(ctx)
    if path is not None:
        _write_private_key(path, key_pem)
    doc: dict[str, Any] = {
        "org_id": ids.new_id(ORG_PREFIX),
        "user_id": ids.new_id(USER_PREFIX),
        "username": username,
        "password": secrets.token_urlsafe(12),
        "security_token": secrets.token_urlsafe(18)[:24],
        "user_active": True,
        "client_id": "3MVG9" + secrets.token_urlsafe(60).replace("-", "A").replace("_", "z")[:80],
        "client_secret": secrets.token_hex(32).upper(),
        "certificate_pem": cert_pem,
        "refresh_token": "5Aep" + secrets.token_urlsafe(64).replace("-", "A").replace("_", "z")[:83],
    }
    ctx.store.put(ORG_KIND, ORG_DOC_ID, doc)
    return doc


def org(ctx: SandboxContext) -> dict[str, Any]:
    doc = ctx.store.get(ORG_KIND, ORG_DOC_ID)
    if doc is None:
        raise LookupError("the Salesforce org is not seeded")
    return doc


def scopes(ctx: SandboxContext) -> list[str]:
    """The connected app's scopes (setting ``scopes``); tokens carry them."""
    value = ctx.setting(VENDOR, "scopes", DEFAULT_SCOPES)
    return [str(s) for s in value] if isinstance(value, list) else str(value).split()
