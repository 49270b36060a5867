"""What both Eloqua providers share: the connection, the client, notices, create recovery."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

import pydantic

from providers.core.errors import ActivitySchemasError, ConflictError, TransportError
from providers.core.provider import SchemaProvider
from providers.core.redact import redact
from providers.eloqua import connection
from providers.eloqua.client import EloquaClient

ModelT = TypeVar("ModelT", bound=pydantic.BaseModel)
Found = dict[str, Any]


class EloquaProvider(SchemaProvider[ModelT]):
    def configure_connection(self, config: Any) -> None:
        connection.configure(config)

    @staticmethod
    def client() -> EloquaClient:
        return EloquaClient(connection.current())


def notice(text: str) -> None:
    """A line the Pulumi CLI shows in the resource's diagnostics (provider stderr)."""
    print(redact(text), file=sys.stderr, flush=True)


def create_once(
    post: Callable[[], Found],
    find: Callable[[], Found | None],
    matches: Callable[[Found], bool],
    what: str,
    *,
    adopt: bool,
) -> Found:
    """POST, recovering without duplicates when the answer was lost or a twin appeared meanwhile.

    A lost answer (ambiguous transport error) means the object may be ours: if it exists and
    matches what we sent, take it; if it does not exist, send the POST once more. A 409 after our
    own lookup found nothing is not ours: someone created the name in between, and it is taken
    over only with ``adopt`` (the same rule as an object found before the POST).
    """
    try:
        return post()
    except TransportError as error:
        if not error.ambiguous:
            raise
        found = find()
        if found is None:
            return post()
        if matches(found):
            notice(f"{what}: the create answer was lost; found it by name and took it (no duplicate)")
            return found
        raise ActivitySchemasError(f"{what}: the create answer was lost and an object of that name with a "
                                   "different definition exists; inspect it in Eloqua") from None
    except ConflictError:
        found = find()
        if found is not None and matches(found) and adopt:
            notice(f"{what}: created meanwhile outside this run (id {found.get('id')}); adopted (adopt: true)")
            return found
        where = f" (id {found.get('id')})" if found is not None else ""
        hint = ("it does not match the declaration" if found is not None and not matches(found)
                else "set adopt: true to manage it")
        raise ActivitySchemasError(f"{what}: Eloqua refused the name (409): an object with that name{where} was "
                                   f"created meanwhile outside this run; {hint}, or choose another name. Nothing "
                                   "was changed") from None
