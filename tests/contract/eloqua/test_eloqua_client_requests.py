"""What the Eloqua clients send validates against the OpenAPI file's request bodies."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import requests
from eloqua_openapi import validate_request
from requests.adapters import HTTPAdapter

from providers.eloqua import connection
from providers.eloqua.activity import ActivitySubmitter, ExternalActivity
from providers.eloqua.asset import ExternalAssetProvider
from providers.eloqua.asset_type import ExternalAssetTypeProvider
from providers.eloqua.settings import settings_from_endpoints

pytestmark = pytest.mark.contract
TEMPLATES = [
    (re.compile(r"^/api/REST/2\.0/assets/external/type/\d+$"), "/api/REST/2.0/assets/external/type/{id}"),
    (re.compile(r"^/api/REST/2\.0/assets/external/type$"), "/api/REST/2.0/assets/external/type"),
    (re.compile(r"^/api/REST/2\.0/assets/external/\d+$"), "/api/REST/2.0/assets/external/{id}"),
    (re.compile(r"^/api/REST/2\.0/assets/external$"), "/api/REST/2.0/assets/external"),
    (re.compile(r"^/api/REST/2\.0/data/activity$"), "/api/REST/2.0/data/activity"),
]


class Recording(HTTPAdapter):
    """The real transport, remembering every JSON body sent."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[tuple[str, str, Any]] = []

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        if request.body:
            path = (request.path_url or "").split("?")[0]
            self.sent.append((str(request.method), path, json.loads(request.body)))
        return super().send(request, *args, **kwargs)


def test_every_body_the_clients_send_is_documented(control: Any, sandbox: Any) -> None:
    connection.reset()
    recording = Recording()
    conn = connection.connect(settings_from_endpoints(sandbox.endpoints), transport=recording)
    types = ExternalAssetTypeProvider()
    created = types.create({"name": "Tradeshow", "description": "Offline events",
                            "activityTypes": ["Registered", "Attended"], "adopt": False})
    types.update(str(created.id), created.outs or {}, {"name": "Trade Show", "activityTypes": ["Registered",
                                                       "Attended", "Viewed a Demo"], "adopt": False})
    assets = ExternalAssetProvider()
    asset = assets.create({"name": "Tradeshow 2021", "assetTypeId": str(created.id), "adopt": False})
    assets.update(str(asset.id), asset.outs or {}, {"name": "Tradeshow 2021", "assetTypeId": str(created.id),
                                                    "description": "Berlin", "adopt": False})
    ActivitySubmitter(conn).submit(ExternalActivity(
        name="Tradeshow 2021", asset_name="Tradeshow 2021", asset_type="Trade Show", activity_type="Viewed a Demo",
        contact_id=2405, campaign_id=37, field_values=[{"type": "FieldValue", "id": "1", "value": "x"}]))
    checked = set()
    for method, path, body in recording.sent:
        template = next(t for pattern, t in TEMPLATES if pattern.match(path))
        validate_request(template, method, body)
        checked.add((method, template))
    assert checked == {
        ("POST", "/api/REST/2.0/assets/external/type"), ("PUT", "/api/REST/2.0/assets/external/type/{id}"),
        ("POST", "/api/REST/2.0/assets/external"), ("PUT", "/api/REST/2.0/assets/external/{id}"),
        ("POST", "/api/REST/2.0/data/activity"),
    }
