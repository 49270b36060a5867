"""Connection settings for one Salesforce org, from stack config, the environment or the sandbox.

Read once per provider process in ``configure``. The settings object holds secrets, so it lives
only in module state (``providers.salesforce.connection``), never on a provider instance.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from providers.core.config import ConfigSource
from providers.core.errors import ConfigurationError
from providers.core.redact import register_secret

AuthFlow = Literal["jwt", "client_credentials", "refresh_token"]
AUTH_FLOWS: tuple[AuthFlow, ...] = ("jwt", "client_credentials", "refresh_token")
DEFAULT_API_VERSION = "67.0"
MIN_API_VERSION = 53.0  # the external-activity objects exist from v53.0 (reference §0)
SF = "salesforce"
AE = "accountEngagement"


@dataclass(frozen=True)
class SalesforceSettings:
    login_url: str
    auth_flow: AuthFlow
    client_id: str
    api_version: str = DEFAULT_API_VERSION
    client_secret: str | None = field(default=None, repr=False)
    username: str | None = None
    private_key: str | None = field(default=None, repr=False)
    refresh_token: str | None = field(default=None, repr=False)
    audience: str | None = None
    ca_bundle: str | bool = True
    ae_base_url: str = "https://pi.pardot.com"

    @property
    def org_key(self) -> str:
        """Identifies the org and identity a token belongs to: one token per key per process."""
        return f"{self.login_url}|{self.client_id}|{self.username or ''}|{self.auth_flow}"

    @property
    def jwt_audience(self) -> str:
        """``aud`` of the JWT assertion: test.salesforce.com for sandboxes, else login.salesforce.com."""
        if self.audience:
            return self.audience
        host = urlsplit(self.login_url).hostname or ""
        if host == "test.salesforce.com" or host.endswith(".sandbox.my.salesforce.com"):
            return "https://test.salesforce.com"
        return "https://login.salesforce.com"


def _url(value: str, setting: str) -> str:
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.hostname:
        raise ConfigurationError(f"{setting}: must be an https:// URL, got {value!r}")
    return value.rstrip("/")


def _version(value: str, setting: str) -> str:
    text = value.strip().lstrip("vV")
    try:
        number = float(text)
    except ValueError:
        raise ConfigurationError(f"{setting}: must look like 67.0, got {value!r}") from None
    if number < MIN_API_VERSION or "." not in text:
        raise ConfigurationError(f"{setting}: must be a version like 67.0, at least {MIN_API_VERSION}")
    return text


def _flow(value: str | None, default: AuthFlow) -> AuthFlow:
    if value is None:
        return default
    if value not in AUTH_FLOWS:
        raise ConfigurationError(f"{SF}:authFlow: must be one of {', '.join(AUTH_FLOWS)}, got {value!r}")
    return value  # type: ignore[return-value]


def _read_key(path: str, setting: str) -> str:
    try:
        text = Path(path).read_text()
    except OSError as exc:
        raise ConfigurationError(f"{setting}: cannot read the private key file {path}: {exc.strerror}") from None
    register_key(text)
    return text


def register_key(text: str | None) -> None:
    """The whole PEM and each of its base64 lines: a fragment must not reach a message either."""
    if not text:
        return
    register_secret(text)
    register_secret(text.strip())
    for line in text.splitlines():
        if line and not line.startswith("-----"):
            register_secret(line.strip())


def settings_from_config(source: ConfigSource) -> SalesforceSettings:
    """Stack config / environment when ``salesforce:loginUrl`` is set there, else the sandbox's
    endpoints.json when the stack targets the sandbox (explicit settings win over the default)."""
    if source.get(SF, "loginUrl") is None:
        endpoints = source.sandbox_endpoints()
        if endpoints is not None:
            return settings_from_endpoints(endpoints, auth_flow=source.get(SF, "authFlow"))
    flow = _flow(source.get(SF, "authFlow"), "jwt")
    private_key = source.get(SF, "privateKey", secret=True)
    register_key(private_key)
    if private_key is None and flow == "jwt":
        key_file = source.get(SF, "privateKeyFile")
        if key_file is not None:
            private_key = _read_key(key_file, f"{SF}:privateKeyFile")
    settings = SalesforceSettings(
        login_url=_url(source.require(SF, "loginUrl"), f"{SF}:loginUrl"),
        auth_flow=flow,
        client_id=source.require(SF, "clientId"),
        api_version=_version(source.get(SF, "apiVersion") or DEFAULT_API_VERSION, f"{SF}:apiVersion"),
        client_secret=source.get(SF, "clientSecret", secret=True),
        username=source.get(SF, "username"),
        private_key=private_key,
        refresh_token=source.get(SF, "refreshToken", secret=True),
        audience=source.get(SF, "jwtAudience"),
        ca_bundle=source.get(SF, "caBundle") or True,
        ae_base_url=_url(source.get(AE, "baseUrl") or "https://pi.pardot.com", f"{AE}:baseUrl"),
    )
    check_settings(settings)
    return settings


def settings_from_endpoints(endpoints: dict[str, Any], auth_flow: str | None = None) -> SalesforceSettings:
    """Settings for the sandbox: JWT bearer by default, with the sandbox's throw-away key."""
    sf = endpoints.get("salesforce")
    ae = endpoints.get("account_engagement") or {}
    if not isinstance(sf, dict):
        raise ConfigurationError("the sandbox's endpoints.json has no 'salesforce' section: is the "
                                 "Salesforce sandbox surface built?")
    for name in ("client_secret", "refresh_token"):
        register_secret(sf.get(name))
    flow = _flow(auth_flow, "jwt")
    key_file = sf.get("private_key_file")
    private_key = _read_key(str(key_file), "endpoints.json salesforce.private_key_file") if (
        flow == "jwt" and key_file) else None
    ca_bundle = endpoints.get("ca_bundle") or True
    settings = SalesforceSettings(
        login_url=_url(str(sf.get("login_url", "")), "endpoints.json salesforce.login_url"),
        auth_flow=flow,
        client_id=str(sf.get("client_id", "")),
        api_version=_version(str(sf.get("api_version") or DEFAULT_API_VERSION), "salesforce.api_version"),
        client_secret=sf.get("client_secret"),
        username=sf.get("username"),
        private_key=private_key,
        refresh_token=sf.get("refresh_token"),
        audience=sf.get("audience") or sf.get("jwt_audience"),
        ca_bundle=str(ca_bundle) if ca_bundle is not True else True,
        ae_base_url=_url(str(ae.get("base_url") or sf.get("instance_url") or ""),
                         "endpoints.json account_engagement.base_url"),
    )
    check_settings(settings)
    return settings


