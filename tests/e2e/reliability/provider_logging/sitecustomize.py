"""Loaded by every Python process of a reliability test's pulumi run (PYTHONPATH points here).

Why: the scenarios scan the providers' own logs for credentials, so the provider processes must
log at DEBUG somewhere the test can read (urllib3 request lines, the HTTP core's retries). Does
nothing unless RELIABILITY_PROVIDER_LOG_DIR is set; installs no redaction of its own.
"""

import logging
import os

_log_dir = os.environ.get("RELIABILITY_PROVIDER_LOG_DIR")
if _log_dir:
    os.makedirs(_log_dir, exist_ok=True)
    _handler = logging.FileHandler(os.path.join(_log_dir, f"python-{os.getpid()}.log"))
    _handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    _root = logging.getLogger()
    _root.addHandler(_handler)
    _root.setLevel(logging.DEBUG)
