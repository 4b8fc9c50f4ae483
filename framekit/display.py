r"""Plots of time-frequency coefficients, filterbank responses and reassigned points.

Like ``librosa.display``: each function draws on a matplotlib ``Axes`` (``ax=None``
creates a figure), labels the axes with their units and returns the artists it made.

* :func:`coefficient_image`: ``|c|`` in dB as an image, time (s) on x, frequency (Hz) on
  y, one cell per coefficient at its true centre frequency (non-uniform ISAC, mel or
  CQT channels as well as uniform STFT bins).
* :func:`filter_responses`: a :class:`~framekit.FilterBank`'s responses, their
  Littlewood-Paley sum and the exact frame bounds A and B.
* :func:`reassignment_scatter`: the points of :func:`~framekit.reassigned_spectrogram`,
  coloured by dB.

matplotlib comes from the ``plot`` extra (``pip install 'framekit[plot]'``) and is
imported only when a function is called, so ``import framekit.display`` works without
it.  Inputs of any backend (NumPy, torch with or without autograd, array-api-strict,
CuPy, JAX, Dask) are copied to host NumPy arrays with
:func:`framekit._backend.to_host`; this is a presentation module, the only place
besides the CLI and the demos where NumPy is used directly.

(About 620 lines, one module as ``librosa.display`` is: the three functions share the
validation, host-conversion and colorbar helpers; half of it is their docstrings.)
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

import numpy as np  # host-side plotting module: numpy only for matplotlib's arrays

from . import _backend as _b
from . import _validate as _v
from .filterbanks.filterbank import FilterBank

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.collections import PathCollection, QuadMesh
    from matplotlib.colorbar import Colorbar
    from matplotlib.lines import Line2D

__all__ = [
    "FilterResponseArtists",
    "coefficient_image",
    "filter_responses",
    "reassignment_scatter",
]

YScale = Literal["linear", "log"]

_LP_LABEL = "Littlewood-Paley sum (diagonal of the frame operator)"


# --------------------------------------------------------------------------
# helpers: matplotlib, host arrays, argument checks
# --------------------------------------------------------------------------


def _pyplot() -> Any:
    """``matplotlib.pyplot``, imported on first use (the ``plot`` extra)."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise ImportError("framekit.display needs matplotlib: pip install 'framekit[plot]'") from exc
    return plt


def _axes(ax: Axes | None) -> Axes:
    plt = _pyplot()
    if ax is None:
        _, ax = plt.subplots()
        return ax
    from matplotlib.axes import Axes

    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    return ax


def _colormap(cmap: Any) -> Any:
    """The matplotlib ``Colormap`` named by ``cmap`` (or ``cmap`` itself), checked before any
    figure is made: matplotlib's own error comes after drawing started and names no argument."""
    _pyplot()
    import matplotlib
    from matplotlib.colors import Colormap

    if isinstance(cmap, Colormap):
        return cmap
    if isinstance(cmap, str) and cmap in matplotlib.colormaps:
        return matplotlib.colormaps[cmap]
    raise ValueError(
        f"cmap must be a matplotlib colormap or the name of one (e.g. 'magma', 'viridis'; "
        f"see matplotlib.colormaps), got {cmap!r}"
    )


def _arrays(*args: tuple[str, Any], optional: tuple[str, ...] = ()) -> None:
    """The backend's checks on the array arguments together: arrays (not lists, scalars or
    None, except the ``optional`` names), of one library and device, not float16."""
    for name, a in args:
        if name not in optional:
            _v.require_array(a, name)
    _b.namespace_and_device(*args)


def _host(a: Any, name: str, *, complex_ok: bool = False) -> np.ndarray:
    """A host NumPy copy of an array of any backend, checked to be numeric."""
    try:
        h = np.asarray(_b.to_host(a))
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be an array of numbers, got {type(a).__name__}") from exc
    kinds = "biufc" if complex_ok else "biuf"
    if h.dtype.kind not in kinds:
        what = "numbers" if complex_ok else "real numbers"
        raise TypeError(f"{name} must be an array of {what}, got dtype {h.dtype}")
    return h


