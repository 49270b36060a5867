"""Marketo's identity service: ``/identity/oauth/token`` and the check of REST bearer tokens.

Why one current token per client id: Marketo returns the *same* token while it is valid, with the
remaining ``expires_in`` (reference 1.2); old tokens stay in the store so that presenting one after
it expired answers 602 (expired) rather than 601 (unknown).
"""

from __future__ import annotations

import hmac
import math
import uuid
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from sandbox.context import SandboxContext
from sandbox.marketo.envelope import MarketoError
from sandbox.marketo.settings import DEFAULTS

CREDENTIALS = "credentials"
TOKEN = "token"  # noqa: S105 - a store kind, not a credential


def _same(given: str, expected: str) -> bool:
    """Constant-time comparison (bytes: ``compare_digest`` refuses non-ASCII str)."""
    return hmac.compare_digest(given.encode(), expected.encode())


def oauth_error(status: int, error: str, description: str) -> JSONResponse:
    """The Spring-OAuth error body the identity endpoint answers with (reference 1.2)."""
    return JSONResponse({"error": error, "error_description": description}, status_code=status)


class Identity:
    def __init__(self, ctx: SandboxContext, vendor: str) -> None:
        self.ctx = ctx
        self.vendor = vendor

    def kind(self, name: str) -> str:
        return f"{self.vendor}/{name}"

    def credentials(self) -> dict[str, Any]:
        doc = self.ctx.store.get(self.kind(CREDENTIALS), "default")
        return doc or {}

    def ttl(self) -> int:
        return int(self.ctx.setting(self.vendor, "token_ttl_seconds", DEFAULTS["token_ttl_seconds"]))

    async def token_endpoint(self, request: Request) -> Response:
        params: dict[str, str] = dict(request.query_params)
        if request.method == "POST":
            content_type = request.headers.get("content-type", "")
            if content_type.startswith("application/x-www-form-urlencoded"):
                # parsed here: Starlette's form parser needs python-multipart, not a dependency
                raw = (await request.body()).decode("utf-8", "replace")
                for key, value in parse_qsl(raw, keep_blank_values=True):
                    params.setdefault(key, value)
        grant_type = params.get("grant_type")
        client_id = params.get("client_id")
        client_secret = params.get("client_secret")
        if not grant_type:
            return oauth_error(400, "invalid_request", "Missing grant type")
        if grant_type != "client_credentials":
            return oauth_error(400, "unsupported_grant_type", f"Unsupported grant type: {grant_type}")
        if not client_id:
            return oauth_error(401, "unauthorized", "Full authentication is required to access this resource")
        creds = self.credentials()
        if not _same(client_id, str(creds.get("client_id", ""))):
            return oauth_error(401, "unauthorized", f"No client with requested id: {client_id}")
        if not client_secret or not _same(client_secret, str(creds.get("client_secret", ""))):
            return oauth_error(401, "invalid_client", "Bad client credentials")
        token = self.current_or_new(client_id)
        remaining = token["expires_at"] - self.ctx.clock.now()
        return JSONResponse({
            "access_token": token["access_token"],
            "token_type": "bearer",
            "expires_in": max(0, math.ceil(remaining) - 1),
            "scope": creds.get("scope", ""),
        })

    def current_or_new(self, client_id: str) -> dict[str, Any]:
        now = self.ctx.clock.now()
        with self.ctx.store.transaction() as store:
            for doc in store.all(self.kind(TOKEN)):
                if doc["client_id"] == client_id and doc["expires_at"] > now:
                    return doc
            doc = {
                "access_token": f"{uuid.uuid4()}:sb",
                "client_id": client_id,
                "issued_at": now,
                "expires_at": now + self.ttl(),
            }
            store.insert(self.kind(TOKEN), doc["access_token"], doc)
        return doc

    def expire_all(self) -> None:
        now = self.ctx.clock.now()
        with self.ctx.store.transaction() as store:
            for doc in store.all(self.kind(TOKEN)):
                if doc["expires_at"] > now:
                    doc["expires_at"] = now
                    store.put(self.kind(TOKEN), doc["access_token"], doc)

    def authenticate(self, request: Request) -> None:
        """Raise 601 (missing or unknown token) or 602 (expired) for a REST call."""
        token: str | None = None
        header = request.headers.get("authorization", "")
        scheme, _, value = header.partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            token = value.strip()
        elif not header and "access_token" in request.query_params:
            accept = self.ctx.setting(self.vendor, "accept_query_token", DEFAULTS["accept_query_token"])
            if not accept:
                raise MarketoError("601", "Access token invalid: the access_token query parameter is no "
                                          "longer accepted, send an 'Authorization: Bearer' header")
            token = request.query_params["access_token"]
        if not token:
            raise MarketoError("601", "Access token invalid")
        doc = self.ctx.store.get(self.kind(TOKEN), token)
        if doc is None:
            raise MarketoError("601", "Access token invalid")
        if doc["expires_at"] <= self.ctx.clock.now():
            raise MarketoError("602", "Access token expired")
