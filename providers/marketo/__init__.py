"""Adobe Marketo Engage: custom activity types (draft -> approve) and Add Custom Activities.

Modules: ``models`` (inputs and their rules), ``envelope`` (HTTP 200 envelopes -> errors),
``connection`` (credentials and one token/limiter per instance per process), ``client`` (the
REST calls), ``plan`` (what an update sends, in which order), ``names`` (stack-wide name
registry used by ``check``), ``provider`` (the dynamic provider and resource), ``submission``
(batched Add Custom Activities with a per-record report).
"""