def _finite(h: np.ndarray, name: str) -> None:
    if not np.all(np.isfinite(h)):
        raise ValueError(f"{name} contains NaN or inf")


def _increasing(h: np.ndarray, name: str, n: int, what: str) -> np.ndarray:
    h = np.asarray(h, dtype=float)
    if h.shape != (n,):
        raise ValueError(f"{name} must have one value per {what} (shape ({n},)), got shape {h.shape}")
    _finite(h, name)
    if n > 1 and not np.all(np.diff(h) > 0):
        raise ValueError(f"{name} must be strictly increasing (sort the rows, or fftshift a two-sided STFT)")
    return h


def _edges(centres: np.ndarray, width: float) -> np.ndarray:
    """Cell edges at the midpoints between centres; the outer edges half a spacing out
    (``width`` is the cell width used when there is a single centre)."""
    if centres.size == 1:
        return np.array([centres[0] - width / 2, centres[0] + width / 2])
    mid = (centres[1:] + centres[:-1]) / 2
    return np.concatenate([[2 * centres[0] - mid[0]], mid, [2 * centres[-1] - mid[-1]]])


def _colorbar(ax: Axes, mappable: Any, label: str) -> Colorbar:
    cbar = ax.figure.colorbar(mappable, ax=ax)
    cbar.set_label(label)
    return cbar


# --------------------------------------------------------------------------
# coefficients as an image
# --------------------------------------------------------------------------


