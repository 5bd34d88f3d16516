"""Schemathesis against /openapi.json (bounded examples): no 500, no response that breaks its own schema."""

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
    with running_app(tmp_path_factory.mktemp("schemathesis")) as client:
        yield client
    mp.undo()


def test_no_operation_answers_500_or_breaks_its_own_schema(api):  # type: ignore[no-untyped-def]
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import response_schema_conformance

    schema = schemathesis.openapi.from_asgi("/openapi.json", api.app)
    headers = api.token("process_director", "pd-noord-01")
    failures = []
    for operation in schema.get_all_operations():
        op = operation.ok()

        @settings(max_examples=3, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=op.as_strategy())
        def check(case):  # type: ignore[no-untyped-def]
            try:
                response = case.call(headers=headers)
                case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
            except Exception as exc:  # noqa: BLE001 - collect every failing operation, then report them together
                failures.append(f"{op.method.upper()} {op.path}: {type(exc).__name__}: {str(exc)[:300]}")
                raise

        try:
            check()
        except Exception:  # noqa: BLE001 - already recorded above
            pass
    assert failures == []
