"""Every validation rule with a bad file: the message names the file, the line, the field, the rule."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from activity_schemas.cli import main
from activity_schemas.validation import validate_files

GOOD = """\
accountEngagement:
  extensions:
    - developerName: Webinar_Service
      masterLabel: Webinar Service
      businessUnit: HappyHomeTX
      activityTypes:
        - developerName: Registered
          masterLabel: Registered
marketo:
  customActivityTypes:
    - apiName: attendConference
      name: Attend Conference
      triggerName: Attends Conference
      filterName: Attended Conference
      primaryAttribute: {apiName: conferenceName, name: Conference Name}
      attributes:
        - {apiName: badgeNumber, name: Badge Number, dataType: integer}
eloqua:
  externalAssetTypes:
    - name: Tradeshow
      activityTypes: [Registered, Attended, Viewed a Demo]
      assets: [Tradeshow 2021]
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def test_good_file_has_no_problem(tmp_path: Path) -> None:
    loaded, problems = validate_files([_write(tmp_path, "good.yaml", GOOD)])
    assert problems == [] and len(loaded) == 1


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "rule"),
    [
        ("developerName: Webinar_Service", "developerName: Webinar__Service", 3,
         "accountEngagement.extensions[0].developerName", "no two underscores in a row"),
        ("developerName: Webinar_Service", "developerName: 9Webinar", 3,
         "accountEngagement.extensions[0].developerName", "must start with a letter"),
        ("developerName: Webinar_Service", "developerName: " + "W" * 41, 3,
         "accountEngagement.extensions[0].developerName", "at most 40 characters"),
        ("      masterLabel: Webinar Service\n", "", 3,
         "accountEngagement.extensions[0].masterLabel", "Field required"),
        ("        - developerName: Registered\n          masterLabel: Registered\n", "        []\n", 6,
         "accountEngagement.extensions[0].activityTypes", "at least 1 item"),
        ("apiName: attendConference", "apiName: attend-conference", 11,
         "marketo.customActivityTypes[0].apiName", "alphanumeric"),
        ("dataType: integer", "dataType: number", 17,
         "marketo.customActivityTypes[0].attributes[0].dataType", "'string', 'boolean'"),
        ("activityTypes: [Registered, Attended, Viewed a Demo]", "activityTypes: [Registered, registered]", 21,
         "eloqua.externalAssetTypes[0].activityTypes", "appears twice"),
        ("eloqua:", "eloqua:\n  surprise: 1", 19, "eloqua.surprise", "Extra inputs are not permitted"),
        ("assets: [Tradeshow 2021]", "assets: [Tradeshow 2021, {name: tradeshow 2021, description: x}]", 22,
         "eloqua.externalAssetTypes[0].assets", "appears twice"),
        ("assets: [Tradeshow 2021]", "assets: [{name: Tradeshow 2021, description: " + "x" * 2001 + "}]", 22,
         "eloqua.externalAssetTypes[0].assets[0].description", "at most 2000 characters"),
        ("assets: [Tradeshow 2021]", "assets: [{name: Tradeshow 2021, descripton: x}]", 22,
         "eloqua.externalAssetTypes[0].assets[0].descripton", "Extra inputs are not permitted"),
        ("    - name: Tradeshow\n", "    - name: Tradeshow\n      description: " + "x" * 2001 + "\n", 21,
         "eloqua.externalAssetTypes[0].description", "at most 2000 characters"),
        # the providers' Eloqua name rules, before any API call
        ("    - name: Tradeshow\n", "    - name: ' Tradeshow'\n", 20,
         "eloqua.externalAssetTypes[0].name", "must not start or end with spaces"),
        ("activityTypes: [Registered, Attended, Viewed a Demo]", 'activityTypes: [Registered, "Att\\x01ended"]', 21,
         "eloqua.externalAssetTypes[0].activityTypes[1]", "control characters"),
        ("assets: [Tradeshow 2021]", "assets: ['Tradeshow 2021 ']", 22,
         "eloqua.externalAssetTypes[0].assets[0].name", "must not start or end with spaces"),
        ("    - name: Tradeshow\n", "    - name: " + "T" * 101 + "\n", 20,
         "eloqua.externalAssetTypes[0].name", "at most 100 characters"),
    ],
)
def test_rule_violation_is_located(tmp_path: Path, old: str, new: str, line: int, field: str, rule: str) -> None:
    assert old in GOOD
    path = _write(tmp_path, "bad.yaml", GOOD.replace(old, new, 1))
    _, problems = validate_files([path])
    assert problems, "the bad file must be refused"
    matching = [p for p in problems if p.field == field]
    assert matching, f"no problem on {field}: {[str(p) for p in problems]}"
    assert rule in matching[0].rule
    assert matching[0].line == line
    assert str(matching[0]).startswith(f"{path}:{line}: {field}: ")


