"""Helpers of the drift end-to-end tests: a schema-driven stack on the sandbox."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from activity_schemas.engine import Stack

PROGRAM = "from activity_schemas.program import main\nmain()\n"

ELOQUA_SCHEMA = """\
eloqua:
  externalAssetTypes:
    - name: Tradeshow
      activityTypes: [Registered, Attended, Viewed a Demo]
      assets: [Tradeshow 2021]
"""


def schema_stack(pulumi_stack: Any, tmp_path: Path, text: str, *, name: str = "schema.yaml",
                 config: dict[str, str] | None = None) -> tuple[Stack, Path]:
    schema = tmp_path / name
    schema.write_text(text)
    settings = {"activity-schemas:schemas": json.dumps([str(schema)])}
    settings.update(config or {})
    return pulumi_stack(PROGRAM, config=settings), schema


def state_of(control: Any, vendor: str, kind: str) -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = control.state(vendor).get(f"{vendor}/{kind}", [])
    return docs
