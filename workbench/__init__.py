"""The user-facing layer: claim registry, CLI, sweep runner and executors, result store, figure style, reports."""

__version__ = "0.1.0"