def test_more_than_20_attributes(tmp_path: Path) -> None:
    attributes = "".join(f"        - {{apiName: a{i}, name: A {i}, dataType: string}}\n" for i in range(21))
    text = GOOD.replace("        - {apiName: badgeNumber, name: Badge Number, dataType: integer}\n", attributes)
    _, problems = validate_files([_write(tmp_path, "many.yaml", text)])
    assert [p.field for p in problems] == ["marketo.customActivityTypes[0].attributes"]
    assert "0-20 secondary attributes" in problems[0].rule and problems[0].line == 16


def test_duplicates_across_files_name_both_places(tmp_path: Path) -> None:
    first = _write(tmp_path, "one.yaml", GOOD)
    second = _write(tmp_path, "two.yaml", GOOD.replace("Attends Conference", "Other trigger"))
    _, problems = validate_files([first, second])
    messages = [str(p) for p in problems]
    assert any(m.startswith(f"{second}:3: accountEngagement.extensions[0].developerName: extension developerName "
                            f"'Webinar_Service' is already declared at {first}:3") for m in messages), messages
    assert any("Marketo apiName 'attendConference'" in m for m in messages)
    assert any("Marketo filterName" in m for m in messages)
    assert not any("Marketo triggerName" in m for m in messages)
    assert any("Eloqua external asset type name 'Tradeshow'" in m for m in messages)
    assert any("Eloqua external asset name 'Tradeshow 2021'" in m for m in messages)


def test_activity_type_names_unique_in_the_org(tmp_path: Path) -> None:
    text = GOOD.replace(
        "        - developerName: Registered\n          masterLabel: Registered\n",
        "        - developerName: Registered\n          masterLabel: Registered\n"
        "        - developerName: registered\n          masterLabel: Again\n",
    )
    _, problems = validate_files([_write(tmp_path, "dup.yaml", text)])
    assert [(p.line, p.field) for p in problems] == [
        (9, "accountEngagement.extensions[0].activityTypes[1].developerName")
    ]


def test_more_than_10_marketo_types_in_a_stack(tmp_path: Path) -> None:
    files = []
    for i in range(11):
        text = (GOOD.replace("attendConference", f"attendConference{i}")
                .replace("Attends Conference", f"Attends Conference {i}")
                .replace("Attended Conference", f"Attended Conference {i}"))
        files.append(_write(tmp_path, f"m{i}.yaml", text.split("eloqua:")[0].split("marketo:")[1].join(
            ["marketo:", ""])))
    _, problems = validate_files(files)
    assert any("11 custom activity types declared" in p.rule for p in problems), [str(p) for p in problems]


def test_not_yaml_and_duplicate_keys(tmp_path: Path) -> None:
    _, problems = validate_files([_write(tmp_path, "broken.yaml", "marketo: [\n")])
    assert problems[0].file.endswith("broken.yaml") and "not valid YAML" in problems[0].rule
    _, problems = validate_files([_write(tmp_path, "dupkey.yaml", "marketo: {}\nmarketo: {}\n")])
    assert problems[0].line == 2 and "duplicate key 'marketo'" in problems[0].rule


def test_cli_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = _write(tmp_path, "good.yaml", GOOD)
    assert main(["validate", str(good)]) == 0
    bad = _write(tmp_path, "bad.yaml", GOOD.replace("Webinar_Service", "Webinar__Service"))
    assert main(["validate", str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:3: accountEngagement.extensions[0].developerName:" in out
