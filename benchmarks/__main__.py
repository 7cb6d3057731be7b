"""``python -m benchmarks [--quick]``: run every benchmark and write the results JSON."""

import sys

from benchmarks.run import main

sys.exit(main())
