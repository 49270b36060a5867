"""``/services/oauth2/token`` (four grants) and the identity URL, per account-engagement.md §4.

Why JWT ``exp`` is checked against wall time and not ``ctx.clock``: the clock offset is a test
device that makes issued tokens expire; a client mints its assertion with its own real clock,
and a real server's clock agrees with it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import time
from typing import Any
from urllib.parse import parse_qsl

import jwt
from cryptography import x509
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from sandbox.context import SandboxContext
from sandbox.salesforce import tokens
from sandbox.salesforce.errors import oauth_error
from sandbox.salesforce.org import VENDOR, org, scopes

JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
DEFAULT_AUDIENCES = ["https://login.salesforce.com", "https://test.salesforce.com"]
JWT_MAX_AHEAD_SECONDS = 180
JWT_SKEW_SECONDS = 10


def _numeric_date(value: Any) -> Any:
    """``exp`` as epoch seconds. A string of digits counts: simple-salesforce, which the reference
    cites for this flow (§4.4), signs ``"exp": "1718000000"`` and Salesforce accepts it."""
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    return value


class OAuthRefusal(Exception):
    def __init__(self, error: str, description: str | None = None) -> None:
        super().__init__(error)
        self.error, self.description = error, description


async def _params(request: Request) -> dict[str, str]:
    """Form body parameters; Salesforce also reads them from the query string."""
    params = dict(request.query_params)
    raw = await request.body()
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if raw and content_type == "application/x-www-form-urlencoded":
        try:
            params.update(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
        except (UnicodeDecodeError, ValueError):
            raise OAuthRefusal("invalid_request", "invalid request body") from None
    return params


def _basic_client(request: Request) -> tuple[str, str] | None:
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("basic "):
        return None
    try:
        user, _, password = base64.b64decode(header[6:].strip()).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        raise OAuthRefusal("invalid_client", "invalid client credentials") from None
    return user, password


class OAuthEndpoints:
    def __init__(self, ctx: SandboxContext) -> None:
        self.ctx = ctx

    def setting(self, name: str, default: Any) -> Any:
        return self.ctx.setting(VENDOR, name, default)

    async def token(self, request: Request) -> Response:
        if request.method != "POST":
            return oauth_error("invalid_request", "must use HTTP POST")
        try:
            params = await _params(request)
            grant = params.get("grant_type", "")
            handlers = {
                "password": self._password,
                "client_credentials": self._client_credentials,
                "refresh_token": self._refresh,
                JWT_GRANT: self._jwt,
            }
            if grant not in handlers:
                raise OAuthRefusal("unsupported_grant_type", "grant type not supported")
            with self.ctx.store.transaction():
                body = handlers[grant](request, params)
        except OAuthRefusal as refusal:
            return oauth_error(refusal.error, refusal.description)
        return JSONResponse(body, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})

    # -- grants ----------------------------------------------------------------------------
    def _check_client(self, client_id: str | None, client_secret: str | None, *, secret_required: bool) -> None:
        the_org = org(self.ctx)
        if not client_id or not hmac.compare_digest(client_id, the_org["client_id"]):
            raise OAuthRefusal("invalid_client_id", "client identifier invalid")
        if client_secret is None and not secret_required:
            return
        if not client_secret or not hmac.compare_digest(client_secret, the_org["client_secret"]):
            raise OAuthRefusal("invalid_client", "invalid client credentials")

    def _client_from(self, request: Request, params: dict[str, str]) -> tuple[str | None, str | None]:
        basic = _basic_client(request)
        if basic:
            return basic
        return params.get("client_id"), params.get("client_secret")

    def _password(self, request: Request, params: dict[str, str]) -> dict[str, Any]:
        client_id, secret = self._client_from(request, params)
        self._check_client(client_id, secret, secret_required=True)
        if not self.setting("password_flow_enabled", True):
            raise OAuthRefusal("invalid_grant", "authentication failure")
        the_org = org(self.ctx)
        password = params.get("password", "")
        accepted = {the_org["password"] + the_org["security_token"]}
        if not self.setting("password_requires_security_token", False):
            accepted.add(the_org["password"])
        if params.get("username", "").lower() != the_org["username"].lower() or not any(
            hmac.compare_digest(password, candidate) for candidate in accepted
        ):
            raise OAuthRefusal("invalid_grant", "authentication failure")
        return self._success(str(client_id), flow="password")

    def _client_credentials(self, request: Request, params: dict[str, str]) -> dict[str, Any]:
        client_id, secret = self._client_from(request, params)
        self._check_client(client_id, secret, secret_required=True)
        if not self.setting("client_credentials_enabled", True):
            raise OAuthRefusal("invalid_grant", "no client credentials user enabled")
        return self._success(str(client_id), flow="client_credentials")

    def _refresh(self, request: Request, params: dict[str, str]) -> dict[str, Any]:
        client_id, secret = self._client_from(request, params)
        self._check_client(client_id, secret,
                           secret_required=bool(self.setting("refresh_requires_secret", False)))
        presented = params.get("refresh_token", "")
        doc = tokens.lookup_refresh(self.ctx, presented) if presented else None
        if doc is None or doc["client_id"] != client_id:
            raise OAuthRefusal("invalid_grant", "expired access/refresh token")
        body = self._success(str(client_id), flow="refresh_token")
        if self.setting("refresh_token_rotation", False):
            tokens.revoke_refresh(self.ctx, presented)
            fresh = self._new_refresh_token()
            tokens.register_refresh(self.ctx, fresh, str(client_id), scopes(self.ctx))
            body["refresh_token"] = fresh
        return body

    @staticmethod
    def _new_refresh_token() -> str:
        return "5Aep" + secrets.token_urlsafe(64)

    def _jwt(self, request: Request, params: dict[str, str]) -> dict[str, Any]:
        assertion = params.get("assertion", "")
        the_org = org(self.ctx)
        try:
            header = jwt.get_unverified_header(assertion)
        except jwt.PyJWTError:
            raise OAuthRefusal("invalid_grant", "invalid assertion") from None
        if header.get("alg") != "RS256":
            raise OAuthRefusal("invalid_grant", "invalid assertion")
        public_key = x509.load_pem_x509_certificate(the_org["certificate_pem"].encode()).public_key()
        try:
            claims: dict[str, Any] = jwt.decode(
                assertion, public_key, algorithms=["RS256"],  # type: ignore[arg-type]
                options={"verify_exp": False, "verify_aud": False, "verify_iat": False,
                         "verify_nbf": False, "verify_iss": False},
            )
        except jwt.PyJWTError:
            raise OAuthRefusal("invalid_grant", "invalid assertion") from None
        if claims.get("iss") != the_org["client_id"]:
            raise OAuthRefusal("invalid_client_id", "client identifier invalid")
        audiences = [*self.setting("jwt_audiences", DEFAULT_AUDIENCES), self.ctx.base_url]
        aud = claims.get("aud")
        aud_values = aud if isinstance(aud, list) else [aud]
        if not any(isinstance(a, str) and a.rstrip("/") in audiences for a in aud_values):
            raise OAuthRefusal("invalid_grant", "audience is invalid")
        exp = _numeric_date(claims.get("exp"))
        now = time.time()
        max_ahead = float(self.setting("jwt_max_exp_seconds", JWT_MAX_AHEAD_SECONDS))
        if not isinstance(exp, int | float) or exp <= now - JWT_SKEW_SECONDS:
            raise OAuthRefusal("invalid_grant", "invalid assertion: expired")
        if exp > now + max_ahead + JWT_SKEW_SECONDS:
            raise OAuthRefusal("invalid_grant", "invalid assertion: exp too far in the future")
        subject = claims.get("sub") or claims.get("prn")
        if not isinstance(subject, str) or subject.lower() != the_org["username"].lower():
            raise OAuthRefusal("invalid_grant", "user hasn't approved this consumer")
        if not self.setting("jwt_preauthorized", True):
            raise OAuthRefusal("invalid_grant", "user hasn't approved this consumer")
        return self._success(the_org["client_id"], flow="jwt_bearer")

    # -- success body ----------------------------------------------------------------------
    def _success(self, client_id: str, *, flow: str) -> dict[str, Any]:
        the_org = org(self.ctx)
        if not the_org.get("user_active", True):
            raise OAuthRefusal("inactive_user", "user is inactive")
        granted = scopes(self.ctx)
        token, issued = tokens.issue_access(self.ctx, client_id=client_id, scopes=granted, flow=flow)
        id_url = f"{self.ctx.base_url}/id/{the_org['org_id']}/{the_org['user_id']}"
        issued_at = str(int(issued * 1000))
        signature = base64.b64encode(
            hmac.new(the_org["client_secret"].encode(), (id_url + issued_at).encode(), hashlib.sha256).digest()
        ).decode()
        return {
            "access_token": token,
            "signature": signature,
            "scope": " ".join(granted),
            "instance_url": self.ctx.base_url,
            "id": id_url,
            "token_type": "Bearer",
            "issued_at": issued_at,
        }

    # -- identity URL ----------------------------------------------------------------------
    async def identity(self, request: Request) -> Response:
        """The ``id`` URL of the token response: who the token belongs to."""
        token = tokens.bearer(request.headers.get("authorization")) or request.query_params.get("oauth_token")
        session = tokens.lookup_access(self.ctx, token)
        the_org = org(self.ctx)
        if (session is None or request.path_params["org_id"] != the_org["org_id"]
                or request.path_params["user_id"] != the_org["user_id"]):
            return PlainTextResponse("Bad_OAuth_Token", status_code=403)
        base, version = self.ctx.base_url, "{version}"
        return JSONResponse({
            "id": f"{base}/id/{the_org['org_id']}/{the_org['user_id']}",
            "asserted_user": True,
            "user_id": the_org["user_id"],
            "organization_id": the_org["org_id"],
            "username": the_org["username"],
            "nick_name": the_org["username"].split("@")[0],
            "display_name": "Integration User",
            "email": the_org["username"],
            "active": bool(the_org.get("user_active", True)),
            "user_type": "STANDARD",
            "language": "en_US",
            "locale": "en_US",
            "utcOffset": 0,
            "urls": {
                "rest": f"{base}/services/data/v{version}/",
                "sobjects": f"{base}/services/data/v{version}/sobjects/",
                "query": f"{base}/services/data/v{version}/query/",
                "tooling_rest": f"{base}/services/data/v{version}/tooling/",
                "tooling_soap": f"{base}/services/Soap/T/{version}/{the_org['org_id']}",
            },
            "is_app_installed": True,
        })
