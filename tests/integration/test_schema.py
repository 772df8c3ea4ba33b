"""schemathesis against the app's own OpenAPI schema: no 5xx, every response matches the schema.

Operations are driven with Hypothesis directly: schemathesis's pytest plugin does not load under pytest 9."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from assistant.runtime import Runtime
from ui.server import create_app

# What the API promises: never a 5xx, and every response (errors included) as documented. Requests the
# schema allows but the service refuses for reasons a schema cannot say (the last OpenAI message must be
# the user's) are 4xx by design, so "schema-valid data must be accepted" is not among the checks.
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]


@pytest.fixture(scope="module")
def api_schema(components, make_settings, tmp_path_factory):
    """The app over an index of its own: fuzzed uploads and deletes must not touch the shared one."""
    from assistant.components import Components
    from assistant.ingestion import IngestionService
    from tests.conftest import CORPUS

    settings = make_settings(data_dir=tmp_path_factory.mktemp("schema-data"))
    own = Components(settings=settings, embedding=components.embedding)
    IngestionService(own).ingest([CORPUS])
    runtime = Runtime(settings, own)
    runtime.start(background=False)
    app = create_app(settings, runtime, background_load=False)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_every_operation_conforms_to_the_schema(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/chat", "/api/chat/stream", "/v1/chat/completions", "/api/feedback"}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            case.call_and_validate(checks=CHECKS)

        check()
