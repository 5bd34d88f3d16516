"""Keys and encryption at rest: master key, per-household data keys, signing keys."""
