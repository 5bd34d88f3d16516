"""Structured logs: one JSON object per line, with the request's trace id, and no personal data.

Every line has `time` (UTC), `level`, `logger`, `message` and, inside a request or a command, its
`trace_id` (and `span_id` when tracing is on). Wijkdossier's own messages name codes, counts and
error types, never a person, a household's data or a token; a few fields a caller passes in
`extra` (`code`, `reason`, `method`, `route`, `status`, `duration_ms`) are kept, everything else
in `extra` is dropped. An exception is logged as its type and its stack (file, line, function),
not its message, which may quote data. uvicorn's access line is rewritten to the method, the
route's template (`/api/v1/households/{household_id}/contacts`) and the status: not the path
itself, its query string or the client's address.
"""

from __future__ import annotations

import json
import logging
import logging.config
import traceback
from contextvars import ContextVar
from datetime import datetime, timezone
from typing import Any

from infra.settings import ObservabilitySettings
from privacy import tracing

# Set by the API's middleware when a response starts, so uvicorn's access line can name the route.
current_route: ContextVar[str | None] = ContextVar("wijkdossier_route", default=None)
KEPT_EXTRA = ("code", "reason", "method", "route", "status", "duration_ms")


def _span_id() -> str | None:
    try:
        from opentelemetry import trace
    except ImportError:  # pragma: no cover - a dependency of the project
        return None
    context = trace.get_current_span().get_span_context()
    return format(context.span_id, "016x") if context.is_valid else None


class JsonFormatter(logging.Formatter):
    """A log record as one line of JSON (see the module's description for what is and is not in it)."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname, "logger": record.name}
        if record.name == "uvicorn.access" and isinstance(record.args, tuple) and len(record.args) == 5:
            _client, method, _path, _version, status = record.args
            route = current_route.get() or "(geen route)"
            line.update(message=f"{method} {route} {status}", method=method, route=route, status=status)
        else:
            line["message"] = record.getMessage()
        context = tracing.active()
        if context is not None:
            line["trace_id"] = context.trace_id
        span = _span_id()
        if span is not None:
            line["span_id"] = span
        for key in KEPT_EXTRA:
            if key in record.__dict__ and key not in line:
                line[key] = record.__dict__[key]
        if record.exc_info and record.exc_info[0] is not None:
            kind, _value, stack = record.exc_info
            line["error"] = kind.__name__
            line["stack"] = [f"{f.filename}:{f.lineno} {f.name}" for f in traceback.extract_tb(stack)]
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """For a person at a terminal: the same fields, in one readable line."""

    def format(self, record: logging.LogRecord) -> str:
        data = json.loads(JsonFormatter().format(record))
        head = f"{data.pop('time')} {data.pop('level'):7} {data.pop('logger')}: {data.pop('message')}"
        return " ".join([head, *(f"{k}={v}" for k, v in data.items() if k != "stack")])


def logging_config(settings: ObservabilitySettings) -> dict[str, Any]:
    """The dictConfig for this process: Wijkdossier's loggers and uvicorn's, one formatter, stderr."""
    formatter = "json" if settings.log_format == "json" else "text"
    handler = {"class": "logging.StreamHandler", "formatter": formatter, "stream": "ext://sys.stderr"}
    return {
        "version": 1, "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}, "text": {"()": TextFormatter}},
        "handlers": {"default": handler},
        "root": {"handlers": ["default"], "level": settings.log_level},
        "loggers": {name: {"handlers": [], "level": settings.log_level, "propagate": True}
                    for name in ("uvicorn", "uvicorn.error", "uvicorn.access")},
    }


def configure_logging(settings: ObservabilitySettings) -> None:
    logging.config.dictConfig(logging_config(settings))
