"""The fewest API calls each benchmarked operation needs, as call DAGs for the scheduler.

The model (what a perfect client of the same engine must still do):
- Account Engagement: one OAuth token per process; creating needs one POST per extension, activity
  type and assignment, and one query to turn the business-unit name into its 0Uv id. Extensions
  and activity types have no DELETE (reference §2.1, §2.2): a destroy *retires* them with one PATCH
  each, and deletes each assignment (one DELETE); the engine deletes dependents first.
- Marketo: one identity call per process (not rate-counted); one list of the instance's types
  before the first create (issue 5: check counts the live types against the limit of 10); a type
  with its attributes is three calls in a chain (create, attributes/create, approve); deleting is
  one call.
- Eloqua: HTTP Basic (no token call) and one ``/id`` call per process to find the pod (Oracle asks
  clients to discover it, not hard-code it); an asset type with its activity types is one POST;
  deleting is one DELETE.
- A refresh (and ``drift``, a refresh of a copy) reads each resource once: the engine calls
  ``read`` per resource. A no-op ``up`` needs no call at all.
"""

from __future__ import annotations

from collections.abc import Callable

from bench.lower_bound import Call
from bench.workload import Workload

AE, MKTO, ELQ = "account_engagement", "marketo", "eloqua"


def _auth(w: Workload) -> list[Call]:
    calls: list[Call] = []
    if w.ae():
        calls.append(Call("ae:token", AE))
    if w.marketo():
        calls.append(Call("mkto:token", MKTO, rate_counted=False))
    if w.eloqua():
        calls.append(Call("elq:id", ELQ))
    return calls


def create_calls(w: Workload) -> list[Call]:
    calls = _auth(w)
    if w.ae():
        calls.append(Call("ae:bu-query", AE, ("ae:token",)))
    for ext in w.ae():
        ext_key = f"ae:ext:{ext.developer_name}"
        calls.append(Call(ext_key, AE, ("ae:token",)))
        calls.extend(Call(f"ae:type:{dev}", AE, (ext_key,)) for dev, _ in ext.activity_types)
        calls.append(Call(f"ae:assign:{ext.developer_name}", AE, (ext_key, "ae:bu-query")))
    if w.marketo():
        calls.append(Call("mkto:list-types", MKTO, ("mkto:token",)))
    for t in w.marketo():
        create, attrs = f"mkto:create:{t.api_name}", f"mkto:attributes:{t.api_name}"
        calls.append(Call(create, MKTO, ("mkto:token", "mkto:list-types")))
        calls.append(Call(attrs, MKTO, (create,)))
        calls.append(Call(f"mkto:approve:{t.api_name}", MKTO, (attrs,)))
    calls.extend(Call(f"elq:create:{t.name}", ELQ, ("elq:id",)) for t in w.eloqua())
    return calls


def noop_calls(w: Workload) -> list[Call]:
    return []


def read_calls(w: Workload) -> list[Call]:
    calls = _auth(w)
    for ext in w.ae():
        calls.append(Call(f"ae:read-ext:{ext.developer_name}", AE, ("ae:token",)))
        calls.extend(Call(f"ae:read-type:{dev}", AE, ("ae:token",)) for dev, _ in ext.activity_types)
        calls.append(Call(f"ae:read-assign:{ext.developer_name}", AE, ("ae:token",)))
    calls.extend(Call(f"mkto:read:{t.api_name}", MKTO, ("mkto:token",)) for t in w.marketo())
    calls.extend(Call(f"elq:read:{t.name}", ELQ, ("elq:id",)) for t in w.eloqua())
    return calls


def destroy_calls(w: Workload) -> list[Call]:
    calls = _auth(w)
    for ext in w.ae():
        dependents = [f"ae:retire-type:{dev}" for dev, _ in ext.activity_types]
        dependents.append(f"ae:delete-assign:{ext.developer_name}")
        calls.extend(Call(key, AE, ("ae:token",)) for key in dependents)
        calls.append(Call(f"ae:retire-ext:{ext.developer_name}", AE, ("ae:token", *dependents)))
    calls.extend(Call(f"mkto:delete:{t.api_name}", MKTO, ("mkto:token",)) for t in w.marketo())
    calls.extend(Call(f"elq:delete:{t.name}", ELQ, ("elq:id",)) for t in w.eloqua())
    return calls


# The benchmarked operations, in the order the run performs them, with their fewest calls.
OPERATIONS: dict[str, Callable[[Workload], list[Call]]] = {
    "up": create_calls,
    "noop_up": noop_calls,
    "preview_refresh": read_calls,
    "drift": read_calls,
    "destroy": destroy_calls,
}
