"""Who is calling: HTTP Basic ``Site\\User:password`` or a Bearer token from the OAuth endpoint.

The token endpoint follows what third-party clients send (eloqua.md 2.2): client credentials in
HTTP Basic, a JSON or form body, grants ``password`` and ``refresh_token``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import secrets
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from sandbox.context import SandboxContext
from sandbox.eloqua.errors import EloquaError
from sandbox.eloqua.site import site

TOKEN_KIND = "eloqua/" + "accessToken"  # store kind, not a secret
REFRESH = "eloqua/refreshToken"
DEFAULT_TOKEN_TTL = 28800  # 8 h, the commonly cited lifetime (eloqua.md 2.2, unverified)

UNAUTHENTICATED = {"WWW-Authenticate": 'Basic realm="Eloqua"'}


def _digest(token: str) -> str:
    """Tokens are stored as SHA-256 digests: a state dump never shows a usable token."""
    return hashlib.sha256(token.encode()).hexdigest()


def _basic_pair(header: str) -> tuple[str, str] | None:
    if not header.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    user, sep, password = decoded.partition(":")
    return (user, password) if sep else None


def authenticate(ctx: SandboxContext, request: Request) -> dict[str, Any]:
    """The site document when the caller is authenticated, else a 401 (403 when API access is off)."""
    doc = site(ctx)
    header = request.headers.get("authorization", "")
    ok = False
    pair = _basic_pair(header)
    if pair is not None:
        login, password = pair
        site_name, sep, user = login.partition("\\")
        ok = (
            bool(sep)
            and site_name.lower() == doc["siteName"].lower()
            and user.lower() == doc["userName"].lower()
            and secrets.compare_digest(password, doc["password"])
        )
    elif header.lower().startswith("bearer "):
        token = ctx.store.get(TOKEN_KIND, _digest(header[7:].strip()))
        ok = token is not None and float(token["expiresAt"]) > ctx.clock.now()
    if not ok:
        raise EloquaError(401, headers=UNAUTHENTICATED)
    if not doc.get("apiEnabled", True):
        raise EloquaError(403)
    return doc


def _issue(ctx: SandboxContext, refresh: str | None = None) -> dict[str, Any]:
    ttl = int(ctx.setting("eloqua", "token_ttl", DEFAULT_TOKEN_TTL))
    access = secrets.token_urlsafe(32)
    ctx.store.put(TOKEN_KIND, _digest(access), {"hash": _digest(access), "expiresAt": ctx.clock.now() + ttl})
    if refresh is None:
        refresh = seed_refresh_token(ctx)
    return {"access_token": access, "token_type": "bearer", "expires_in": ttl, "refresh_token": refresh}


def seed_refresh_token(ctx: SandboxContext) -> str:
    """A refresh token for the seeded user, as if the authorization-code flow had run once."""
    token = secrets.token_urlsafe(32)
    ctx.store.put(REFRESH, _digest(token), {"hash": _digest(token), "issuedAt": ctx.clock.now()})
    return token


def _oauth_error(status: int, error: str, description: str) -> Response:
    return JSONResponse({"error": error, "error_description": description}, status_code=status)


async def _token_body(request: Request) -> dict[str, str]:
    raw = await request.body()
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            body = None
        return {str(k): str(v) for k, v in body.items()} if isinstance(body, dict) else {}
    return dict(parse_qsl(raw.decode("utf-8", "replace")))


async def token_endpoint(ctx: SandboxContext, request: Request) -> Response:
    doc = site(ctx)
    pair = _basic_pair(request.headers.get("authorization", ""))
    if pair is None or pair[0] != doc["clientId"] or not secrets.compare_digest(pair[1], doc["clientSecret"]):
        return _oauth_error(401, "invalid_client", "client authentication failed")
    body = await _token_body(request)
    grant = body.get("grant_type")
    with ctx.store.transaction():
        if grant == "password":
            expected = f"{doc['siteName']}\\{doc['userName']}".lower()
            if body.get("username", "").lower() != expected or not secrets.compare_digest(
                body.get("password", ""), doc["password"]
            ):
                return _oauth_error(400, "invalid_grant", "the user credentials are invalid")
            return JSONResponse(_issue(ctx))
        if grant == "refresh_token":
            refresh = body.get("refresh_token", "")
            if not refresh or ctx.store.get(REFRESH, _digest(refresh)) is None:
                return _oauth_error(400, "invalid_grant", "the refresh token is invalid or revoked")
            if ctx.setting("eloqua", "rotate_refresh_tokens", False):
                ctx.store.delete(REFRESH, _digest(refresh))
                return JSONResponse(_issue(ctx))
            return JSONResponse(_issue(ctx, refresh))
    return _oauth_error(400, "unsupported_grant_type", "grant_type must be password or refresh_token")


def expire_all(ctx: SandboxContext) -> None:
    with ctx.store.transaction():
        for token in ctx.store.all(TOKEN_KIND):
            ctx.store.delete(TOKEN_KIND, token["hash"])