def coefficient_image(
    c: Any,
    *,
    fs: float,
    hop_length: int,
    freqs: Any = None,
    times: Any = None,
    ax: Axes | None = None,
    dynamic_range: float = 80.0,
    ref: float | Literal["max"] = "max",
    yscale: YScale = "linear",
    cmap: str = "magma",
    colorbar: bool = True,
    title: str | None = None,
) -> tuple[QuadMesh, Colorbar | None]:
    r"""Time-frequency coefficients as an image in dB (spectrogram, filterbank output).

    .. math::

        D[k, n] = \max\Bigl(20 \log_{10} \frac{|c[k, n]|}{r},\
                  \max_{k', n'} 20 \log_{10} \frac{|c[k', n']|}{r} - \Delta\Bigr)

    with ``r = ref`` (the largest ``|c|`` for ``"max"``) and ``Delta = dynamic_range``:
    the picture spans ``Delta`` dB below the loudest coefficient, so silence is painted
    at the bottom of the colour scale instead of at an arbitrary ``-inf`` floor (zeros
    included).  Row k is drawn at its centre frequency ``freqs[k]`` (Hz) and column n at
    ``times[n]`` (s) with ``pcolormesh``; cell edges lie at the midpoints between
    neighbouring centres (outer edges half a spacing out), so non-uniformly spaced
    channels (ISAC, mel, CQT) sit at their true frequencies.  When the centres lie in
    ``[0, fs/2]`` the outer edges are clipped to that band.

    Parameters
    ----------
    c : array, shape (K, N)
        Coefficients (complex or real; magnitudes, not powers) of one signal: rows are
        frequency channels or bins, columns frames.  Any backend.  A leading batch or
        channel axis is refused: pick one signal, e.g. ``c[0]``.
    fs : float
        Sampling rate in Hz.
    hop_length : int
        Samples between frames (the STFT hop_length, the filterbank stride).
    freqs : array, shape (K,), optional
        Centre frequency in Hz of each row, strictly increasing (e.g.
        ``fb.center_frequencies`` or :func:`framekit.bin_frequencies`).  Default: the
        bins of a one-sided STFT, ``k fs / n_fft`` with ``n_fft = 2 (K - 1)`` (pass
        them for an odd ``n_fft``).
    times : array, shape (N,), optional
        Time in seconds of each frame, strictly increasing.  Default ``n hop_length / fs``:
        the frame centres of a filterbank with centred kernels (framekit's default)
        and of an STFT with ``center=True`` (:func:`framekit.frame_times`); for
        ``center=False`` frames add ``(n_fft // 2) / fs``.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    dynamic_range : float
        dB shown below the loudest coefficient (> 0).
    ref : float or "max"
        Reference magnitude for 0 dB (> 0).
    yscale : {"linear", "log"}
        Frequency axis scale; on ``"log"`` rows at 0 Hz or below are not drawn.
    cmap : str
        matplotlib colormap name.
    colorbar : bool
        Add a colorbar labelled "dB".
    title : str, optional
        Axes title.

    Returns
    -------
    mesh : matplotlib.collections.QuadMesh
    colorbar : matplotlib.colorbar.Colorbar or None

    Raises
    ------
    ValueError
        ``c`` not 2-D or non-finite, ``freqs``/``times`` of the wrong length or not
        increasing, ``fs``, ``hop_length``, ``dynamic_range`` or ``ref`` not positive, an
        unknown ``yscale`` or ``cmap``.
    TypeError
        ``c``, ``freqs`` or ``times`` not an array (a list, a scalar, None), float16, or
        from two array libraries; non-numeric ``c``; ``fs`` or ``hop_length`` of the wrong type;
        ``ax`` not a matplotlib Axes.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import numpy as np
    >>> import framekit
    >>> from framekit.display import coefficient_image
    >>> fb = framekit.isac(16000)                          # 40 channels, stride 16
    >>> t = np.arange(fb.length) / 16000
    >>> c = fb.analysis(np.cos(2 * np.pi * (200 + 2000 * t) * t))   # a chirp
    >>> mesh, cbar = coefficient_image(c, fs=16000, hop_length=fb.stride,
    ...                                freqs=fb.center_frequencies)
    >>> mesh.axes.get_ylabel(), cbar.ax.get_ylabel()
    ('frequency (Hz)', 'dB')
    >>> plt.close("all")
    """
    _arrays(("c", c), ("freqs", freqs), ("times", times), optional=("freqs", "times"))
    h = _host(c, "c", complex_ok=True)
    if h.ndim != 2:
        hint = " (a leading batch: pick one signal, e.g. c[0])" if h.ndim > 2 else ""
        raise ValueError(f"c must have shape (channels, frames), got shape {h.shape}{hint}")
    K, N = h.shape
    if K < 2 or N < 1:
        raise ValueError(f"c must have at least 2 channels and 1 frame, got shape {h.shape}")
    _finite(h, "c")
    fs = _v.positive_number(fs, "fs")
    hop = _v.positive_int(hop_length, "hop_length")
    dynamic_range = _v.positive_number(dynamic_range, "dynamic_range")
    if yscale not in ("linear", "log"):
        raise ValueError(f"yscale must be 'linear' or 'log', got {yscale!r}")
    colormap = _colormap(cmap)
    if isinstance(ref, str):
        if ref != "max":
            raise ValueError(f"ref must be 'max' or a positive number, got {ref!r}")
    else:
        ref = _v.positive_number(ref, "ref")

    if freqs is None:
        f = np.arange(K) * (fs / (2 * (K - 1)))
    else:
        f = _increasing(_host(freqs, "freqs"), "freqs", K, "row of c")
    if times is None:
        t = np.arange(N) * (hop / fs)
    else:
        t = _increasing(_host(times, "times"), "times", N, "column of c")

    mag = np.abs(h)
    r = float(mag.max()) if ref == "max" else float(ref)
    if mag.max() > 0:
        db = 20.0 * np.log10(np.maximum(mag, np.finfo(float).tiny) / r)
        top = float(db.max())
    else:  # all zero: everything at the bottom of the scale
        db, top = np.full(mag.shape, -dynamic_range), 0.0
    floor = top - dynamic_range
    db = np.maximum(db, floor)

    f_edges = _edges(f, fs / 2)
    if yscale == "log":
        keep = f > 0
        if not keep.any():
            raise ValueError("yscale='log' needs some freqs > 0")
        f, db = f[keep], db[keep]
        f_edges = _edges(f, f[0])
        if f_edges[0] <= 0:  # geometric reflection of the first midpoint about f[0]
            f_edges[0] = f[0] ** 2 / f_edges[1]
    elif f[0] >= 0 and f[-1] <= fs / 2:
        f_edges = np.clip(f_edges, 0.0, fs / 2)
    t_edges = _edges(t, hop / fs)

    ax = _axes(ax)
    mesh = ax.pcolormesh(t_edges, f_edges, db, shading="flat", cmap=colormap, vmin=floor, vmax=top,
                         rasterized=True)
    ax.set_yscale(yscale)
    ax.set_xlim(t_edges[0], t_edges[-1])
    ax.set_ylim(f_edges[0], f_edges[-1])
    ax.set_xlabel("time (s)")
    ax.set_ylabel("frequency (Hz)")
    if title is not None:
        ax.set_title(title)
    cbar = _colorbar(ax, mesh, "dB") if colorbar else None
    return mesh, cbar


