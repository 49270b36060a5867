"""Every exception the providers raise, in one hierarchy (the httpx model).

Messages are user-visible (the Pulumi CLI prints them): they name the vendor, the operation, the
field and the rule, and never carry a token, a secret or a request body.
"""

from __future__ import annotations


class ActivitySchemasError(Exception):
    """Base of every error this project raises on purpose."""


class ConfigurationError(ActivitySchemasError):
    """Missing or invalid connection settings (stack config, environment, endpoints.json)."""


class ValidationError(ActivitySchemasError):
    """Bad input, found before any API call. ``field`` is the input property at fault."""

    def __init__(self, field: str, rule: str) -> None:
        super().__init__(f"{field}: {rule}")
        self.field = field
        self.rule = rule


class ApiError(ActivitySchemasError):
    """The vendor answered with an error.

    ``retryable``: a later identical call may succeed (throttling, lock contention, 5xx).
    ``auth_expired``: the token is no longer valid; renew it once and retry.
    """

    def __init__(
        self,
        vendor: str,
        message: str,
        *,
        status: int | None = None,
        code: str | None = None,
        operation: str | None = None,
        retryable: bool = False,
        auth_expired: bool = False,
    ) -> None:
        where = f" during {operation}" if operation else ""
        label = f"{code}" if code else (f"HTTP {status}" if status else "error")
        super().__init__(f"{vendor}{where}: {label}: {message}")
        self.vendor = vendor
        self.message = message
        self.status = status
        self.code = code
        self.operation = operation
        self.retryable = retryable
        self.auth_expired = auth_expired


class AuthenticationError(ApiError):
    """Credentials were refused (not merely expired): retrying will not help."""


class NotFoundError(ApiError):
    """The object does not exist (any more)."""


class ConflictError(ApiError):
    """A uniqueness rule refused the call (an object with that natural key exists)."""


class RateLimitError(ApiError):
    """Throttled; retried with backoff unless the retry budget is spent."""


class QuotaExceededError(ApiError):
    """A quota that resets only daily (Marketo 607, Account Engagement 122): never retried."""


class TransportError(ActivitySchemasError):
    """No usable HTTP answer: connection refused, reset, dropped mid-answer, TLS failure.

    ``ambiguous`` is true when the request may have reached the vendor (it was sent, the answer
    was lost): a create must then look the object up by its natural key before trying again.
    """

    def __init__(self, vendor: str, message: str, *, ambiguous: bool) -> None:
        super().__init__(f"{vendor}: {message}")
        self.vendor = vendor
        self.ambiguous = ambiguous
