"""What `/metrics` exposes (Prometheus text format, prometheus-client's default registry).

Counters and histograms here are per process: with several server processes, Prometheus scrapes
each (docs/operations.md). Labels are route templates, methods, statuses and view names, never an
id or anything a person typed.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

REQUESTS = Counter("wijkdossier_http_requests", "HTTP requests answered, by route template and status",
                   ("method", "route", "status"))
REQUEST_SECONDS = Histogram("wijkdossier_http_request_duration_seconds",
                            "Time to answer an HTTP request, by route template and status",
                            ("method", "route", "status"),
                            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
ACCESS_LOG_WRITE_SECONDS = Histogram(
    "wijkdossier_access_log_write_seconds",
    "Time a read waits for its access-log line to be committed (group commit), by outcome",
    ("outcome",), buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5))
PROJECTION_LAG = Gauge("wijkdossier_projection_lag_events", "Events a view is behind the event log", ("view",))
PROJECTION_POSITION = Gauge("wijkdossier_projection_position", "The last event a view has applied", ("view",))
EVENT_LOG_HEAD = Gauge("wijkdossier_event_log_head", "The newest event's notification id")
POOL_CONNECTIONS = Gauge("wijkdossier_db_pool_connections", "Connections of the events pool, by state",
                         ("state",))
