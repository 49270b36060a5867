"""The base class every vendor surface of the sandbox implements."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute

from sandbox.context import SandboxContext


class VendorSurface:
    """One vendor API as the sandbox serves it.

    Hooks a subclass implements:
    - ``name``: the vendor's key in the request log, faults, settings and ``endpoints.json``
      (``salesforce``, ``account_engagement``, ``marketo``, ``eloqua``).
    - ``prefixes``: the URL path prefixes this vendor owns (the real API's paths; the sandbox
      serves all vendors on one port, and their real paths do not overlap).
    - ``routes()``: the vendor's API routes.
    - ``admin_routes()``: routes mounted under ``/_sandbox/<name>/`` that change objects as an
      admin would in the vendor's UI (drift tests use them).
    - ``seed()``: create the initial objects and throw-away credentials on an empty store.
    - ``endpoints()``: this vendor's part of ``endpoints.json``.
    - ``error_response(status, code, message)``: an error in the vendor's own shape; used for
      injected faults, unknown paths (404), wrong methods (405) and unexpected failures (500);
      override ``error_response_for`` instead when the shape depends on the path.
    - ``expire_tokens()``: make every issued token invalid now.
    - ``enter(method, path)`` / ``leave(method, path)``: vendor rate and concurrency limits;
      ``enter`` returns an error response to refuse the call.
    """

    name: str = ""
    prefixes: tuple[str, ...] = ()

    def __init__(self, ctx: SandboxContext) -> None:
        self.ctx = ctx

    def owns(self, path: str) -> bool:
        return any(path == p or path.startswith(p.rstrip("/") + "/") for p in self.prefixes)

    def routes(self) -> list[BaseRoute]:
        return []

    def admin_routes(self) -> list[BaseRoute]:
        return []

    def seed(self) -> None:
        """Called at start when the store holds nothing of this vendor, and after a reset."""

    def endpoints(self) -> dict[str, Any]:
        return {}

    def error_response(self, status: int, code: str | None, message: str | None) -> Response:
        raise NotImplementedError

    def error_response_for(self, path: str, status: int, code: str | None, message: str | None) -> Response:
        """Like ``error_response``, for a vendor whose error shape depends on the path (Salesforce's
        OAuth endpoint answers ``{error, error_description}``, its REST API an error array)."""
        return self.error_response(status, code, message)

    def expire_tokens(self) -> None:
        """Default: nothing to expire."""

    def enter(self, method: str, path: str) -> Response | None:
        return None

    def leave(self, method: str, path: str) -> None:
        """Pairs with ``enter``; called even when the handler failed."""

    # Helpers shared by all vendors -------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return self.ctx.base_url

    def kind(self, name: str) -> str:
        """The store kind for one of this vendor's object types."""
        return f"{self.name}/{name}"

    def setting(self, name: str, default: Any) -> Any:
        return self.ctx.setting(self.name, name, default)
