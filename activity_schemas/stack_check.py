"""Offline checks of a stack's config (``stacks/Pulumi.<stack>.yaml``): names the key and the rule.

Run by ``activity-schemas validate`` and by the program before it declares anything, so a typo in
``activity-schemas:activate`` or a client secret committed in plain text stops the run before any
API call. Vendor settings are checked by the vendors' own settings parsers (the ones the providers
run in ``configure``), with encrypted values standing in for what only the engine can decrypt.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pydantic

from activity_schemas.stacks import NAMESPACE
from activity_schemas.yamlsource import SchemaFileError, load
from providers.core.config import SANDBOX_ENDPOINTS_ENV, ConfigSource
from providers.core.errors import ConfigurationError

ENCRYPTED = "encrypted-value"  # stands in for `secure:` values: only the engine can decrypt them
# settings a provider reads with secret=True: in a stack file they must be `pulumi config set --secret`
SECRET_SETTINGS = {
    "salesforce": ("privateKey", "clientSecret", "refreshToken"),
    "marketo": ("clientSecret",),
    "eloqua": ("password", "refreshToken", "clientSecret"),
}
# schema sections and config namespaces -> the vendor whose settings they need
VENDOR_OF = {"accountEngagement": "salesforce", "account_engagement": "salesforce"}


class StackSettings(pydantic.BaseModel):
    """The ``activity-schemas:*`` keys (see ``activity_schemas.program``)."""

    model_config = pydantic.ConfigDict(extra="forbid", strict=False)

    schemas: list[pydantic.StrictStr] | None = None
    examples: list[pydantic.StrictStr] | None = None
    activate: bool | dict[pydantic.StrictStr, bool] | None = None
    adopt: bool | None = None
    marketoApprove: bool | None = None
    sandboxEndpoints: pydantic.StrictStr | None = None


@dataclass(frozen=True)
class ConfigProblem:
    key: str
    rule: str

    def __str__(self) -> str:
        return f"{self.key}: {self.rule}"


def located(file: Path, problems: Iterable[ConfigProblem]) -> list[str]:
    """``file:line: key: rule``, the line of the key under ``config:`` (of ``config:`` itself when the
    key is not there, e.g. a missing vendor setting)."""
    try:
        _, source = load(file)
    except (OSError, SchemaFileError):
        return [f"{file}: {problem}" for problem in problems]
    return [f"{file}:{source.line_of(('config', problem.key))}: {problem}" for problem in problems]


def check_stack_config(config: Mapping[Any, Any], vendors: Iterable[str] = (),
                       env: Mapping[str, str] | None = None) -> list[ConfigProblem]:
    """Problems of one stack's ``config:`` mapping; ``vendors`` are those its schemas use."""
    if not isinstance(config, Mapping):
        return [ConfigProblem("config", f"must be a mapping of settings, got {type(config).__name__}")]
    problems: list[ConfigProblem] = []
    ours: dict[str, Any] = {}
    for key, value in config.items():
        namespace, _, name = str(key).partition(":")
        if not isinstance(key, str) or not name:
            problems.append(ConfigProblem(str(key), "a setting is named namespace:key"))
        elif namespace == NAMESPACE:
            ours[name] = value
        elif name in SECRET_SETTINGS.get(namespace, ()) and not _is_encrypted(value):
            problems.append(ConfigProblem(key, f"a secret: set it with `pulumi config set --secret {key}`, "
                                               "never in plain text"))
    problems += _our_settings(ours)
    environ = os.environ if env is None else env
    targets_sandbox = isinstance(ours.get("sandboxEndpoints"), str) or bool(environ.get(SANDBOX_ENDPOINTS_ENV))
    used = {VENDOR_OF.get(v, v) for v in vendors} | {VENDOR_OF.get(n, n) for n in
                                                     (str(k).partition(":")[0] for k in config)}
    for vendor, parse in _PARSERS.items():
        if vendor in used and not targets_sandbox:
            problems += _vendor_settings(vendor, parse, config, environ)
    return problems


def _is_encrypted(value: Any) -> bool:
    return isinstance(value, Mapping) and set(value) == {"secure"}


