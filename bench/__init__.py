"""mixroom's benchmarks: ``make bench`` (``python -m bench.run``); figures in BENCHMARKS.md."""
