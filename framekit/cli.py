"""The ``framekit`` command line: ``framekit info`` and ``framekit demo``."""

from __future__ import annotations

import argparse
import importlib
import pathlib
import sys
from collections.abc import Sequence
from typing import Any

from . import __version__, _backend

#: Demo parts: name -> (module, title).  Each module has ``demo(xp, device, out_dir) -> str``.
DEMO_PARTS = {
    "frames": ("framekit._demo_frames", "Finite frames (float64): bounds, condition number B/A, canonical-dual reconstruction error, time"),
}


def _info() -> str:
    lines = [f"framekit {__version__} (Python {sys.version.split()[0]})", ""]
    lines.append(f"{'backend':<18} {'usable':<7} {'version':<14} devices / reason")
    for b in _backend.backends():
        detail = ", ".join(b["devices"]) if b["usable"] else b.get("reason", "")
        lines.append(f"{b['backend']:<18} {'yes' if b['usable'] else 'no':<7} {b['version'] or '-':<14} {detail}")
    return "\n".join(lines)


def _targets(backend: str | None, device: str | None) -> list[tuple[Any, Any]]:
    """(namespace, device) pairs to run on: the one asked for, or every usable backend."""
    if backend is not None:
        report = {b["backend"]: b for b in _backend.backends()}
        if backend not in report:
            raise SystemExit(f"framekit: unknown backend {backend!r}; choose from {', '.join(report)}")
        if not report[backend]["usable"]:
            raise SystemExit(f"framekit: backend {backend!r} is not usable here: {report[backend]['reason']}")
        names = [backend]
    else:
        names = [b["backend"] for b in _backend.backends() if b["usable"] and b["backend"] != "dask.array"]
    targets = []
    for name in names:
        xp = _backend.get_namespace(importlib.import_module(name))
        dev = None
        if device is not None:
            devices = {str(d): d for d in xp.__array_namespace_info__().devices()}
            if device not in devices:
                raise SystemExit(f"framekit: backend {name} has no device {device!r}; it has {', '.join(devices)}")
            dev = devices[device]
        targets.append((xp, dev))
    return targets


def _demo(args: argparse.Namespace) -> str:
    out_dir = pathlib.Path(args.out)
    parts = list(DEMO_PARTS) if args.part == "all" else [args.part]
    targets = _targets(args.backend, args.device)
    blocks = []
    for part in parts:
        module, title = DEMO_PARTS[part]
        demo = importlib.import_module(module).demo
        rows = [demo(xp, dev, out_dir) for xp, dev in targets]
        header = getattr(importlib.import_module(module), "HEADER", None)
        blocks.append("\n".join([f"== {title}", *([header] if header else []), *rows]))
    return "\n\n".join(blocks)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``framekit`` console script."""
    parser = argparse.ArgumentParser(prog="framekit", description=__doc__)
    parser.add_argument("--version", action="version", version=f"framekit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("info", help="list array backends, versions and devices")
    demo = sub.add_parser("demo", help="run the demonstration on every usable backend (offline)")
    demo.add_argument("--backend", help="run on this backend only (e.g. numpy, torch, cupy)")
    demo.add_argument("--device", help="device of that backend (e.g. cpu, cuda:0)")
    demo.add_argument("--part", default="all", choices=["all", *DEMO_PARTS], help="which part to run")
    demo.add_argument("--out", default="framekit-demo", help="folder for the PNG figures")
    args = parser.parse_args(argv)
    print(_info() if args.command == "info" else _demo(args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
