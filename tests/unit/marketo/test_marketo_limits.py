"""One limiter per Marketo instance per process, under Marketo's 100 calls / 20 s and 10 in flight."""

from __future__ import annotations

from marketo_fakes import CONNECTION, FakeMarketo, ok

from providers.core.ratelimit import RateLimiter
from providers.marketo.client import MarketoClient, default_limiter
from providers.marketo.connection import Connection, client_for


def test_default_limiter_leaves_headroom_under_marketo_limits() -> None:
    limiter = default_limiter()
    assert limiter.calls is not None and limiter.concurrency is not None
    assert limiter.calls < 100 and limiter.period == 20.0 and limiter.concurrency < 10


def test_clients_of_one_instance_share_one_limiter_and_one_token() -> None:
    first = MarketoClient(CONNECTION, transport=FakeMarketo())
    second = MarketoClient(CONNECTION, transport=FakeMarketo())
    assert first.http.limiter is second.http.limiter
    other = Connection("https://999-zzz-999.mktorest.com", "https://999-zzz-999.mktorest.com/identity", "c", "secret-2")
    assert MarketoClient(other, transport=FakeMarketo()).http.limiter is not first.http.limiter
    assert client_for(CONNECTION) is client_for(CONNECTION)
    assert first.identity_http.limiter is None  # identity calls do not count against the limit


def test_calls_over_the_window_wait_instead_of_being_refused() -> None:
    """With a fake clock: the 4th call in a 3-per-window limiter waits for the window to move."""
    now = [0.0]
    waited: list[float] = []

    def sleep(seconds: float) -> None:
        waited.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(calls=3, period=20.0, concurrency=2, clock=lambda: now[0], sleep=sleep)
    fake = FakeMarketo()
    fake.on("GET /rest/v1/activities/external/types.json", [ok()])
    client = MarketoClient(CONNECTION, transport=fake, limiter=limiter)
    for _ in range(4):
        client.list_types()
    assert len(fake.rest_calls()) == 4 and sum(waited) >= 20.0

