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


@dataclass
class StackConfig:
    name: str
    file: Path
    config: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.config.get(f"{NAMESPACE}:{key}", default)

    @property
    def schema_files(self) -> list[Path]:
        return [resolve_schema_path(p) for p in self.get("schemas") or []]


def resolve_schema_path(path: str | Path, base: Path = STACKS_DIR) -> Path:
    candidate = Path(path)
    return candidate if candidate.is_absolute() else (base / candidate)


def read_stack(name: str, stacks_dir: Path = STACKS_DIR) -> StackConfig:
    file = stacks_dir / f"Pulumi.{name}.yaml"
    if not file.exists():
        known = ", ".join(s.name for s in all_stacks(stacks_dir)) or "none"
        raise FileNotFoundError(f"no stack {name!r}: {file} does not exist (stacks: {known})")
    doc = yaml.safe_load(file.read_text()) or {}
    return StackConfig(name, file, dict(doc.get("config") or {}))


def all_stacks(stacks_dir: Path = STACKS_DIR) -> list[StackConfig]:
    return [
        read_stack(path.name[len("Pulumi."):-len(".yaml")], stacks_dir)
        for path in sorted(stacks_dir.glob("Pulumi.*.yaml"))
    ]
