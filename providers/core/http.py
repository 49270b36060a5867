"""The one HTTP core every vendor client uses: session, TLS, auth, retries, rate limits.

Vendor clients supply an ``interpret`` function that turns a vendor response into its body or
into an :class:`~providers.core.errors.ApiError` (Marketo answers errors with HTTP 200, Salesforce
with arrays, Eloqua with typed bodies), and an authenticator. The transport seam (``transport``,
a requests adapter) lets tests put any fake behind a real client.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
import urllib3
from requests.adapters import BaseAdapter, HTTPAdapter

from providers.core.auth import Authenticator
from providers.core.errors import ApiError, ConfigurationError, TransportError
from providers.core.ratelimit import RateLimiter
from providers.core.redact import redact
from providers.core.retry import RetryPolicy

log = logging.getLogger("activity_schemas.http")

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})


@dataclass(frozen=True)
class HttpResult:
    status: int
    headers: Mapping[str, str]
    body: Any  # parsed JSON, or None for an empty body


Interpret = Callable[[requests.Response, str], Any]


class HttpCore:
    """``ca_bundle``: a CA file path or True (system CAs); turning verification off is refused."""

    def __init__(
        self,
        vendor: str,
        *,
        interpret: Interpret,
        ca_bundle: str | bool = True,
        retry: RetryPolicy | None = None,
        limiter: RateLimiter | None = None,
        timeout: tuple[float, float] = (10.0, 60.0),
        transport: BaseAdapter | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if ca_bundle is False or ca_bundle == "":
            raise ConfigurationError(
                f"{vendor}: TLS verification cannot be turned off; give a CA bundle instead"
            )
        self.vendor = vendor
        self.interpret = interpret
        self.retry = retry or RetryPolicy()
        self.limiter = limiter
        self.timeout = timeout
        self._sleep = sleep
        self.session = requests.Session()
        self.verify = ca_bundle  # passed on every request: REQUESTS_CA_BUNDLE would override
        self.session.verify = ca_bundle  # a session-level setting (requests#3829)
        self.session.headers["User-Agent"] = "activity-schemas/0.1"
        adapter = transport or HTTPAdapter(pool_connections=4, pool_maxsize=16, max_retries=0)
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)

    def request(
        self,
        method: str,
        url: str,
        *,
        operation: str,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        auth: Authenticator | None = None,
        idempotent: bool | None = None,
        retry: RetryPolicy | None = None,
    ) -> HttpResult:
        """One logical call, with retries. ``operation`` names it in errors ("create type X")."""
        policy = retry or self.retry
        method = method.upper()
        safe_to_resend = method in IDEMPOTENT_METHODS if idempotent is None else idempotent
        started = time.monotonic()
        renewed = False
        attempt = 0
        while True:
            attempt += 1
            sent_headers = dict(headers or {})
            if auth is not None:
                sent_headers.update(auth.headers())
            try:
                response = self._send(method, url, params, json, data, sent_headers)
                body = self.interpret(response, operation)
                return HttpResult(response.status_code, response.headers, body)
            except ApiError as error:
                if error.auth_expired and auth is not None and not renewed:
                    renewed = True
                    auth.renew(sent_headers)
                    continue
                if not error.retryable or not self._may_retry(policy, attempt, started):
                    raise
                wait = policy.delay(attempt)
                log.info("%s: %s, retrying in %.1fs (attempt %d)", self.vendor, error.code or error.status,
                         wait, attempt)
            except TransportError as error:
                if (error.ambiguous and not safe_to_resend) or not self._may_retry(policy, attempt, started):
                    raise
                wait = policy.delay(attempt)
                log.info("%s: %s, retrying in %.1fs", self.vendor, error, wait)
            self._sleep(wait)

    @staticmethod
    def _may_retry(policy: RetryPolicy, attempt: int, started: float) -> bool:
        return attempt < policy.max_attempts and time.monotonic() - started < policy.deadline

    def _send(
        self,
        method: str,
        url: str,
        params: Mapping[str, Any] | None,
        json: Any,
        data: Mapping[str, Any] | None,
        headers: Mapping[str, str],
    ) -> requests.Response:
        path = urlsplit(url).path
        try:
            if self.limiter is not None:
                with self.limiter.slot():
                    response = self.session.request(
                        method, url, params=params, json=json, data=data, headers=headers,
                        timeout=self.timeout, verify=self.verify,
                    )
            else:
                response = self.session.request(
                    method, url, params=params, json=json, data=data, headers=headers,
                    timeout=self.timeout, verify=self.verify,
                )
            _ = response.content  # read the whole body now: a drop mid-body is a transport error
        except requests.exceptions.SSLError as exc:
            raise TransportError(self.vendor, f"TLS verification failed for {path}: {_short(exc)}",
                                 ambiguous=False) from None
        except requests.exceptions.RequestException as exc:
            if _never_sent(exc):
                raise TransportError(self.vendor, f"cannot connect for {method} {path}: {_short(exc)}",
                                     ambiguous=False) from None
            raise TransportError(self.vendor, f"connection lost during {method} {path}: {_short(exc)}",
                                 ambiguous=True) from None
        log.debug("%s %s %s -> %s", self.vendor, method, path, response.status_code)
        return response


def json_body(response: requests.Response, *, text_fallback: int = 0) -> Any:
    """The parsed JSON body; for an empty body None; for a non-JSON one (a proxy's HTML page)
    its first ``text_fallback`` characters, or None when that is 0."""
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return response.text[:text_fallback] if text_fallback else None


def _never_sent(exc: requests.exceptions.RequestException) -> bool:
    """True when the request cannot have reached the server (refused, or timed out connecting)."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(reason, urllib3.exceptions.NewConnectionError)


def _short(exc: BaseException) -> str:
    return redact(str(exc).splitlines()[0][:200])
