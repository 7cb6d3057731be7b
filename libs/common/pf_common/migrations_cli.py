"""``python -m pf_common.migrations_cli identity media ...``: upgrade each service to head.

The URL of each comes from its settings (``PF_<SVC>_DATABASE_URL`` then ``PF_DATABASE_URL``).
"""

from __future__ import annotations

import importlib
import sys

from pf_common.migrations import service_dir, upgrade


def main(argv: list[str]) -> int:
    for service in argv:
        settings = importlib.import_module(f"pf_{service}.settings").Settings()
        print(f"migrating {service} ...", flush=True)
        upgrade(service_dir(service), settings.database_url.get_secret_value())
    print("migrations done")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
