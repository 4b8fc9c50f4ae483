"""The framekit command line: ``framekit info``, ``framekit demo``, ``framekit analyze FILE.wav``.

Each command prints as it goes: a demo part's table is printed when that part has run on
every backend, so a long run shows its results early.  A part whose optional dependency is
missing prints one line saying what to install and the run goes on; a part that fails for
another reason prints its error (the traceback goes to stderr), the run goes on, and the
command exits with status 1 at the end.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import pathlib
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from typing import Any

from . import __version__, _backend

#: Demo parts: name -> (module, title).  Each module has ``demo(xp, device, out_dir) ->
#: (text, figures)``, computing in float64, and may have ``HEADER`` (its table's columns).
DEMO_PARTS = {
    "filterbank": (
        "framekit.demo.filterbank",
        ("Filterbanks: ISAC (hybra's defaults) on a synthesized audio example: exact frame "
        "bounds, condition number, exact-dual reconstruction error, timings"),
    ),
    "frames": (
        "framekit.demo.frames",
        "Finite frames: bounds, condition number B/A, canonical-dual reconstruction error, time",
    ),
    "tf": (
        "framekit.demo.tf",
        "Time-frequency: the STFT as a Gabor frame, reassignment and phase scattering",
    ),
    "stability": (
        "framekit.demo.stability",
        ("Stability of conv layers: Walnut estimates vs exact bounds, aliasing objective; "
        "random filterbank condition numbers vs the law"),
    ),
    "relu": ("framekit.demo.relu", "ReLU layers: maximal bias, injectivity, reconstruction, Lipschitz bounds"),
    "retrieval": ("framekit.demo.retrieval", "Phase retrieval: Griffin-Lim and PGHI from STFT magnitudes"),
}

#: Usable backends the demo runs only when asked for with --backend, and why.
NOT_BY_DEFAULT = {
    "jax.numpy": "its first call of each operation compiles it, which makes the demo take "
    "about 2 minutes more; run it with --backend jax",
    "dask.array": "lazy, and without eigh the demos' bounds and duals are not defined on it",
}

#: Short names accepted by --backend.
ALIASES = {"jax": "jax.numpy", "dask": "dask.array", "strict": "array_api_strict"}

DESCRIPTION = """\
framekit: invertible, stable, measurable signal representations on any array backend.

commands:
  framekit info                 list the array backends, versions and devices found here
  framekit demo                 run the demonstration on every usable backend (offline)
  framekit analyze FILE.wav     ISAC filterbank analysis of a WAV file, with pictures

