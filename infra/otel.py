"""OpenTelemetry tracing: off unless `WIJKDOSSIER_TRACING` says where spans go.

A provider of the application's own (not the process-wide global one), so tests and several
apps in one process do not share it. `otlp` sends spans in batches over OTLP/HTTP to
`WIJKDOSSIER_OTLP_ENDPOINT` (a collector); `console` prints them (to try it out). A span carries
the route's template, the method and the status: never a path with ids, a query or a header value.
"""

from __future__ import annotations

from typing import Any

from infra.settings import ObservabilitySettings


def tracer_provider(settings: ObservabilitySettings, exporter: Any = None) -> Any | None:
    """The provider for this app, or None when tracing is off. `exporter` replaces the configured
    destination (tests pass the SDK's in-memory exporter); it does not switch tracing on."""
    if settings.tracing == "off":
        return None
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor

    provider = TracerProvider(resource=Resource.create({"service.name": settings.service_name}))
    if exporter is not None:
        provider.add_span_processor(SimpleSpanProcessor(exporter))
    elif settings.tracing == "otlp":
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=settings.otlp_endpoint)))
    else:
        provider.add_span_processor(SimpleSpanProcessor(ConsoleSpanExporter()))
    return provider