# --------------------------------------------------------------------------
# filterbank responses, Littlewood-Paley sum, frame bounds
# --------------------------------------------------------------------------


class FilterResponseArtists(NamedTuple):
    """What :func:`filter_responses` drew."""

    #: one line per plotted channel
    lines: list[Line2D]
    #: the Littlewood-Paley sum (None when not drawn)
    lp_line: Line2D | None
    #: the horizontal lines at A and B (None when not drawn)
    bound_lines: tuple[Line2D, Line2D] | None
    #: the channel-index colorbar (None when not drawn)
    colorbar: Colorbar | None


def _channel_energy(fb: FilterBank) -> tuple[np.ndarray, np.ndarray, str]:
    """Per-channel terms of the frame operator's diagonal on the plotted frequency grid.

    Returns ``(f, E, formula)``: frequencies (Hz, or cycles/sample without ``fs``),
    ``E[k, w]`` with ``sum_k E[k, w]`` the Littlewood-Paley sum, and the formula as text.
    """
    P = np.abs(_host(fb.frequency_response(), "fb.frequency_response()", complex_ok=True)) ** 2
    L, d = fb.length, fb.stride
    unit = 1.0 if fb.fs is None else float(fb.fs)
    if fb.signal == "real":
        w = np.arange(L // 2 + 1)
        E = (P[:, w] + P[:, (-w) % L]) / (2.0 * d)
        formula = "(|Ĥ_k(f)|² + |Ĥ_k(−f)|²) / 2d"
        f = w * (unit / L)
    else:
        w = np.fft.fftshift(np.arange(L))
        E = P[:, w] / float(d)
        formula = "|Ĥ_k(f)|² / d"
        f = np.fft.fftshift(np.fft.fftfreq(L, d=1.0 / unit))
    return f, E, formula


def filter_responses(
    fb: FilterBank,
    *,
    ax: Axes | None = None,
    db: bool = True,
    bounds: bool = True,
    littlewood_paley: bool = True,
    max_curves: int | None = None,
    dynamic_range: float = 60.0,
    cmap: str = "viridis",
    colorbar: bool = True,
    legend: bool = True,
    title: str | None = None,
) -> FilterResponseArtists:
    r"""A filterbank's frequency responses, their Littlewood-Paley sum and its frame bounds.

    With ``H_k = DFT_L`` of the placed kernels (:meth:`~framekit.FilterBank.frequency_response`)
    and stride d, each channel is drawn as its term of the frame operator's diagonal,

    .. math::

        E_k(f) = \frac{|\hat h_k(f)|^2 + |\hat h_k(-f)|^2}{2d} \quad (\texttt{signal="real"}),
        \qquad E_k(f) = \frac{|\hat h_k(f)|^2}{d} \quad (\texttt{signal="complex"}),

    (the real-signal frame is ``Re(D C)``, half the conjugate-augmented filterbank), so
    the curves add up to the **Littlewood-Paley sum** ``LP(f) = sum_k E_k(f)``, the
    diagonal of the frame-operator blocks ``G_j = (1/d) M_j^H M_j`` of
    :meth:`~framekit.FilterBank.frame_bounds`.  The dashed lines are the exact bounds A and B of
    :meth:`~framekit.FilterBank.frame_bounds`.  For a painless filterbank (stride 1, or every
    filter band-limited to ``fs/d``) the blocks are diagonal and ``A = min LP``,
    ``B = max LP`` exactly; a strided filterbank that aliases has off-diagonal block
    entries, and then only ``A <= min LP`` and ``max LP <= B`` hold: the gap between the
    flat-looking LP curve and the bounds is the aliasing.

    The x axis runs over ``0 .. fs/2`` for ``signal="real"`` (E_k and LP are even in f)
    and over ``-fs/2 .. fs/2`` for ``signal="complex"``; in cycles/sample when
    ``fb.fs`` is None.  Channels are coloured by index (a colormap, not the colour
    cycle), thin, so 40 overlapping curves stay readable.

    Parameters
    ----------
    fb : FilterBank
        Any backend (frame bounds need ``eigvalsh``: not Dask).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    db : bool
        y axis in dB (``10 log10``) or linear.
    bounds : bool
        Draw A and B (computes :meth:`~framekit.FilterBank.frame_bounds`, cached on ``fb``).
    littlewood_paley : bool
        Draw the Littlewood-Paley sum.
    max_curves : int, optional
        Draw at most this many channel curves, evenly spread over the channels (the
        Littlewood-Paley sum always uses all of them).
    dynamic_range : float
        dB shown below the top of the plot (``db=True``).
    cmap : str
        Colormap of the channel curves.
    colorbar : bool
        Add a colorbar of the channel index.
    legend : bool
        Add the legend (below the axes, with the bounds' values).
    title : str, optional
        Axes title.

    Returns
    -------
    FilterResponseArtists
        ``lines`` (one per drawn channel), ``lp_line``, ``bound_lines`` (A, B) and
        ``colorbar`` (None for what was not drawn).

    Raises
    ------
    TypeError
        ``fb`` not a FilterBank, ``max_curves`` not an int, ``ax`` not a matplotlib Axes.
    ValueError
        ``max_curves < 1``, ``dynamic_range <= 0``, an unknown ``cmap``.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import numpy as np
    >>> import framekit
    >>> from framekit.display import filter_responses
    >>> fb = framekit.isac(16000)
    >>> art = filter_responses(fb)
    >>> len(art.lines), art.lp_line.get_label()
    (40, 'Littlewood-Paley sum (diagonal of the frame operator)')
    >>> A, B = (float(v) for v in fb.frame_bounds())
    >>> lp = art.lp_line.get_ydata()                     # in dB
    >>> bool(10 * np.log10(A) <= lp.min() and lp.max() <= 10 * np.log10(B))
    True
    >>> plt.close("all")
    """
    if not isinstance(fb, FilterBank):
        raise TypeError(f"fb must be a framekit.FilterBank, got {type(fb).__name__}")
    dynamic_range = _v.positive_number(dynamic_range, "dynamic_range")
    colormap = _colormap(cmap)
    K = fb.num_channels
    if max_curves is None:
        shown = np.arange(K)
    else:
        shown = np.unique(np.round(np.linspace(0, K - 1, min(_v.positive_int(max_curves, "max_curves"), K))))
        shown = shown.astype(int)

    f, E, formula = _channel_energy(fb)
    lp = E.sum(axis=0)
    A = B = 0.0
    if bounds:
        A, B = (float(_b.to_host(v)) for v in fb.frame_bounds())
    tiny = np.finfo(float).tiny

    def scale(v: Any) -> Any:
        return 10.0 * np.log10(np.maximum(v, tiny)) if db else v

    ax = _axes(ax)
    colours = colormap(np.linspace(0.0, 1.0, K))
    lines: list[Line2D] = []
    for i, k in enumerate(shown):
        (line,) = ax.plot(f, scale(E[k]), color=colours[k], lw=0.8,
                          label=f"channels: {formula}" if i == 0 else "_nolegend_")
        lines.append(line)

    lp_line = None
    if littlewood_paley:
        (lp_line,) = ax.plot(f, scale(lp), color="black", lw=1.6, label=_LP_LABEL)

    top_value = max(float(E.max()), float(lp.max()) if littlewood_paley else 0.0, B)
    if db:
        top = 10.0 * math.log10(max(top_value, tiny)) + 3.0
        ylim = (top - dynamic_range, top)
    else:
        ylim = (0.0, 1.1 * top_value if top_value > 0 else 1.0)

    bound_lines = None
    if bounds:
        a_label = f"A = {A:.4g} (lower frame bound)" if A > 0 else "A = 0 (not a frame)"
        a_level = scale(A) if A > 0 else ylim[0]
        line_a = ax.axhline(a_level, color="tab:red", ls="--", lw=1.2, label=a_label)
        line_b = ax.axhline(scale(B), color="tab:blue", ls="--", lw=1.2,
                            label=f"B = {B:.4g} (upper frame bound)")
        bound_lines = (line_a, line_b)

    ax.set_xlim(f[0], f[-1])
    ax.set_ylim(*ylim)
    ax.set_xlabel("frequency (Hz)" if fb.fs is not None else "frequency (cycles/sample)")
    ax.set_ylabel("|H|² (dB)" if db else "|H|²")
    if legend:
        # below the axes: inside, it would hide the curves, which fill the whole band
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), fontsize="small",
                  frameon=False)
    if title is not None:
        ax.set_title(title)

    cbar = None
    if colorbar:
        from matplotlib.cm import ScalarMappable
        from matplotlib.colors import Normalize

        mappable = ScalarMappable(norm=Normalize(vmin=0, vmax=max(K - 1, 1)), cmap=colormap)
        cbar = _colorbar(ax, mappable, "channel k")
    return FilterResponseArtists(lines, lp_line, bound_lines, cbar)


