"""Access and refresh tokens, stored by hash so a state dump never shows a usable token.

Why the clock: tokens expire after ``token_ttl_seconds`` of ``ctx.clock`` time, so tests make a
token expire by advancing the clock instead of waiting.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from sandbox.context import SandboxContext
from sandbox.salesforce.org import VENDOR, org

ACCESS_KIND = f"{VENDOR}/AccessToken"
REFRESH_KIND = f"{VENDOR}/RefreshToken"
DEFAULT_TTL_SECONDS = 7200


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Session:
    user_id: str
    client_id: str
    scopes: tuple[str, ...]
    issued_at: float


def issue_access(ctx: SandboxContext, *, client_id: str, scopes: list[str], flow: str) -> tuple[str, float]:
    """A new access token shaped like Salesforce's: ``<org id 15>!<opaque>``."""
    the_org = org(ctx)
    token = f"{the_org['org_id'][:15]}!AQ" + secrets.token_urlsafe(72)
    now = ctx.clock.now()
    ctx.store.insert(ACCESS_KIND, _hash(token), {
        "hash": _hash(token), "user_id": the_org["user_id"], "client_id": client_id,
        "scopes": scopes, "issued_at": now, "flow": flow,
    })
    return token, now


def lookup_access(ctx: SandboxContext, token: str | None) -> Session | None:
    """The session of a live token, or None when unknown, expired or revoked."""
    if not token:
        return None
    doc = ctx.store.get(ACCESS_KIND, _hash(token))
    if doc is None:
        return None
    ttl = float(ctx.setting(VENDOR, "token_ttl_seconds", DEFAULT_TTL_SECONDS))
    if ctx.clock.now() >= float(doc["issued_at"]) + ttl:
        return None
    return Session(doc["user_id"], doc["client_id"], tuple(doc["scopes"]), float(doc["issued_at"]))


def bearer(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <t>`` (or ``OAuth <t>``) header."""
    if not authorization:
        return None
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() not in ("bearer", "oauth") or not value.strip():
        return None
    return value.strip()


def expire_all(ctx: SandboxContext) -> None:
    for doc in ctx.store.all(ACCESS_KIND):
        ctx.store.delete(ACCESS_KIND, doc["hash"])


def register_refresh(ctx: SandboxContext, token: str, client_id: str, scopes: list[str]) -> None:
    ctx.store.put(REFRESH_KIND, _hash(token), {
        "hash": _hash(token), "client_id": client_id, "scopes": scopes, "revoked": False,
    })


def lookup_refresh(ctx: SandboxContext, token: str) -> dict[str, Any] | None:
    doc = ctx.store.get(REFRESH_KIND, _hash(token))
    return doc if doc and not doc["revoked"] else None


def revoke_refresh(ctx: SandboxContext, token: str) -> None:
    doc = ctx.store.get(REFRESH_KIND, _hash(token))
    if doc:
        doc["revoked"] = True
        ctx.store.put(REFRESH_KIND, doc["hash"], doc)
