"""Sync protocol 1, independent of Flask: messages, push/pull engine, conflict rules, stores.

The HTTP surface is DESIGN's "Sync protocol 1"; ``server/api/sync.py`` is a thin layer over
:func:`sync.engine.push` and :func:`sync.pull.pull`, with ``server/sync_store.py`` as the store.
Nothing here imports ``server`` or Flask, and nothing here does I/O except through a store.
"""

PROTOCOL_VERSION = 1
#: DESIGN: "at most 500 mutations and 1 MiB a request".
MAX_MUTATIONS = 500
MAX_BODY_BYTES = 1024 * 1024
#: Pull page sizes (DESIGN: ``limit <= 1000``).
DEFAULT_PULL_LIMIT = 500
MAX_PULL_LIMIT = 1000

__all__ = [
    "DEFAULT_PULL_LIMIT",
    "MAX_BODY_BYTES",
    "MAX_MUTATIONS",
    "MAX_PULL_LIMIT",
    "PROTOCOL_VERSION",
]
