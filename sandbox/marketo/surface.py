"""``MarketoSurface``: Adobe Marketo Engage's identity service and custom activity REST API.

Why the current path in a context variable: ``error_response`` receives only a status and a code,
but the identity endpoint answers errors in the OAuth shape while ``/rest`` answers in the 200
envelope; ``enter`` (called first for every request of this vendor) remembers which one applies.
"""

from __future__ import annotations

import secrets
import string
import uuid
from contextvars import ContextVar
from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute

from sandbox.context import SandboxContext
from sandbox.marketo.activities import LEAD, Activities
from sandbox.marketo.admin import admin_routes
from sandbox.marketo.custom_types import CustomTypes
from sandbox.marketo.envelope import HTTP_PHRASES, MESSAGES, NOT_COUNTED, failure
from sandbox.marketo.identity import CREDENTIALS, Identity, oauth_error
from sandbox.marketo.limits import CallLimits
from sandbox.marketo.read_activities import ActivityReader
from sandbox.marketo.routes import marketo_routes
from sandbox.marketo.settings import DEFAULTS
from sandbox.marketo.wire import Wire
from sandbox.vendor import VendorSurface

SEED_LEADS = (1001, 1200, 1201, 1202, 1203)  # 1001 and 1200 exist, 3000 does not: the seed example

_path: ContextVar[str] = ContextVar("marketo_path", default="")


def _munchkin_id() -> str:
    digits, letters = string.digits, string.ascii_uppercase
    def pick(alphabet: str) -> str:
        return "".join(secrets.choice(alphabet) for _ in range(3))
    return f"{pick(digits)}-{pick(letters)}-{pick(digits)}"


class MarketoSurface(VendorSurface):
    name = "marketo"
    prefixes = ("/rest", "/identity")

    def __init__(self, ctx: SandboxContext) -> None:
        super().__init__(ctx)
        self.identity = Identity(ctx, self.name)
        self.limits = CallLimits(ctx, self.name)
        self.types = CustomTypes(ctx, self.name)
        self.activities = Activities(ctx, self.name, self.types)
        self.reader = ActivityReader(ctx, self.name)
        self.wire = Wire(ctx, self.name, self.identity, self.limits)

    def routes(self) -> list[BaseRoute]:
        return marketo_routes(self.wire, self.identity, self.types, self.activities, self.reader)

    def admin_routes(self) -> list[BaseRoute]:
        return admin_routes(self.ctx, self.name, self.types, self.activities)

    def seed(self) -> None:
        """Throw-away credentials (random per data dir), a few leads; standard types are constants."""
        self.limits.clear()
        munchkin = _munchkin_id()
        with self.ctx.store.transaction() as store:
            store.put(self.kind(CREDENTIALS), "default", {
                "client_id": str(uuid.uuid4()),
                "client_secret": secrets.token_urlsafe(24),
                "munchkin_id": munchkin,
                "scope": f"api-user@{munchkin.lower()}.sandbox.invalid",
            })
            for lead_id in SEED_LEADS:
                store.put(self.kind(LEAD), str(lead_id), {
                    "id": lead_id, "email": f"lead{lead_id}@example.com",
                    "firstName": "Lead", "lastName": str(lead_id),
                })

    def endpoints(self) -> dict[str, Any]:
        creds = self.identity.credentials()
        return {
            "base_url": self.base_url,
            "identity_url": f"{self.base_url}/identity",
            "client_id": creds.get("client_id"),
            "client_secret": creds.get("client_secret"),
            "munchkin_id": creds.get("munchkin_id"),
            "leads": [d["id"] for d in self.ctx.store.all(self.kind(LEAD))],
        }

    def expire_tokens(self) -> None:
        self.identity.expire_all()

    def enter(self, method: str, path: str) -> Response | None:
        _path.set(path)
        if not path.startswith("/rest"):
            return None  # identity calls do not count against the limits (reference 1.2)
        refusal = self.limits.admit()
        if refusal is None:
            return None
        return failure(refusal.code, refusal.message, style=self._style(), now=self.ctx.clock.now())

    def leave(self, method: str, path: str) -> None:
        self.limits.release()

    def _style(self) -> str:
        return str(self.setting("envelope", DEFAULTS["envelope"]))

    def error_response(self, status: int, code: str | None, message: str | None) -> Response:
        """Injected faults, unknown paths (610), wrong methods (605) and failures in Marketo's shapes."""
        if _path.get().startswith("/identity"):
            error = {401: "unauthorized", 404: "not_found", 405: "method_not_allowed"}.get(status, "server_error")
            return oauth_error(status, error, message or HTTP_PHRASES.get(status, "Error"))
        if code == "NOT_FOUND" or (code is None and status == 404):
            code, message, status = "610", None, 200
        elif code == "METHOD_NOT_ALLOWED" or (code is None and status == 405):
            code, message, status = "605", None, 200
        elif code is None:
            code, message = str(status), message or HTTP_PHRASES.get(status, "Error")
        elif status not in (413, 414) and (code in MESSAGES or code.isdigit()):
            status = 200  # Marketo answers its own error codes in an HTTP 200 envelope (reference 2.2)
        if code in NOT_COUNTED:
            self.limits.refund()
        if code == "606" and not message:
            message = MESSAGES["606"] % (self.setting("rate_limit_calls", 100),
                                         self.setting("rate_limit_window_seconds", 20))
        return failure(code, message, http_status=status, style=self._style(), now=self.ctx.clock.now())
