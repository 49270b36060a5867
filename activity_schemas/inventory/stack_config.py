"""A stack's configuration as the providers see it (``namespace:key`` -> value, secrets decrypted).

Read with ``pulumi config --json --show-secrets`` so that every backend and secrets provider works
the same; the values stay in this process's memory (secrets are registered for redaction) and
are never written anywhere.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from activity_schemas.engine import Stack
from providers.core.config import SANDBOX_ENDPOINTS_KEY
from providers.core.redact import register_secret


def raw_config(stack: Stack) -> dict[str, Any]:
    result = stack.run("config", "--json", "--show-secrets")
    doc: dict[str, Any] = json.loads(result.stdout or "{}")
    raw: dict[str, Any] = {}
    for key, item in doc.items():
        value = item.get("objectValue", item.get("value")) if isinstance(item, dict) else item
        if isinstance(item, dict) and item.get("secret") and isinstance(value, str):
            register_secret(value)
        raw[key] = value if isinstance(value, str) or value is None else json.dumps(value)
    endpoints = raw.get(SANDBOX_ENDPOINTS_KEY)
    if isinstance(endpoints, str) and not Path(endpoints).is_absolute():
        raw[SANDBOX_ENDPOINTS_KEY] = str(Path(stack.project_dir) / endpoints)  # the providers' cwd
    return raw
