"""History import from a municipality's previous system: the kinds of step, the checks of a line,
and the replay of one household through the domain's commands (pure; storage is infra.history_import)."""