Run 'framekit COMMAND --help' for a command's options.
"""


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Plain-text descriptions kept as written, and every option's default shown (an option
    without one says in its help what happens when it is left out)."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        if action.option_strings and action.default not in (None, False, argparse.SUPPRESS):
            text += " (default: %(default)s)"
        return text


def _info() -> str:
    lines = [f"framekit {__version__} (Python {sys.version.split()[0]})", ""]
    lines.append(f"{'backend':<18} {'usable':<7} {'version':<14} devices / reason")
    for b in _backend.backends():
        detail = ", ".join(b["devices"]) if b["usable"] else b.get("reason", "")
        lines.append(f"{b['backend']:<18} {'yes' if b['usable'] else 'no':<7} {b['version'] or '-':<14} {detail}")
    return "\n".join(lines)


def _targets(backend: str | None, device: str | None) -> list[tuple[Any, Any]]:
    """(namespace, device) pairs to run on: the one asked for, or every usable backend."""
    report = {b["backend"]: b for b in _backend.backends()}
    if backend is not None:
        name = ALIASES.get(backend, backend)
        if name not in report:
            choices = ", ".join([*report, *ALIASES])
            raise SystemExit(f"framekit: unknown backend {backend!r}; choose from {choices}")
        if not report[name]["usable"]:
            raise SystemExit(f"framekit: backend {name!r} is not usable here: {report[name]['reason']}")
        names = [name]
    else:
        names = [n for n, b in report.items() if b["usable"] and n not in NOT_BY_DEFAULT]
    targets = []
    for name in names:
        if name == "jax.numpy":
            import jax  # the demo computes in float64, which JAX enables per process

            jax.config.update("jax_enable_x64", True)
        xp = _backend.get_namespace(importlib.import_module(name))
        dev = None
        if device is not None:
            try:
                dev = _backend.device_named(xp, device)
            except ValueError as exc:
                raise SystemExit(f"framekit: {exc}") from None
        targets.append((xp, dev))
    return targets


def _label(xp: Any, device: Any) -> str:
    return _backend.backend_name(xp) + ("" if device is None else f" ({device})")


def _run_part(part: str, targets: list[tuple[Any, Any]], out_dir: str,
              figures: list[str]) -> tuple[list[str], bool]:
    """The printed lines of one demo part, and whether it failed."""
    module, title = DEMO_PARTS[part]
    lines = [f"== {title}"]
    try:
        mod = importlib.import_module(module)
    except ImportError as exc:
        return [*lines, f"skipped: {exc}"], False
    if getattr(mod, "HEADER", None):
        lines.append(mod.HEADER)
    failed = False
    for xp, dev in targets:
        try:
            text, paths = mod.demo(xp, dev, out_dir)
        except ImportError as exc:  # an optional dependency of this part is missing
            lines.append(f"{_label(xp, dev)}: skipped: {exc}")
            continue
        except Exception as exc:  # noqa: BLE001 - report, go on with the other parts, exit 1
            traceback.print_exc()
            lines.append(f"{_label(xp, dev)}: FAILED: {type(exc).__name__}: {exc}")
            failed = True
            continue
        lines.append(text)
        figures.extend(paths)
    return lines, failed


def _demo(args: argparse.Namespace, emit: Callable[[str], None]) -> int:
    out_dir = pathlib.Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    parts = list(DEMO_PARTS) if args.part == "all" else [args.part]
    targets = _targets(args.backend, args.device)
    emit(f"framekit demo on {', '.join(_label(xp, dev) for xp, dev in targets)}: every part computes "
         f"in float64; figures go to {out_dir}/")
    if args.backend is None:
        usable = {b["backend"] for b in _backend.backends() if b["usable"]}
        for name in sorted(usable & set(NOT_BY_DEFAULT)):
            emit(f"(not run by default: {name}: {NOT_BY_DEFAULT[name]})")
    figures: list[str] = []
    failed = []
    start = time.perf_counter()
    for part in parts:
        lines, part_failed = _run_part(part, targets, str(out_dir), figures)
        if part_failed:
            failed.append(part)
        emit("\n" + "\n".join(lines))
    emit(f"\n== Figures ({len(figures)})" + "".join(f"\n  {p}" for p in figures))
    if not figures and importlib.util.find_spec("matplotlib") is None:
        emit("  none: matplotlib is not installed (pip install 'framekit[plot]')")
    emit(f"\ndone in {time.perf_counter() - start:.1f} s" + (f"; FAILED parts: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


def _analyze(args: argparse.Namespace, emit: Callable[[str], None]) -> int:
    from .demo.filterbank import analyze

    out_dir = pathlib.Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    for xp, dev in _targets(args.backend, args.device):
        try:
            text, paths = analyze(args.file, xp, dev, str(out_dir), channel=args.channel)
        except (FileNotFoundError, ValueError) as exc:
            raise SystemExit(f"framekit analyze: {exc}") from None
        emit(text + "".join(f"\n  wrote {p}" for p in paths))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="framekit", description=DESCRIPTION, formatter_class=_HelpFormatter)
    parser.add_argument("--version", action="version", version=f"framekit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    backends = ", ".join([*_backend.KNOWN_BACKENDS, *ALIASES])
    sub.add_parser("info", help="list array backends, versions and devices", formatter_class=_HelpFormatter,
                   description="List the array backends framekit knows, whether each is usable here, its "
                   "version and devices (or why it is not usable).")
    demo = sub.add_parser(
        "demo", help="run the demonstration on every usable backend (offline)", formatter_class=_HelpFormatter,
        description="Run the demonstration offline, on every usable backend (or the one given), in\n"
        "float64. Tables are printed part by part; PNG figures go to --out, named\n"
        "<part>_<backend>.png.",
    )
    demo.add_argument("--backend", default=None, help=f"run on this backend only ({backends}); default: every usable one")
    demo.add_argument("--device", default=None, help="device of that backend (e.g. cpu, cuda, cuda:1); default: the backend's own")
    demo.add_argument("--part", default="all", choices=["all", *DEMO_PARTS], help="which part to run")
    demo.add_argument("--out", default="framekit-demo", help="folder for the PNG figures")
    analyze = sub.add_parser(
        "analyze", help="ISAC filterbank analysis of a WAV file", formatter_class=_HelpFormatter,
        description="ISAC filterbank analysis of a WAV file (PCM 8/16/24/32-bit or float32/64, any\n"
        "number of channels) in float64: frame bounds, exact-dual reconstruction error, and\n"
        "a figure with the filter responses and each channel's coefficients in --out,\n"
        "named <file>_<backend>.png.",
    )
    analyze.add_argument("file", help="path of a WAV file")
    analyze.add_argument("--channel", type=int, default=None, help="analyse only this channel (0-based); default: all")
    analyze.add_argument("--backend", default="numpy", help=f"backend to run on ({backends})")
    analyze.add_argument("--device", default=None, help="device of that backend (e.g. cpu, cuda:0); default: the backend's own")
    analyze.add_argument("--out", default="framekit-analyze", help="folder for the PNG figures")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``framekit`` console script; returns the exit status."""
    args = _parser().parse_args(argv)

    def emit(text: str) -> None:
        print(text, flush=True)

    if args.command == "info":
        emit(_info())
        return 0
    if args.command == "demo":
        return _demo(args, emit)
    return _analyze(args, emit)


if __name__ == "__main__":
    raise SystemExit(main())
