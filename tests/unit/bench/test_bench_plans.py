"""The workload and the fewest calls per operation, scheduled under the issue's limits."""

from __future__ import annotations

import re

import pytest

from bench.lower_bound import VENDOR_LIMITS, analytic_bound, schedule, verify
from bench.plans import OPERATIONS, create_calls, destroy_calls, read_calls
from bench.workload import Workload

L = 0.1


def test_the_reference_workload_has_the_issue_shape() -> None:
    w = Workload()
    assert [len(x.activity_types) for x in w.ae()] == [10, 10, 10]
    assert len(w.marketo()) == 10 and all(len(t.attributes) == 20 for t in w.marketo())
    assert len(w.eloqua()) == 5 and all(len(t.activity_types) == 5 for t in w.eloqua())
    assert w.resource_counts() == {"account_engagement": 36, "marketo": 10, "eloqua": 5}


def test_names_follow_the_vendor_rules_and_are_unique() -> None:
    w = Workload().scaled_ae(4)
    ae_types = [dev for x in w.ae() for dev, _ in x.activity_types]
    developer_names = [x.developer_name for x in w.ae()] + ae_types
    assert len(set(n.lower() for n in ae_types)) == len(ae_types)  # unique org-wide
    for name in developer_names:
        assert re.fullmatch(r"[A-Za-z](?!.*__)[A-Za-z0-9_]*[A-Za-z0-9]", name) and len(name) <= 40
    for t in w.marketo():
        assert re.fullmatch(r"[A-Za-z0-9]+", t.api_name) and re.fullmatch(r"[A-Za-z0-9 _]+", t.name)
    assert len({t.trigger_name for t in w.marketo()}) == len(w.marketo())


def test_quick_is_about_a_fifth_and_keeps_twenty_attributes() -> None:
    quick = Workload().quick()
    assert quick.resource_counts() == {"account_engagement": 12, "marketo": 2, "eloqua": 1}
    assert all(len(t.attributes) == 20 for t in quick.marketo())


def test_scaling_multiplies_only_the_account_engagement_part() -> None:
    w = Workload().only(("account_engagement",))
    assert [w.scaled_ae(f).resources for f in (1, 2, 4)] == [36, 72, 144]
    assert Workload().scaled_ae(2).resource_counts()["marketo"] == 10


def test_only_drops_the_other_vendors() -> None:
    w = Workload().only(("marketo",))
    assert w.ae() == [] and w.eloqua() == [] and len(w.marketo()) == 10
    assert w.to_json()["account_engagement"] == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("marketo_types", 11, "at most 10"), ("marketo_attributes", 21, "20 secondary"),
     ("ae_extensions", -1, ">= 0"), ("vendors", ("hubspot",), "unknown vendor")],
)
def test_impossible_workloads_are_refused(field: str, value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Workload(**{field: value})  # type: ignore[arg-type]


def test_fewest_calls_per_operation_for_the_reference_workload() -> None:
    w = Workload()
    # AE: token + BU query + 3 extensions + 30 types + 3 assignments; Marketo: identity + the list the
    # limit check reads + 3 x 10; Eloqua: /id + 5
    assert len(create_calls(w)) == 38 + 32 + 6
    assert OPERATIONS["noop_up"](w) == []
    assert len(read_calls(w)) == (1 + 36) + (1 + 10) + (1 + 5)
    assert len(destroy_calls(w)) == (1 + 36) + (1 + 10) + (1 + 5)


def test_destroy_retires_an_extension_after_its_types_and_assignment() -> None:
    calls = {c.key: c for c in destroy_calls(Workload(ae_types_per_extension=2, vendors=("account_engagement",)))}
    retire = calls["ae:retire-ext:Bench_Ext01"]
    assert set(retire.after) == {"ae:token", "ae:retire-type:Bench_E01_Type01", "ae:retire-type:Bench_E01_Type02",
                                 "ae:delete-assign:Bench_Ext01"}


@pytest.mark.parametrize("factor", [1, 2, 4])
@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_the_schedules_are_feasible_and_reach_the_analytic_bound(operation: str, factor: int) -> None:
    calls = OPERATIONS[operation](Workload().scaled_ae(factor))
    plan = schedule(calls, L, VENDOR_LIMITS)
    assert verify(plan, calls, VENDOR_LIMITS) == []
    assert plan.seconds == pytest.approx(analytic_bound(calls, L, VENDOR_LIMITS))  # hence optimal


def test_the_up_of_the_reference_workload_is_bound_by_the_four_provider_threads() -> None:
    calls = create_calls(Workload())
    # 3 tokens in the first slot, then 73 calls on 4 threads: 1 + 19 slots (18.25, rounded up).
    assert schedule(calls, L, VENDOR_LIMITS).seconds == pytest.approx(2.0)
