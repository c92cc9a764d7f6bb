"""The harness's own end-to-end check, outside `tests/` so `make test` (no cloud running) never collects it."""
