"""Signing-key rotation: ``python -m pf_identity.keys list | rotate | retire <kid>``.

Rotation: ``rotate`` adds a key (published in the JWKS at once, and signing at once:
verifiers refresh their JWKS on an unknown kid); once every token of the old key has
expired (15 minutes), ``retire <kid>`` removes it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pf_identity.domain.keys import KeyRing, retire, rotate
from pf_identity.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="pf_identity.keys")
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("list")
    sub.add_parser("rotate")
    r = sub.add_parser("retire")
    r.add_argument("kid")
    args = parser.parse_args(argv)
    settings = Settings()
    folder = Path(settings.signing_keys_dir or settings.resolved_keys_dir())
    if args.cmd == "rotate":
        print(f"new signing key {rotate(folder)} in {folder}")
    elif args.cmd == "retire":
        print("retired" if retire(folder, args.kid) else f"no key {args.kid}")
    ring = KeyRing.from_settings(settings)
    for key in ring.keys:
        print(f"{key.kid}\t{key.path.name}\t{'active' if key is ring.active else 'published'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
