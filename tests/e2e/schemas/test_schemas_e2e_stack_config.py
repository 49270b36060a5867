"""Bad stack settings stop `pulumi up` in the program, naming the key, before any API call."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.e2e

PROGRAM = "from activity_schemas.program import main\nmain()\n"
SCHEMA = """\
marketo:
  customActivityTypes:
    - apiName: stackCheckConference
      name: Stack Check Conference
      triggerName: Attends Stack Check
      filterName: Attended Stack Check
      primaryAttribute: {apiName: conferenceName, name: Conference}
"""


def test_a_typo_and_a_plaintext_secret_stop_the_run_before_any_call(pulumi_stack: Any, control: Any,
                                                                   tmp_path: Path) -> None:
    schema = tmp_path / "schema.yaml"
    schema.write_text(SCHEMA)
    stack = pulumi_stack(PROGRAM, config={"activity-schemas:schemas": json.dumps([str(schema)])})
    stack.set_config("activity-schemas:activte", "true")
    # the engine asks for --plaintext to store it so; someone can still do it (or edit the file)
    stack.run("config", "set", "--plaintext", "marketo:clientSecret", "plain-text-secret-123")
    mark = control.mark()
    result = stack.up(check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "activity-schemas:activte: unknown setting" in output
    assert "marketo:clientSecret: a secret: set it with `pulumi config set --secret marketo:clientSecret`" in output
    assert "plain-text-secret-123" not in output
    assert control.calls(since=mark) == []
    assert stack.resources() == []
