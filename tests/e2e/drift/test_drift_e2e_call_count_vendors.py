"""Call counts of a drift run over every vendor's resource kinds (the example schema, 7 resources)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from drift_helpers import schema_stack

from activity_schemas.drift_cmd import check
from activity_schemas.engine import REPO_ROOT

pytestmark = pytest.mark.e2e

SOBJECT = "GET /services/data/{version}/tooling/sobjects/{sobject}/{record_id}"
QUERY = "GET /services/data/{version}/tooling/query"


def test_every_vendor_reads_and_tokens(pulumi_stack: Any, control: Any, tmp_path: Path) -> None:
    stack, schema = schema_stack(pulumi_stack, tmp_path, (REPO_ROOT / "stacks/schemas/examples.yaml").read_text())
    stack.up()
    assert Counter(r["type"].rsplit(":", 1)[-1] for r in stack.resources()) == Counter(
        ["Extension", "ActivityType", "ExtensionAssignment", "Activation", "CustomActivityType",
         "ExternalAssetType", "ExternalAsset"])

    # Managed resources only: the refresh alone.
    mark = control.mark()
    text, code = check(stack, [schema], unmanaged=False)
    assert code == 0, text
    refresh = Counter((c["vendor"], c["endpoint"]) for c in control.calls(since=mark))
    assert refresh == Counter({
        ("eloqua", "GET /api/REST/2.0/assets/external/type/{id}"): 1,
        ("eloqua", "GET /api/REST/2.0/assets/external/{id}"): 1,
        ("eloqua", "GET /id"): 1,
        ("marketo", "GET /identity/oauth/token"): 1,
        ("marketo", "GET /rest/v1/activities/external/type/{apiName}/describe.json"): 1,
        ("salesforce", "POST /services/oauth2/token"): 1,
        # Extension, ActivityType, ExtensionAssignment: one record each; Activation: the extension
        # and each of its activity types (1 + 1); the assignment's business unit name: one query.
        ("salesforce", SOBJECT): 5,
        ("salesforce", QUERY): 1,
    })

    # With the unmanaged search: list calls, from drift's own process. Its tokens are handed to the
    # refresh's provider process, so the whole run still requests one token per OAuth vendor.
    mark = control.mark()
    text, code = check(stack, [schema])
    assert code == 0, text
    full = Counter((c["vendor"], c["endpoint"]) for c in control.calls(since=mark))
    assert full - refresh == Counter({
        ("eloqua", "GET /api/REST/2.0/assets/external/types"): 1,
        ("eloqua", "GET /api/REST/2.0/assets/externals"): 1,
        ("eloqua", "GET /id"): 1,
        ("marketo", "GET /rest/v1/activities/external/types.json"): 1,
        ("salesforce", QUERY): 4,
    })
    tokens = [c for c in control.calls(since=mark) if "token" in c["endpoint"]]
    assert sorted(c["vendor"] for c in tokens) == ["marketo", "salesforce"]
