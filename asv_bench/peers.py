"""Which benchmark rows can run here: every peer library and backend, installed or not, and why.

asv shows a row whose peer or backend is missing as ``n/a``; its reason only appears under
the row with ``--show-stderr``.  This prints all of them once, in one table, with the pip
command that installs what is missing:

    python asv_bench/peers.py            # report; exit 0
    python asv_bench/peers.py --strict   # exit 1 if a peer is missing (backends never fail it)
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from benchmarks.common import (  # after the path above
    BACKENDS,
    PEERS,
    XPBench,
    require_peer,
)


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--strict", action="store_true", help="exit 1 if any peer is missing")
    args = ap.parse_args(argv)

    print(f"python {sys.version.split()[0]}, asv {_version('asv')}, framekit {_version('framekit')}")
    print("peer rows:")
    missing = []
    for name, (_req, rows) in PEERS.items():
        try:
            require_peer(name)
        except NotImplementedError as exc:
            missing.append(name)
            print(f"  {name:9s} {'MISSING':11s} {exc}")
            continue
        note = ""
        if name == "hybra" and "_torchaudio_stub" in sys.modules:
            note = "  (torchaudio missing: the tests' stand-in tests/_torchaudio_stub.py serves it)"
        print(f"  {name:9s} {_version(name):11s} {rows}{note}")
    print("backend rows (the `backend` parameter):")
    for backend in BACKENDS:
        try:
            XPBench().setup_backend(backend)
        except NotImplementedError as exc:
            print(f"  {backend:17s} n/a: {exc}")
        else:
            lib = backend.partition(":")[0].partition(".")[0]
            print(f"  {backend:17s} {_version(lib.replace('_', '-'))}")
    if missing:
        print(f"{len(missing)} peer(s) missing: {', '.join(missing)}; "
              'their rows show n/a. Install them with: pip install -e ".[bench]"')
    return 1 if (missing and args.strict) else 0


if __name__ == "__main__":
    sys.exit(main())
