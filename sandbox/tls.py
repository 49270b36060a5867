"""A certificate authority per data dir, so every client verifies TLS exactly as in production."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import trustme

_HOSTS = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class TlsFiles:
    ca_bundle: Path  # what clients trust
    cert_chain: Path  # what the server presents
    private_key: Path


def ensure_tls(data_dir: Path) -> TlsFiles:
    """Create the CA once (kept across restarts, so clients keep trusting it) and a server cert."""
    tls_dir = data_dir / "tls"
    tls_dir.mkdir(parents=True, exist_ok=True)
    ca_cert, ca_key = tls_dir / "ca.pem", tls_dir / "ca-key.pem"
    if ca_cert.exists() and ca_key.exists():
        ca = trustme.CA.from_pem(ca_cert.read_bytes(), ca_key.read_bytes())
    else:
        ca = trustme.CA(organization_name="activity-schemas sandbox")
        ca.cert_pem.write_to_path(str(ca_cert))
        ca.private_key_pem.write_to_path(str(ca_key))
        ca_key.chmod(0o600)
    server = ca.issue_cert(*_HOSTS)
    chain, key = tls_dir / "server-chain.pem", tls_dir / "server-key.pem"
    chain.write_bytes(b"".join(blob.bytes() for blob in server.cert_chain_pems))
    server.private_key_pem.write_to_path(str(key))
    key.chmod(0o600)
    return TlsFiles(ca_bundle=ca_cert, cert_chain=chain, private_key=key)