def _our_settings(values: dict[str, Any]) -> list[ConfigProblem]:
    try:
        StackSettings.model_validate({k: _from_text(k, v) for k, v in values.items()})
    except pydantic.ValidationError as error:
        rules: dict[str, list[str]] = {}
        for e in error.errors():
            # a union reports once per member ("activate.bool", "activate.dict[str,bool]"): one key
            path = [str(p) for p in e["loc"] if not _is_type_name(p)]
            rules.setdefault(f"{NAMESPACE}:{'.'.join(path)}", []).append(_rule(e))
        return [ConfigProblem(key, " or ".join(dict.fromkeys(found))) for key, found in rules.items()]
    return []


def _is_type_name(part: Any) -> bool:
    return isinstance(part, str) and (part in ("bool", "str", "int", "list", "dict") or "[" in part)


def _rule(error: Any) -> str:
    if error["type"] == "extra_forbidden":
        known = ", ".join(StackSettings.model_fields)
        return f"unknown setting (known: {known})"
    if error["loc"][0] == "activate":
        return "must be true, false, or a mapping of extension DeveloperName to true/false"
    return str(error["msg"])


OBJECT_SETTINGS = ("schemas", "examples", "activate")  # read with Config.get_object: JSON text allowed


def _from_text(name: str, value: Any) -> Any:
    """As the program reads it: `pulumi config set k true` stores the text "true", and
    `get_object` settings may hold JSON text (`pulumi config set k '["a.yaml"]'`)."""
    if not isinstance(value, str):
        return value
    if name in OBJECT_SETTINGS:
        try:
            return json.loads(value)
        except ValueError:
            return value
    if value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return value


def _vendor_settings(vendor: str, parse: Callable[[ConfigSource], Any], config: Mapping[Any, Any],
                     env: Mapping[str, str]) -> list[ConfigProblem]:
    raw: dict[str, Any] = {}
    for key, value in config.items():
        if not isinstance(key, str) or key.startswith(f"{NAMESPACE}:"):
            continue
        if isinstance(value, (Mapping, list)) and not _is_encrypted(value):
            return [ConfigProblem(key, "must be a single text value")]
        raw[key] = ENCRYPTED if _is_encrypted(value) else value
    raw[f"{NAMESPACE}:sandboxEndpoints"] = None  # checked above: this stack targets a real org
    try:
        parse(ConfigSource(raw, env))
    except ConfigurationError as error:
        text = str(error)
        named = re.search(rf"\b({vendor}|accountEngagement):[A-Za-z]+", text)
        key = named.group(0) if named else f"{vendor}:*"
        return [ConfigProblem(key, _without_values(text.removeprefix(f"{key}: ").removeprefix(f"{key} "), raw))]
    except (TypeError, ValueError) as error:
        return [ConfigProblem(f"{vendor}:*", _without_values(f"unreadable setting: {error}", raw))]
    return []


def _without_values(text: str, raw: Mapping[str, Any]) -> str:
    """A parser may quote what it got ("got 'abc'"); a stack file may hold a secret in the wrong
    key, so no value of it is ever repeated in a problem (quoted, as parsers echo them: a rule that
    lists the allowed words keeps them)."""
    for value in sorted((v for v in raw.values() if isinstance(v, str) and v), key=len, reverse=True):
        for quoted in (repr(value), f'"{value}"', f"'{value}'"):
            text = text.replace(quoted, "(the value given)")
    return text


def _salesforce(source: ConfigSource) -> Any:
    from providers.salesforce.settings import settings_from_config

    return settings_from_config(source)


def _marketo(source: ConfigSource) -> Any:
    from providers.marketo.connection import connection_from_config

    return connection_from_config(source)


def _eloqua(source: ConfigSource) -> Any:
    from providers.eloqua.settings import settings_from_config

    return settings_from_config(source)


_PARSERS: dict[str, Callable[[ConfigSource], Any]] = {
    "salesforce": _salesforce, "marketo": _marketo, "eloqua": _eloqua,
}


def schema_sections(schema: Any) -> list[str]:
    """The vendor sections a loaded schema file uses (``accountEngagement``, ``marketo``, ``eloqua``)."""
    return [name for name, attr in (("accountEngagement", "account_engagement"), ("marketo", "marketo"),
                                    ("eloqua", "eloqua")) if getattr(schema, attr, None)]
