"""The benchmark of issue 10: ``python -m bench.run [--quick]``.

It provisions a reference workload against an in-process sandbox (100 ms per call, vendor limits
on) with the real ``pulumi`` CLI and reports, per operation, wall time, API calls, token requests
and the provider process's peak memory, beside two references measured in the same run: the lower
bound (engine floor + the fewest calls, scheduled under the limits) and hand-written sequential
scripts.
"""