def check_settings(settings: SalesforceSettings) -> None:
    """Every flow's required settings are present, with the setting named when one is missing."""
    if not settings.client_id:
        raise ConfigurationError(f"missing setting {SF}:clientId (the connected app's consumer key)")
    if settings.auth_flow == "jwt":
        if not settings.username:
            raise ConfigurationError(f"{SF}:authFlow jwt needs {SF}:username (the JWT 'sub')")
        if not settings.private_key:
            raise ConfigurationError(
                f"{SF}:authFlow jwt needs {SF}:privateKey (set it with `pulumi config set --secret "
                f"{SF}:privateKey < key.pem`) or {SF}:privateKeyFile"
            )
    elif settings.auth_flow == "client_credentials":
        if not settings.client_secret:
            raise ConfigurationError(f"{SF}:authFlow client_credentials needs {SF}:clientSecret (a secret)")
        host = urlsplit(settings.login_url).hostname or ""
        if host in ("login.salesforce.com", "test.salesforce.com"):
            raise ConfigurationError(
                f"{SF}:loginUrl: the client credentials flow works only with the org's My Domain "
                "(https://<domain>.my.salesforce.com), not login/test.salesforce.com"
            )
    elif not settings.refresh_token:
        raise ConfigurationError(f"{SF}:authFlow refresh_token needs {SF}:refreshToken (a secret)")
