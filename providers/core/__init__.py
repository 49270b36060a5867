"""What every vendor shares: the HTTP core, token cache, limiter, retry policy, diffing, errors."""

from providers.core.auth import Authenticator, BearerAuth, Token, TokenCache
from providers.core.config import ConfigSource
from providers.core.diffing import FieldChange, field_changes, keyed
from providers.core.errors import (
    ActivitySchemasError,
    ApiError,
    AuthenticationError,
    ConfigurationError,
    ConflictError,
    NotFoundError,
    QuotaExceededError,
    RateLimitError,
    TransportError,
    ValidationError,
)
from providers.core.http import HttpCore, HttpResult
from providers.core.provider import ProviderError, SchemaProvider
from providers.core.ratelimit import RateLimiter, shared_limiter
from providers.core.redact import redact, register_secret
from providers.core.retry import NO_RETRY, RetryPolicy

__all__ = [
    "NO_RETRY",
    "ActivitySchemasError",
    "ApiError",
    "AuthenticationError",
    "Authenticator",
    "BearerAuth",
    "ConfigSource",
    "ConfigurationError",
    "ConflictError",
    "FieldChange",
    "HttpCore",
    "HttpResult",
    "NotFoundError",
    "ProviderError",
    "QuotaExceededError",
    "RateLimitError",
    "RateLimiter",
    "RetryPolicy",
    "SchemaProvider",
    "Token",
    "TokenCache",
    "TransportError",
    "ValidationError",
    "field_changes",
    "keyed",
    "redact",
    "register_secret",
    "shared_limiter",
]
