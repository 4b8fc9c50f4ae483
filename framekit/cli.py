"""The ``framekit`` command line: ``framekit info``, ``framekit demo`` and ``framekit analyze FILE.wav``."""

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
    "filterbank": (
        "framekit._demo_filterbank",
        "Filterbanks: ISAC (hybra's defaults) on synthesized audio: exact bounds, condition number, "
        "exact-dual reconstruction error, timings, PNGs",
    ),
    "frames": (
        "framekit._demo_frames",
        "Finite frames (float64): bounds, condition number B/A, canonical-dual reconstruction error, time",
    ),
    "tf": (
        "framekit._demo_stft",
        "Time-frequency: the STFT as a Gabor frame, reassignment and phase scattering on a test signal",
    ),
    "stability": (
        "framekit._demo_stability",
        "Stability of conv layers (float64): Walnut estimates vs exact bounds, aliasing objective; "
        "random filterbank condition numbers vs the law",
    ),
    "relu": ("framekit._demo_relu", "ReLU layers: maximal bias, injectivity and reconstruction"),
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


def _analyze(args: argparse.Namespace) -> str:
    from ._demo_filterbank import analyze

    out_dir = pathlib.Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        return "\n\n".join(analyze(args.file, xp, dev, str(out_dir)) for xp, dev in _targets(args.backend, args.device))
    except (FileNotFoundError, ValueError) as exc:
        raise SystemExit(f"framekit analyze: {exc}") from None


def _demo(args: argparse.Namespace) -> str:
    out_dir = pathlib.Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    parts = list(DEMO_PARTS) if args.part == "all" else [args.part]
    targets = _targets(args.backend, args.device)
    blocks = []
    for part in parts:
        module, title = DEMO_PARTS[part]
        demo = importlib.import_module(module).demo
        rows = [demo(xp, dev, str(out_dir)) for xp, dev in targets]
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
    analyze = sub.add_parser("analyze", help="ISAC analysis of a WAV file (mono or stereo)")
    analyze.add_argument("file", help="path of a WAV file")
    analyze.add_argument("--backend", default="numpy", help="backend to run on (default numpy)")
    analyze.add_argument("--device", help="device of that backend (e.g. cpu, cuda:0)")
    analyze.add_argument("--out", default="framekit-analyze", help="folder for the PNG figures")
    args = parser.parse_args(argv)
    commands = {"info": lambda: _info(), "demo": lambda: _demo(args), "analyze": lambda: _analyze(args)}
    print(commands[args.command]())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
