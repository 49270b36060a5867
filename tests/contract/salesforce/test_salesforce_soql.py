"""Tooling query (§3): the SOQL subset, its errors, and paging with ``nextRecordsUrl``."""

from __future__ import annotations

import pytest
from sf_contract_helpers import SalesforceClient

from sandbox.controlclient import SandboxControl

pytestmark = pytest.mark.contract


def _make_extensions(sf: SalesforceClient, n: int) -> list[str]:
    return [sf.created_id("MarketingAppExtension", {"MasterLabel": f"Ext {i}", "DeveloperName": f"Ext_{i:02d}",
                                                    "IsActive": i % 2 == 0}) for i in range(n)]


def test_business_units_query_shape(sf: SalesforceClient) -> None:
    response = sf.query("SELECT Id, PardotTenantName, CreationStatus FROM PardotTenant ORDER BY PardotTenantName")
    assert response.status_code == 200
    body = response.json()
    assert {k: body[k] for k in ("size", "totalSize", "done", "queryLocator", "entityTypeName")} == {
        "size": 2, "totalSize": 2, "done": True, "queryLocator": None, "entityTypeName": "PardotTenant"}
    units = sf.ep["business_units"]
    assert body["records"] == [
        {"attributes": {"type": "PardotTenant",
                        "url": f"/services/data/v67.0/tooling/sobjects/PardotTenant/{units[name]}"},
         "Id": units[name], "PardotTenantName": name, "CreationStatus": "Created"}
        for name in ("HappyHomeTX", "PardotTenant")
    ]
    assert all(i.startswith("0Uv") and len(i) == 18 for i in units.values())


def test_where_and_in_order_limit(sf: SalesforceClient) -> None:
    ids = _make_extensions(sf, 6)
    names = lambda r: [x["DeveloperName"] for x in r.json()["records"]]  # noqa: E731
    one = sf.query("SELECT DeveloperName FROM MarketingAppExtension WHERE DeveloperName = 'ext_03'")
    assert names(one) == ["Ext_03"]
    both = sf.query("SELECT DeveloperName FROM MarketingAppExtension WHERE IsActive = true AND "
                    "DeveloperName IN ('Ext_00','Ext_01','Ext_02') ORDER BY DeveloperName DESC")
    assert names(both) == ["Ext_02", "Ext_00"]
    limited = sf.query("select developername from marketingappextension order by DeveloperName desc limit 2")
    assert names(limited) == ["Ext_05", "Ext_04"]
    by_id = sf.query(f"SELECT Id FROM MarketingAppExtension WHERE Id = '{ids[1][:15]}'")  # noqa: S608
    assert [r["Id"] for r in by_id.json()["records"]] == [ids[1]]
    ored = sf.query("SELECT Id FROM MarketingAppExtension WHERE DeveloperName = 'Ext_00' OR DeveloperName = 'Ext_05'")
    assert ored.json()["totalSize"] == 2
    not_in = sf.query("SELECT Id FROM MarketingAppExtension WHERE DeveloperName NOT IN ('Ext_00') AND IsActive = false")
    assert not_in.json()["totalSize"] == 3
    like = sf.query("SELECT Id FROM MarketingAppExtension WHERE MasterLabel LIKE 'ext _'")
    assert like.json()["totalSize"] == 6
    count = sf.query("SELECT COUNT() FROM MarketingAppExtension WHERE IsActive = true").json()
    assert (count["totalSize"], count["records"], count["done"]) == (3, [], True)


def test_child_lookups(sf: SalesforceClient) -> None:
    setup = sf.webinar()
    by_extension = f"WHERE MarketingAppExtensionId = '{setup['extension']}'"
    acts = sf.query(" ".join(["SELECT Id, DeveloperName, IsActive FROM MarketingAppExtActivity", by_extension])).json()
    assert [r["Id"] for r in acts["records"]] == [setup["activity"]]
    asg = sf.query(" ".join(["SELECT Id, ParentId FROM MarketingAppExtAssignment", by_extension])).json()
    assert asg["records"][0]["ParentId"] == setup["business_unit"]


@pytest.mark.parametrize(
    ("soql", "code"),
    [
        ("SELECT FROM PardotTenant", "MALFORMED_QUERY"),
        ("SELECT Id PardotTenant", "MALFORMED_QUERY"),
        ("SELECT Id FROM PardotTenant WHERE", "MALFORMED_QUERY"),
        ("SELECT Id FROM PardotTenant LIMIT x", "MALFORMED_QUERY"),
        ("SELECT Id FROM PardotTenant GROUP BY Id", "MALFORMED_QUERY"),
        ("SELECT Id FROM MarketingAppExtension WHERE IsActive = true AND MasterLabel = 'a' OR MasterLabel = 'b'",
         "MALFORMED_QUERY"),
        ("SELECT Id FROM Account", "INVALID_TYPE"),
        ("SELECT Nope FROM PardotTenant", "INVALID_FIELD"),
        ("SELECT MarketingAppExtension.DeveloperName FROM MarketingAppExtActivity", "INVALID_FIELD"),
        ("SELECT Id FROM MarketingAppExtension WHERE IsActive = 'true'", "INVALID_FIELD"),
        ("SELECT Id FROM MarketingAppExtension WHERE Description = 'x'", "INVALID_FIELD"),
        ("SELECT Id FROM MarketingAppExtension WHERE Id = 'nope'", "INVALID_QUERY_FILTER_OPERATOR"),
        ("", "MALFORMED_QUERY"),
    ],
)
def test_query_errors(sf: SalesforceClient, soql: str, code: str) -> None:
    response = sf.query(soql)
    assert response.status_code == 400
    assert sf.error(response)["errorCode"] == code


def test_query_without_q(sf: SalesforceClient) -> None:
    response = sf.call("GET", "/query/")
    assert sf.error(response) == {"errorCode": "MALFORMED_QUERY", "message": "A query string has to be specified"}


def test_paging_with_small_batch_size(sf: SalesforceClient, control: SandboxControl) -> None:
    _make_extensions(sf, 7)
    control.settings("salesforce", query_batch_size=3)
    sf.version = "60.0"
    first = sf.query("SELECT Id, DeveloperName FROM MarketingAppExtension ORDER BY DeveloperName").json()
    assert (first["done"], first["totalSize"], len(first["records"])) == (False, 7, 3)
    assert first["nextRecordsUrl"].startswith("/services/data/v60.0/tooling/query/01g")
    assert first["nextRecordsUrl"].endswith("-3")
    seen = [r["DeveloperName"] for r in first["records"]]
    page = first
    pages = 1
    while not page["done"]:
        page = sf.call("GET", f"{sf.base}{page['nextRecordsUrl']}").json()
        seen += [r["DeveloperName"] for r in page["records"]]
        pages += 1
    assert pages == 3 and "nextRecordsUrl" not in page
    assert seen == [f"Ext_{i:02d}" for i in range(7)]
    assert page["records"][0]["attributes"]["url"].startswith("/services/data/v60.0/")


def test_batch_size_header_and_bad_locator(sf: SalesforceClient) -> None:
    _make_extensions(sf, 3)
    unbounded = sf.query("SELECT Id FROM MarketingAppExtension", headers={"Sforce-Query-Options": "batchSize=200"})
    assert unbounded.json()["done"] is True  # 200 is the smallest batch Salesforce honours
    bad = sf.call("GET", "/query/01gAAAAAAAAAAAAAAA-2000")
    assert (bad.status_code, sf.error(bad)["errorCode"]) == (400, "INVALID_QUERY_LOCATOR")
