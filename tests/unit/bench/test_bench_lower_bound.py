"""The lower-bound scheduler: dependencies, the process cap, vendor caps, rate windows, bounds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.lower_bound import VENDOR_LIMITS, Call, Limits, analytic_bound, schedule, verify

L = 0.1


def chain(prefix: str, n: int, vendor: str = "v") -> list[Call]:
    return [Call(f"{prefix}{i}", vendor, (f"{prefix}{i - 1}",) if i else ()) for i in range(n)]


def test_no_calls_take_no_time() -> None:
    assert schedule([], L).seconds == 0
    assert analytic_bound([], L) == 0


def test_a_chain_runs_one_call_after_another() -> None:
    plan = schedule(chain("c", 5), L, Limits(process_concurrency=4))
    assert plan.slots == 5
    assert [plan.starts[f"c{i}"] for i in range(5)] == [0, 1, 2, 3, 4]
    assert plan.seconds == pytest.approx(0.5)


def test_independent_calls_fill_the_four_provider_threads() -> None:
    calls = [Call(f"c{i}", "v") for i in range(9)]
    plan = schedule(calls, L, Limits(process_concurrency=4))
    assert plan.slots == 3  # 4 + 4 + 1
    assert max(len(plan.in_flight(s)) for s in range(plan.slots)) == 4


def test_a_vendor_cap_below_the_process_cap_binds() -> None:
    calls = [Call(f"c{i}", "ae") for i in range(10)]
    plan = schedule(calls, L, Limits(process_concurrency=None, concurrency={"ae": 5}))
    assert plan.slots == 2
    assert schedule(calls, L, Limits(process_concurrency=4, concurrency={"ae": 5})).slots == 3


def test_caps_of_two_vendors_are_independent() -> None:
    calls = [Call(f"a{i}", "a") for i in range(4)] + [Call(f"b{i}", "b") for i in range(4)]
    limits = Limits(process_concurrency=None, concurrency={"a": 2, "b": 2})
    assert schedule(calls, L, limits).slots == 2


def test_the_rate_window_makes_the_101st_marketo_call_wait_20_seconds() -> None:
    calls = [Call(f"m{i}", "marketo") for i in range(101)]
    limits = Limits(process_concurrency=None, rate={"marketo": (100, 20.0)})
    plan = schedule(calls, L, limits)
    assert plan.seconds == pytest.approx(20.0 + L)
    assert analytic_bound(calls, L, limits) == pytest.approx(20.0 + L)
    assert verify(plan, calls, limits) == []


def test_calls_not_rate_counted_do_not_wait_for_the_window() -> None:
    calls = [Call(f"m{i}", "marketo") for i in range(100)] + [Call("token", "marketo", rate_counted=False)]
    limits = Limits(process_concurrency=None, rate={"marketo": (100, 20.0)})
    assert schedule(calls, L, limits).slots == 1


def test_issue_limits_with_marketo_types_of_three_calls() -> None:
    # token -> (create -> attributes -> approve) x 10: the token alone, then 30 calls on 4 threads
    calls = [Call("token", "marketo", rate_counted=False)]
    for t in range(10):
        calls += [Call(f"c{t}", "marketo", ("token",)), Call(f"a{t}", "marketo", (f"c{t}",)),
                  Call(f"p{t}", "marketo", (f"a{t}",))]
    plan = schedule(calls, L, VENDOR_LIMITS)
    assert plan.slots == 1 + 8
    assert analytic_bound(calls, L, VENDOR_LIMITS) == pytest.approx(plan.seconds)  # so it is optimal
    assert verify(plan, calls, VENDOR_LIMITS) == []


def test_the_critical_path_first_rule_beats_a_naive_order() -> None:
    # One long chain and six single calls on 2 threads: starting the chain first finishes in 4 slots.
    calls = chain("long", 4) + [Call(f"s{i}", "v") for i in range(6)]
    plan = schedule(calls, L, Limits(process_concurrency=2))
    assert plan.slots == 5  # 10 calls / 2 threads
    assert plan.starts["long0"] == 0


def test_an_out_tree_uses_the_reversed_schedule_when_it_is_shorter() -> None:
    # root -> 3 children, one child -> a chain of 3: an out-tree on 2 threads.
    calls = [Call("root", "v"), Call("x", "v", ("root",)), Call("y", "v", ("root",)),
             *[Call(f"k{i}", "v", ("root",) if i == 0 else (f"k{i - 1}",)) for i in range(3)]]
    limits = Limits(process_concurrency=2)
    plan = schedule(calls, L, limits)
    assert verify(plan, calls, limits) == []
    assert plan.slots == 4  # root | k0 x | k1 y | k2
    assert plan.seconds >= analytic_bound(calls, L, limits)


@pytest.mark.parametrize(
    ("calls", "message"),
    [
        ([Call("a", "v"), Call("a", "v")], "appears twice"),
        ([Call("a", "v", ("b",))], "not a call"),
        ([Call("a", "v", ("b",)), Call("b", "v", ("a",))], "cycle"),
    ],
)
def test_bad_call_graphs_are_clear_errors(calls: list[Call], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        schedule(calls, L)


@pytest.mark.parametrize(
    ("latency", "limits", "message"),
    [
        (0.0, Limits(), "latency_s"),
        (L, Limits(process_concurrency=0), "process_concurrency"),
        (L, Limits(concurrency={"v": 0}), "concurrency"),
        (L, Limits(rate={"v": (0, 20.0)}), "rate"),
    ],
)
def test_impossible_limits_are_clear_errors(latency: float, limits: Limits, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        schedule([Call("a", "v")], latency, limits)


@st.composite
def dags(draw: st.DrawFn) -> list[Call]:
    n = draw(st.integers(min_value=1, max_value=25))
    calls = []
    for i in range(n):
        preds = draw(st.lists(st.integers(min_value=0, max_value=max(0, i - 1)), max_size=2)) if i else []
        vendor = draw(st.sampled_from(["marketo", "account_engagement", "eloqua"]))
        calls.append(Call(f"c{i}", vendor, tuple(sorted({f"c{p}" for p in preds}))))
    return calls


@settings(max_examples=150, deadline=None)
@given(calls=dags(), window=st.integers(min_value=1, max_value=5), per_window=st.integers(min_value=1, max_value=6))
def test_every_schedule_is_feasible_and_never_beats_the_bound(calls: list[Call], window: int, per_window: int) -> None:
    limits = Limits(process_concurrency=3, concurrency={"account_engagement": 2},
                    rate={"marketo": (per_window, window * L)})
    plan = schedule(calls, L, limits)
    assert verify(plan, calls, limits) == []
    assert plan.seconds >= analytic_bound(calls, L, limits) - 1e-9
    assert set(plan.starts) == {c.key for c in calls}
