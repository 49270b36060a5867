"""Where connection settings come from: stack config first, then the environment.

Read once per provider process in ``configure``; kept in each vendor's connection registry
(module state), never on a provider instance, so nothing of it is pickled into Pulumi state.
For the ``local`` stack the settings come from the sandbox's ``endpoints.json``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from providers.core.errors import ConfigurationError
from providers.core.redact import register_secret

SANDBOX_ENDPOINTS_KEY = "activity-schemas:sandboxEndpoints"
SANDBOX_ENDPOINTS_ENV = "ACTIVITY_SCHEMAS_SANDBOX_ENDPOINTS"


class ConfigSource:
    """Looks up ``namespace:key`` in the stack config, then ``NAMESPACE_KEY`` in the environment.

    ``raw`` is the stack config as the dynamic-provider server hands it over (fully qualified
    keys), or anything with a ``get(key)`` method such as ``pulumi.dynamic.Config``.
    """

    def __init__(self, raw: Any = None, env: Mapping[str, str] | None = None) -> None:
        self._raw = raw if raw is not None else {}
        self._env = env if env is not None else os.environ

    def get(self, namespace: str, key: str, *, secret: bool = False) -> str | None:
        value = self._raw.get(f"{namespace}:{key}")
        if value is None:
            value = self._env.get(env_name(namespace, key))
        if value is None:
            return None
        text = str(value)
        if secret:
            register_secret(text)
        return text

    def require(self, namespace: str, key: str, *, secret: bool = False) -> str:
        value = self.get(namespace, key, secret=secret)
        if value is None:
            how = "--secret " if secret else ""
            raise ConfigurationError(
                f"missing setting {namespace}:{key}: set it with `pulumi config set {how}{namespace}:{key} ...` "
                f"or the environment variable {env_name(namespace, key)}"
            )
        return value

    def sandbox_endpoints(self) -> dict[str, Any] | None:
        """The sandbox's endpoints.json when this stack targets the sandbox, else None."""
        path = self._raw.get(SANDBOX_ENDPOINTS_KEY) or self._env.get(SANDBOX_ENDPOINTS_ENV)
        if not path:
            return None
        file = Path(str(path))
        if not file.is_absolute():
            file = Path.cwd() / file
        try:
            doc: dict[str, Any] = json.loads(file.read_text())
        except FileNotFoundError:
            raise ConfigurationError(
                f"{SANDBOX_ENDPOINTS_KEY} names {file}, which does not exist: start the sandbox "
                "(`activity-schemas sandbox serve --data-dir ...`) or `make demo`"
            ) from None
        _register_sandbox_secrets(doc)
        return doc


def env_name(namespace: str, key: str) -> str:
    """``accountEngagement:baseUrl`` -> ``ACCOUNT_ENGAGEMENT_BASE_URL``."""
    return f"{_snake(namespace)}_{_snake(key)}".upper().replace("-", "_")


def _snake(key: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in key).lstrip("_")


def _register_sandbox_secrets(doc: Mapping[str, Any]) -> None:
    for vendor in doc.values():
        if isinstance(vendor, Mapping):
            for name in ("client_secret", "password", "refresh_token"):
                value = vendor.get(name)
                if isinstance(value, str):
                    register_secret(value)
