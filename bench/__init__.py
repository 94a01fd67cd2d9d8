"""ficbot's scale benchmark: ``python -m bench --sizes 1000,10000,100000`` (see BENCHMARKS.md)."""
