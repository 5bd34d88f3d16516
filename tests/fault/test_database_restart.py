"""After PostgreSQL restarts, the first requests a server gets are answered, not refused.

A restart breaks every connection the server's pools hold, unseen until one is used. Pooled
connections are checked when taken (psycopg_pool's check_connection, infra.settings and
projections.backends) and the access log's writer reconnects when it finds its connection gone
before it sent anything, so the first read (which writes an access-log line), the first write and
`/health` after the restart all answer 200, with no retry by the client.

The cluster is the test's own (tests/fault/test_four_servers.Cluster), so stopping it touches no
one else's database.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.fault.harness import Server, free_port
from tests.fault.test_fault_runs import households
from tests.fault.test_four_servers import Cluster, cluster  # noqa: F401 - the fixture

pytestmark = [pytest.mark.postgres, pytest.mark.fault, pytest.mark.timeout(180)]


@pytest.fixture
def server(cluster: Cluster, tmp_path: Path) -> Iterator[Server]:  # noqa: F811
    env = {**os.environ, "WIJKDOSSIER_DATABASE_URL": cluster.url("wijkdossier"), "WIJKDOSSIER_DEMO": "1",
           "WIJKDOSSIER_VAR_DIR": str(tmp_path / "var"), "WIJKDOSSIER_MASTER_KEY": os.urandom(32).hex()}
    one = Server(env=env, port=free_port(), log=tmp_path / "server")
    try:
        one.start(timeout=45)
        yield one
    finally:
        one.stop()


def test_the_first_requests_after_a_database_restart_are_answered(cluster: Cluster, server: Server) -> None:  # noqa: F811
    [hid], token = households(server, 1)
    contacts = f"{server.url}/api/v1/households/{hid}/contacts"
    with httpx.Client(timeout=20, headers={"Authorization": f"Bearer {token}"}) as client:
        # Every pool and the access log's writer hold a connection now.
        for _ in range(3):
            assert client.get(contacts).status_code == 200
            assert client.post(contacts, json={"reason": "voor de herstart", "kind": "phone"}).status_code == 200
        cluster.stop()
        cluster.start()
        read = client.get(contacts)
        assert read.status_code == 200, read.text
        written = client.post(contacts, json={"reason": "na de herstart", "kind": "phone"})
        assert written.status_code == 200, written.text
    assert httpx.get(f"{server.url}/health", timeout=15).status_code == 200
