"""A drift run on a stack of 50 resources: one read per resource, at most one token per vendor."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from drift_helpers import schema_stack

from activity_schemas.drift_cmd import check

pytestmark = pytest.mark.e2e

TYPES = 25  # each with one asset: 50 resources


def _schema() -> str:
    lines = ["eloqua:", "  externalAssetTypes:"]
    for n in range(TYPES):
        lines.append(f"    - {{name: Show {n:02d}, activityTypes: [Registered, Attended], "
                     f"assets: [Show {n:02d} 2021]}}")
    return "\n".join(lines) + "\n"


def test_fifty_resources_one_read_each(pulumi_stack: Any, control: Any, tmp_path: Path) -> None:
    stack, schema = schema_stack(pulumi_stack, tmp_path, _schema())
    stack.up()
    assert len(stack.resources()) == 2 * TYPES
    mark = control.mark()
    text, code = check(stack, [schema])
    assert code == 0, text
    calls = control.calls(since=mark)
    assert [c for c in calls if c["write"] and "token" not in c["path"]] == []
    by_endpoint = Counter((c["vendor"], c["endpoint"]) for c in calls)
    assert by_endpoint == Counter({
        # the refresh of the state's copy: one read per resource
        ("eloqua", "GET /api/REST/2.0/assets/external/type/{id}"): TYPES,
        ("eloqua", "GET /api/REST/2.0/assets/external/{id}"): TYPES,
        # base URL discovery, once per process (the provider's and drift's own)
        ("eloqua", "GET /id"): 2,
        # unmanaged objects: list calls only, whatever the number of objects
        ("eloqua", "GET /api/REST/2.0/assets/external/types"): 1,
        ("eloqua", "GET /api/REST/2.0/assets/externals"): 1,
        ("marketo", "GET /identity/oauth/token"): 1,
        ("marketo", "GET /rest/v1/activities/external/types.json"): 1,
        ("salesforce", "POST /services/oauth2/token"): 1,
        ("salesforce", "GET /services/data/{version}/tooling/query"): 4,
    })
    reads = [c["path"] for c in calls if c["endpoint"].endswith("{id}")]
    assert len(set(reads)) == len(reads) == 2 * TYPES  # every resource read once, none twice
