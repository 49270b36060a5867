"""The generic Pulumi program behind the root ``Pulumi.yaml``.

Until schema files drive it, a stack names the example programs it provisions in
``activity-schemas:examples`` (a list of folder names under ``examples/``).
"""

from __future__ import annotations

import runpy

import pulumi

from activity_schemas.engine import REPO_ROOT


def main() -> None:
    config = pulumi.Config("activity-schemas")
    examples: list[str] = config.get_object("examples") or []  # type: ignore[assignment]
    for name in examples:
        program = REPO_ROOT / "examples" / name / "__main__.py"
        if not program.exists():
            raise ValueError(f"activity-schemas:examples names {name!r}, but {program} does not exist")
        runpy.run_path(str(program), run_name=f"examples.{name}")
