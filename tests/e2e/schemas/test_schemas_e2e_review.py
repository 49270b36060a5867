"""`review` on a schema-driven stack, through the real engine, against golden Markdown."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from activity_schemas.kinds import resource_kinds
from activity_schemas.review import collect, render

pytestmark = pytest.mark.e2e

GOLDEN = Path(__file__).parent / "golden"
PROGRAM = "from activity_schemas.program import main\nmain()\n"

BASE = """\
accountEngagement:
  extensions:
    - developerName: Webinar_Service
      masterLabel: Webinar Service
      businessUnit: HappyHomeTX
      activityTypes:
        - {developerName: registered, masterLabel: Registered}
marketo:
  customActivityTypes:
    - apiName: attendConference
      name: Attend Conference
      triggerName: Attends Conference
      filterName: Attended Conference
      primaryAttribute: {apiName: conferenceName, name: Conference Name}
      attributes:
        - {apiName: badgeNumber, name: Badge Number, dataType: integer}
        - {apiName: company, name: Company, dataType: string}
eloqua:
  externalAssetTypes:
    - name: Tradeshow
      activityTypes: [Registered, Attended, Viewed a Demo]
      assets: [Tradeshow 2021, Tradeshow 2022]
"""

# A relabel and an activation; a Marketo attribute removed and one added; an Eloqua activity type
# removed (confirmed) and an asset removed.
CHANGED = """\
accountEngagement:
  extensions:
    - developerName: Webinar_Service
      masterLabel: Webinar Platform
      businessUnit: HappyHomeTX
      active: true
      activityTypes:
        - {developerName: registered, masterLabel: Registered}
marketo:
  customActivityTypes:
    - apiName: attendConference
      name: Attend Conference
      triggerName: Attends Conference
      filterName: Attended Conference
      primaryAttribute: {apiName: conferenceName, name: Conference Name}
      attributes:
        - {apiName: badgeNumber, name: Badge Number, dataType: integer}
        - {apiName: city, name: City, dataType: string}
eloqua:
  externalAssetTypes:
    - name: Tradeshow
      activityTypes: [Registered, Attended]
      allowActivityTypeRemoval: true
      assets: [Tradeshow 2021]
"""


def _review(stack: Any) -> str:
    preview = stack.preview_json()
    return render("test", collect(preview, resource_kinds()))


def test_review_of_a_schema_change_matches_the_golden_report(
    pulumi_stack: Any, control: Any, tmp_path: Path
) -> None:
    schema = tmp_path / "schema.yaml"
    schema.write_text(BASE)
    stack = pulumi_stack(PROGRAM, config={"activity-schemas:schemas": json.dumps([str(schema)])})
    stack.up()
    assert _review(stack) == (GOLDEN / "review_schema_no_changes.md").read_text()
    schema.write_text(CHANGED)
    report = _review(stack)
    assert report == (GOLDEN / "review_schema_changes.md").read_text()
