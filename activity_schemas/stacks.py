"""The stacks of the project: one ``stacks/Pulumi.<stack>.yaml`` per org/environment.

A stack names its schema files in ``activity-schemas:schemas`` (paths relative to ``stacks/``) and
may override per-stack settings (``activity-schemas:activate``, ``activity-schemas:adopt``...), so
one schema can serve the sandbox org (inactive) and production (active).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from activity_schemas.engine import REPO_ROOT

STACKS_DIR = REPO_ROOT / "stacks"
NAMESPACE = "activity-schemas"


class StackFileError(ValueError):
    """A stack file that cannot be read as stack config; the message names the file and the rule."""


@dataclass
class StackConfig:
    name: str
    file: Path
    config: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.config.get(f"{NAMESPACE}:{key}", default)

    @property
    def schema_files(self) -> list[Path]:
        schemas = self.get("schemas") or []
        return [resolve_schema_path(p) for p in schemas if isinstance(p, str)] if isinstance(schemas, list) else []


def resolve_schema_path(path: str | Path, base: Path = STACKS_DIR) -> Path:
    candidate = Path(path)
    return candidate if candidate.is_absolute() else (base / candidate)


def read_stack(name: str, stacks_dir: Path = STACKS_DIR) -> StackConfig:
    file = stacks_dir / f"Pulumi.{name}.yaml"
    if not file.exists():
        known = ", ".join(s.name for s in all_stacks(stacks_dir)) or "none"
        raise FileNotFoundError(f"no stack {name!r}: {file} does not exist (stacks: {known})")
    try:
        doc = yaml.safe_load(file.read_text()) or {}
    except yaml.YAMLError as error:
        raise StackFileError(f"{file}: not valid YAML: {error}") from None
    config = doc.get("config") if isinstance(doc, dict) else None
    if not isinstance(doc, dict) or not isinstance(config or {}, dict):
        raise StackFileError(f"{file}: config: must be a mapping of settings (see docs/schemas.md)")
    return StackConfig(name, file, dict(config or {}))


def all_stacks(stacks_dir: Path = STACKS_DIR) -> list[StackConfig]:
    return [
        read_stack(path.name[len("Pulumi."):-len(".yaml")], stacks_dir)
        for path in sorted(stacks_dir.glob("Pulumi.*.yaml"))
    ]
