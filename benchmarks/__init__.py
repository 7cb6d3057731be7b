"""PackFinderz performance benchmarks (``make bench``; see benchmarks/README.md).

Baselines and targets run interleaved in one run (B, T, B, T, B, T), each figure is the
median of the rounds with its spread, and the result lands in
``benchmarks/results/<YYYY-MM-DD>-<name>.json``. Benchmarks are not tests: nothing here is
collected by pytest.
"""