# --------------------------------------------------------------------------
# reassigned points
# --------------------------------------------------------------------------


def reassignment_scatter(
    times: Any,
    freqs: Any,
    magnitudes: Any,
    *,
    ax: Axes | None = None,
    dynamic_range: float = 60.0,
    colorbar: bool = True,
    s: float = 1.0,
    cmap: str = "magma",
    title: str | None = None,
) -> tuple[PathCollection, Colorbar | None]:
    r"""Reassigned time-frequency points as a scatter coloured by level in dB.

    Point ``(times[i], freqs[i])`` gets the colour ``20 log10(magnitudes[i] / max)``;
    points more than ``dynamic_range`` dB below the loudest are dropped (they carry
    floored, meaningless positions), and the loudest are drawn last (on top).  The
    axes background is the colormap's bottom colour, so the picture reads like a
    spectrogram.

    Units: ``times`` in seconds and ``freqs`` in Hz, which is what
    :func:`framekit.reassigned_spectrogram` and :func:`framekit.phase_derivatives`
    return when called with ``fs=`` (with their default ``fs=1`` they are in samples
    and cycles/sample: multiply ``freqs`` by fs and divide ``times`` by fs).  Note the
    argument order: x (time) first, whereas ``reassigned_spectrogram`` returns
    ``(freqs, times, mags)``.

    Parameters
    ----------
    times, freqs, magnitudes : arrays of one shape, (F, N) or flat
        Reassigned times (s), frequencies (Hz) and magnitudes ``|c|`` (not powers) of
        one signal; any backend.  A leading batch is refused: pick one signal.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when None.
    dynamic_range : float
        dB kept below the loudest point (> 0).
    colorbar : bool
        Add a colorbar labelled "dB".
    s : float
        Marker area (points²).
    cmap : str
        matplotlib colormap name.
    title : str, optional
        Axes title.

    Returns
    -------
    points : matplotlib.collections.PathCollection
    colorbar : matplotlib.colorbar.Colorbar or None

    Raises
    ------
    ValueError
        Shapes that differ or have more than 2 dimensions, no points, non-finite values,
        negative magnitudes, ``dynamic_range`` or ``s`` not positive, an unknown ``cmap``.
    TypeError
        An argument that is not an array (a list, a scalar, None), float16 or complex, or
        arrays from two libraries; ``ax`` not a matplotlib Axes.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import numpy as np
    >>> import framekit
    >>> from framekit.display import reassignment_scatter
    >>> fs = 8000.0
    >>> t = np.arange(8192) / fs
    >>> x = np.cos(2 * np.pi * (300 * t + 400 * t**2))          # chirp 300 -> 1120 Hz
    >>> f, tr, mag = framekit.reassigned_spectrogram(x, n_fft=256, hop_length=64, fs=fs)  # Hz, s
    >>> pts, cbar = reassignment_scatter(tr, f, mag)
    >>> pts.axes.get_xlabel(), pts.axes.get_ylabel(), cbar.ax.get_ylabel()
    ('time (s)', 'frequency (Hz)', 'dB')
    >>> plt.close("all")
    """
    _arrays(("times", times), ("freqs", freqs), ("magnitudes", magnitudes))
    t = _host(times, "times")
    f = _host(freqs, "freqs")
    m = _host(magnitudes, "magnitudes")
    if not t.shape == f.shape == m.shape:
        raise ValueError(
            f"times, freqs and magnitudes must have the same shape, got {t.shape}, {f.shape}, {m.shape}"
        )
    if m.ndim > 2:
        raise ValueError(
            f"magnitudes must have shape (F, N) (one signal), got shape {m.shape}: pick one signal"
        )
    if m.size == 0:
        raise ValueError(
            f"magnitudes is empty (times, freqs and magnitudes have shape {m.shape}): no point "
            "to draw"
        )
    for name, h in (("times", t), ("freqs", f), ("magnitudes", m)):
        _finite(h, name)
    if np.any(m < 0):
        raise ValueError("magnitudes must be non-negative (|c|)")
    dynamic_range = _v.positive_number(dynamic_range, "dynamic_range")
    s = _v.positive_number(s, "s")
    colormap = _colormap(cmap)

    t, f, m = t.ravel().astype(float), f.ravel().astype(float), m.ravel().astype(float)
    peak = float(m.max()) if m.size else 0.0
    if peak > 0:
        db = 20.0 * np.log10(np.maximum(m, np.finfo(float).tiny) / peak)
    else:
        db = np.full(m.shape, -np.inf)
    keep = db >= -dynamic_range
    order = np.argsort(db[keep], kind="stable")
    t, f, db = t[keep][order], f[keep][order], db[keep][order]

    ax = _axes(ax)
    points = ax.scatter(t, f, c=db, s=s, cmap=colormap, vmin=-dynamic_range, vmax=0.0,
                        linewidths=0, rasterized=True)
    ax.set_facecolor(colormap(0.0))
    ax.set_xlabel("time (s)")
    ax.set_ylabel("frequency (Hz)")
    if title is not None:
        ax.set_title(title)
    cbar = _colorbar(ax, points, "dB") if colorbar else None
    return points, cbar
