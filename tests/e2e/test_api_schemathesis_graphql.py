"""Schemathesis over GraphQL with issue 13's limits on (bounded examples): no server error, and
every refusal either a GraphQL error or, at the transport, problem details (RFC 9457).

The schema is taken from strawberry directly: over HTTP, introspection keeps to the depth limit
like any query, and schemathesis' own introspection query is deeper than that limit.
"""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is a test dependency")

from hypothesis import HealthCheck, given, settings  # noqa: E402

from tests.app_support import running_app  # noqa: E402


@pytest.fixture(scope="module")
def api(tmp_path_factory):  # type: ignore[no-untyped-def]
    import secrets

    mp = pytest.MonkeyPatch()
    mp.setenv("WIJKDOSSIER_MASTER_KEY", secrets.token_hex(32))
    with running_app(tmp_path_factory.mktemp("schemathesis-graphql")) as client:
        yield client
    mp.undo()


def answered_in_shape(response) -> str | None:  # type: ignore[no-untyped-def]
    if response.status_code >= 500 and response.status_code != 503:
        return f"server error {response.status_code}"
    try:
        body = response.json()
    except ValueError:
        return f"{response.status_code}: not JSON"
    if response.status_code == 200:
        return None if isinstance(body, dict) and ("data" in body or "errors" in body) else "200 without data/errors"
    if isinstance(body, dict) and body.get("status") == response.status_code and body.get("title") \
            and body.get("detail") and body.get("code"):  # RFC 9457 problem details (issue 12)
        return None
    return f"{response.status_code} without the error shape"


@pytest.mark.parametrize("role,subject", [("client", "person-anna"), ("complaint_commission", "kc-1")])
def test_no_graphql_operation_answers_500_and_every_refusal_has_its_shape(api, role, subject):  # type: ignore[no-untyped-def]
    from graphql import introspection_from_schema

    from api.graphql.schema import build_schema

    graphql_schema = build_schema(api.app.state.api_settings)._schema  # graphql-core's, without our limits
    schema = schemathesis.graphql.from_dict(dict(introspection_from_schema(graphql_schema)))
    schema.app = api.app
    schema.location = "/graphql"
    headers = api.token(role, subject, team=None)
    failures: list[str] = []
    operations = 0
    statuses: list[int] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @settings(max_examples=3, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def check(case):  # type: ignore[no-untyped-def]
            response = case.call(headers=headers)
            statuses.append(response.status_code)
            problem = answered_in_shape(response)
            if problem:
                failures.append(f"{operation.label}: {problem}: {response.text[:200]}")

        check()
    print(f"\n[schemathesis graphql] {role}: {operations} operations, {len(statuses)} calls, "
          f"statuses {sorted(set(statuses))}, failures {len(failures)}")
    assert operations > 10 and len(statuses) >= operations and failures == []
