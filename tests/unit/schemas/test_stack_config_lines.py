"""Stack-config problems name the file and the line of the key, like schema-file problems."""

from __future__ import annotations

from pathlib import Path

import yaml

from activity_schemas.stack_check import check_stack_config, located

STACK = """\
encryptionsalt: v1:abc
config:
  activity-schemas:schemas: [schemas/examples.yaml]
  activity-schemas:activte: true
  marketo:clientSecret: plain-text-secret-123
"""


def test_problems_carry_the_line_of_their_key_and_never_the_value(tmp_path: Path) -> None:
    file = tmp_path / "Pulumi.prod.yaml"
    file.write_text(STACK)
    problems = check_stack_config(yaml.safe_load(STACK)["config"], {"marketo"})
    lines = located(file, problems)
    assert f"{file}:4: activity-schemas:activte: unknown setting" in "\n".join(lines)
    assert any(line.startswith(f"{file}:5: marketo:clientSecret: a secret") for line in lines), lines
    # a vendor setting that is missing altogether points at `config:` itself
    assert all(line.startswith(f"{file}:") and line.split(":")[1].isdigit() for line in lines), lines
    assert "plain-text-secret-123" not in "\n".join(lines)


def test_an_unreadable_file_still_names_file_and_key(tmp_path: Path) -> None:
    file = tmp_path / "Pulumi.gone.yaml"
    [line] = located(file, check_stack_config({"activity-schemas:activte": True}))
    assert line.startswith(f"{file}: activity-schemas:activte: ")
