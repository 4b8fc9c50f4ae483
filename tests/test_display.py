"""framekit.display: axes, units, extents, dB clipping, the Littlewood-Paley oracle, bad input."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from helpers import to_numpy, to_xp

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt

import framekit
from framekit import display
from framekit.display import (
    coefficient_image,
    filter_responses,
    reassignment_scatter,
)
from framekit.filterbanks.filterbank import FilterBank


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def mesh_edges(mesh):
    """(time edges, frequency edges) of a pcolormesh made from 1-D edge vectors."""
    xy = mesh.get_coordinates()  # (n_y + 1, n_x + 1, 2)
    return xy[0, :, 0], xy[:, 0, 1]


def random_coefficients(rng, K, N):
    return rng.standard_normal((K, N)) + 1j * rng.standard_normal((K, N))


# --------------------------------------------------------------------------
# coefficient_image
# --------------------------------------------------------------------------


class TestCoefficientImage:
    def test_non_uniform_rows_sit_at_their_centres(self, xp, device):
        rng = np.random.default_rng(0)
        fs, hop, N = 4000.0, 32, 10
        freqs = np.array([0.0, 100.0, 300.0, 700.0, 1500.0])
        c = to_xp(random_coefficients(rng, freqs.size, N), xp, device)
        mesh, cbar = coefficient_image(c, fs=fs, hop_length=hop, freqs=to_xp(freqs, xp, device))
        ax = mesh.axes
        assert ax.get_xlabel() == "time (s)" and ax.get_ylabel() == "frequency (Hz)"
        assert cbar is not None and cbar.ax.get_ylabel() == "dB"
        t_edges, f_edges = mesh_edges(mesh)
        assert f_edges.size == freqs.size + 1 and t_edges.size == N + 1
        # every row's cell brackets its centre; inner edges are the midpoints
        assert np.all(f_edges[:-1] <= freqs) and np.all(freqs < f_edges[1:])
        np.testing.assert_allclose(f_edges[1:-1], (freqs[1:] + freqs[:-1]) / 2)
        assert f_edges[0] == 0.0  # clipped at 0 Hz: the centres lie in [0, fs/2]
        np.testing.assert_allclose(f_edges[-1], 1900.0)  # mirror of the midpoint 1100 about 1500
        # frames at n hop / fs, half a hop either side: total extent N hop / fs
        np.testing.assert_allclose(t_edges, (np.arange(N + 1) - 0.5) * hop / fs)
        np.testing.assert_allclose(t_edges[-1] - t_edges[0], N * hop / fs)
        np.testing.assert_allclose(ax.get_xlim(), (t_edges[0], t_edges[-1]))

    def test_values_are_db_relative_to_max(self, xp, device):
        rng = np.random.default_rng(1)
        c_np = random_coefficients(rng, 6, 7)
        mesh, _ = coefficient_image(to_xp(c_np, xp, device), fs=8000, hop_length=4, dynamic_range=200.0)
        expected = 20 * np.log10(np.abs(c_np) / np.abs(c_np).max())
        np.testing.assert_allclose(np.asarray(mesh.get_array()).reshape(6, 7), expected, atol=1e-9)

    def test_dynamic_range_clips(self, xp, device):
        c_np = np.zeros((4, 5))
        c_np[0, 0] = 1.0
        c_np[1, 1] = 1e-2  # -40 dB
        c_np[2, 2] = 1e-6  # -120 dB, and zeros: both clipped
        mesh, cbar = coefficient_image(to_xp(c_np, xp, device), fs=100, hop_length=1, dynamic_range=60.0)
        v = np.asarray(mesh.get_array()).reshape(4, 5)
        assert v.max() == 0.0 and v.min() == -60.0
        np.testing.assert_allclose(v[1, 1], -40.0)
        assert v[2, 2] == -60.0 and v[3, 3] == -60.0
        assert mesh.norm.vmin == -60.0 and mesh.norm.vmax == 0.0
        assert cbar.ax.get_ylabel() == "dB"

    @pytest.mark.parametrize("ref", ["max", 2.0])
    def test_silence_sits_at_the_bottom(self, xp, device, ref):
        mesh, _ = coefficient_image(to_xp(np.zeros((3, 4)), xp, device), fs=10, hop_length=1, ref=ref)
        assert np.all(np.asarray(mesh.get_array()) == -80.0)
        assert (mesh.norm.vmin, mesh.norm.vmax) == (-80.0, 0.0)

    def test_explicit_reference(self, xp, device):
        c_np = np.array([[1.0, 0.1], [0.01, 0.0]])
        mesh, _ = coefficient_image(to_xp(c_np, xp, device), fs=10, hop_length=1, ref=0.5,
                                    dynamic_range=30.0)
        v = np.asarray(mesh.get_array()).reshape(2, 2)
        top = 20 * np.log10(2.0)
        np.testing.assert_allclose(v.max(), top)
        np.testing.assert_allclose(v.min(), top - 30.0)  # the range counts from the loudest

    def test_default_axes_are_one_sided_stft_bins(self, xp, device):
        n_fft, hop, fs = 8, 2, 8000.0
        x = np.random.default_rng(2).standard_normal(32)
        c = framekit.stft(to_xp(x, xp, device), n_fft=n_fft, hop_length=hop)
        mesh, cbar = coefficient_image(c, fs=fs, hop_length=hop, colorbar=False)
        assert cbar is None
        _, f_edges = mesh_edges(mesh)
        centres = np.arange(n_fft // 2 + 1) * fs / n_fft
        assert np.all(f_edges[:-1] <= centres) and np.all(centres <= f_edges[1:])
        assert (f_edges[0], f_edges[-1]) == (0.0, fs / 2)

    def test_filterbank_output_and_given_times(self, xp, device):
        fb = framekit.isac(2000, kernel_size=32, num_channels=12, xp=xp, device=device, dtype=xp.float64)
        x = np.random.default_rng(3).standard_normal(fb.length)
        c = fb.analysis(to_xp(x, xp, device))
        times = to_xp(np.arange(c.shape[-1]) * fb.stride / 2000 + 0.25, xp, device)
        _, ax = plt.subplots()
        mesh, _ = coefficient_image(c, fs=2000, hop_length=fb.stride, freqs=fb.center_frequencies,
                                    times=times, ax=ax, title="isac")
        assert mesh.axes is ax and ax.get_title() == "isac"
        t_edges, f_edges = mesh_edges(mesh)
        cf = to_numpy(fb.center_frequencies)
        assert np.all(f_edges[:-1] <= cf) and np.all(cf <= f_edges[1:])
        np.testing.assert_allclose(t_edges[0], 0.25 - fb.stride / 4000)

    def test_log_axis_drops_zero_hz(self, xp, device):
        freqs = np.array([0.0, 50.0, 100.0, 200.0, 400.0])
        c = to_xp(np.ones((5, 3)), xp, device)
        mesh, _ = coefficient_image(c, fs=1000, hop_length=10, freqs=to_xp(freqs, xp, device),
                                    yscale="log")
        _, f_edges = mesh_edges(mesh)
        assert f_edges.size == 5 and np.all(f_edges > 0)
        assert np.all(f_edges[:-1] <= freqs[1:]) and np.all(freqs[1:] <= f_edges[1:])
        assert mesh.axes.get_yscale() == "log"

    def test_torch_requires_grad(self):
        torch = pytest.importorskip("torch")
        c = torch.ones((3, 4), dtype=torch.complex128, requires_grad=True)
        mesh, _ = coefficient_image(c * 2, fs=100, hop_length=1)
        assert np.asarray(mesh.get_array()).max() == 0.0

    @pytest.mark.parametrize(
        "change, error, match",
        [
            ({"c": np.ones((2, 3, 4))}, ValueError, "leading batch"),
            ({"c": np.ones(4)}, ValueError, r"shape \(channels, frames\)"),
            ({"c": np.ones((1, 4))}, ValueError, "at least 2 channels"),
            ({"c": np.array([[1.0, np.nan], [1.0, 1.0]])}, ValueError, "c contains NaN"),
            ({"c": np.array([["a", "b"], ["c", "d"]])}, TypeError, "c must be an array"),
            ({"fs": 0.0}, ValueError, "fs must be a positive"),
            ({"fs": -8000}, ValueError, "fs must be a positive"),
            ({"fs": float("inf")}, ValueError, "fs must be a positive"),
            ({"fs": "8k"}, TypeError, "fs must be a positive finite number"),
            ({"hop_length": 0}, ValueError, "hop_length must be a positive int"),
            ({"hop_length": 1.5}, TypeError, "hop_length must be a positive int"),
            ({"freqs": np.arange(3.0)}, ValueError, r"freqs must have one value per row of c \(shape \(2,\)\)"),
            ({"freqs": np.array([5.0, 1.0])}, ValueError, "freqs must be strictly increasing"),
            ({"freqs": np.array([0.0, np.inf])}, ValueError, "freqs contains NaN or inf"),
            ({"times": np.arange(5.0)}, ValueError, "times must have one value per column"),
            ({"dynamic_range": 0.0}, ValueError, "dynamic_range must be a positive"),
            ({"ref": "min"}, ValueError, "ref must be 'max'"),
            ({"ref": -1.0}, ValueError, "ref must be a positive"),
            ({"yscale": "mel"}, ValueError, "yscale must be"),
        ],
    )
    def test_bad_input(self, change, error, match):
        kwargs = {"c": np.ones((2, 4)), "fs": 8000.0, "hop_length": 4} | change
        c = kwargs.pop("c")
        with pytest.raises(error, match=match):
            coefficient_image(c, **kwargs)


# --------------------------------------------------------------------------
# filter_responses
# --------------------------------------------------------------------------


def placed_dft(kernels, L, origin):
    """DFT_L of the kernels placed circularly with their origin at time 0 (NumPy oracle)."""
    K, T = kernels.shape
    h = np.zeros((K, L), dtype=complex)
    for t in range(T):
        h[:, (t - origin) % L] += kernels[:, t]
    return np.fft.fft(h, axis=-1)


def dense_analysis(kernels, stride, L, origin):
    """Rows (k, n) of the analysis matrix: c_k[n] = sum_m x[m] h_k[(n d - m) mod L]."""
    K, T = kernels.shape
    h = np.zeros((K, L), dtype=complex)
    for t in range(T):
        h[:, (t - origin) % L] += kernels[:, t]
    n = np.arange(L // stride)[:, None]
    m = np.arange(L)[None, :]
    return h[:, (n * stride - m) % L].reshape(K * (L // stride), L)


def random_bank(xp, device, *, stride, signal="real", complex_kernels=True, K=6, T=12, L=48,
                fs=1000.0, seed=0):
    rng = np.random.default_rng(seed)
    k = rng.standard_normal((K, T))
    if complex_kernels:
        k = k + 1j * rng.standard_normal((K, T))
    return k, FilterBank(to_xp(k, xp, device), stride, L, fs=fs, signal=signal)


class TestFilterResponses:
    @pytest.mark.parametrize("signal", ["real", "complex"])
    @pytest.mark.parametrize("complex_kernels", [True, False])
    def test_littlewood_paley_equals_oracle(self, xp, device, signal, complex_kernels):
        d, L, fs = 3, 48, 1000.0
        k, fb = random_bank(xp, device, stride=d, signal=signal, complex_kernels=complex_kernels,
                            L=L, fs=fs)
        art = filter_responses(fb, db=False)
        P = np.abs(placed_dft(k, L, k.shape[1] // 2)) ** 2
        if signal == "real":  # Re(D C): half of the conjugate-augmented bank {h_k, conj h_k}
            w = np.arange(L // 2 + 1)
            lp = (P[:, w] + P[:, (-w) % L]).sum(axis=0) / (2 * d)
            f = w * fs / L
        else:
            w = np.fft.fftshift(np.arange(L))
            lp = P[:, w].sum(axis=0) / d
            f = np.fft.fftshift(np.fft.fftfreq(L, 1 / fs))
        np.testing.assert_allclose(art.lp_line.get_xdata(), f)
        np.testing.assert_allclose(art.lp_line.get_ydata(), lp, rtol=1e-10)
        # the channel curves add up to the Littlewood-Paley sum
        total = np.sum([line.get_ydata() for line in art.lines], axis=0)
        np.testing.assert_allclose(total, lp, rtol=1e-10)
        # ... which is the diagonal of the frame operator in the Fourier basis (dense oracle)
        C = dense_analysis(k, d, L, k.shape[1] // 2)
        S = C.conj().T @ C
        if signal == "real":
            S = S.real
        F = np.fft.fft(np.eye(L), axis=0)
        diag = np.real(np.diag(F @ S @ np.linalg.inv(F)))
        np.testing.assert_allclose(lp, diag[w], rtol=1e-9)
        # and lies between the drawn bounds, which are the exact ones
        A, B = (float(to_numpy(v)) for v in fb.frame_bounds())
        line_a, line_b = art.bound_lines
        assert line_a.get_ydata()[0] == A and line_b.get_ydata()[0] == B
        assert A <= lp.min() + 1e-12 and lp.max() <= B + 1e-12
        lam = np.linalg.eigvalsh(S)
        np.testing.assert_allclose([A, B], [lam[0], lam[-1]], rtol=1e-9)

    def test_painless_bounds_are_lp_extremes(self, xp, device):
        _, fb = random_bank(xp, device, stride=1)
        art = filter_responses(fb, db=False)
        lp = np.asarray(art.lp_line.get_ydata())
        A, B = (line.get_ydata()[0] for line in art.bound_lines)
        np.testing.assert_allclose([A, B], [lp.min(), lp.max()], rtol=1e-10)

    def test_db_axes_labels_legend_colours(self, xp, device):
        fb = framekit.isac(2000, kernel_size=32, num_channels=12, xp=xp, device=device)
        art = filter_responses(fb)
        ax = art.lp_line.axes
        assert ax.get_xlabel() == "frequency (Hz)" and ax.get_ylabel() == "|H|² (dB)"
        np.testing.assert_allclose(ax.get_xlim(), (0.0, 1000.0))
        assert art.lp_line.get_label() == "Littlewood-Paley sum (diagonal of the frame operator)"
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert labels[1] == art.lp_line.get_label()
        assert labels[2].startswith("A = ") and labels[3].startswith("B = ")
        assert len(art.lines) == 12
        colours = {tuple(matplotlib.colors.to_rgba(line.get_color())) for line in art.lines}
        assert len(colours) == 12  # a colormap by channel, not the 10-colour cycle
        assert art.colorbar is not None and art.colorbar.ax.get_ylabel() == "channel k"
        A, B = (float(to_numpy(v)) for v in fb.frame_bounds())
        lp_db = np.asarray(art.lp_line.get_ydata())
        np.testing.assert_allclose(art.bound_lines[0].get_ydata()[0], 10 * np.log10(A))
        assert 10 * np.log10(A) <= lp_db.min() and lp_db.max() <= 10 * np.log10(B)

    def test_max_curves_and_switches(self, xp, device):
        _, fb = random_bank(xp, device, stride=2, K=9)
        art = filter_responses(fb, max_curves=3, littlewood_paley=False, bounds=False,
                               colorbar=False, legend=False)
        assert len(art.lines) == 3 and art.lp_line is None and art.bound_lines is None
        assert art.colorbar is None and art.lines[0].axes.get_legend() is None

    def test_normalised_frequency_without_fs(self, xp, device):
        k = np.random.default_rng(4).standard_normal((3, 4))
        fb = FilterBank(to_xp(k, xp, device), 2, 16)
        art = filter_responses(fb)
        assert art.lp_line.axes.get_xlabel() == "frequency (cycles/sample)"
        np.testing.assert_allclose(art.lp_line.get_xdata()[[0, -1]], [0.0, 0.5])

    def test_not_a_frame(self, xp, device):
        # one unit impulse at stride 2 drops every other sample: A = 0, LP = 1/2, B = 1
        fb = FilterBank(to_xp(np.ones((1, 1)), xp, device), 2, 8, fs=8.0)
        art = filter_responses(fb, db=False)
        np.testing.assert_allclose(art.lp_line.get_ydata(), 0.5)
        assert [line.get_ydata()[0] for line in art.bound_lines] == [0.0, 1.0]
        art = filter_responses(fb)
        assert art.bound_lines[0].get_label() == "A = 0 (not a frame)"

    @pytest.mark.parametrize(
        "kwargs, error, match",
        [
            ({"fb": np.ones((3, 4))}, TypeError, "fb must be a framekit.FilterBank"),
            ({"max_curves": 0}, ValueError, "max_curves must be a positive int"),
            ({"max_curves": 2.5}, TypeError, "max_curves must be a positive int"),
            ({"dynamic_range": -1.0}, ValueError, "dynamic_range must be a positive"),
        ],
    )
    def test_bad_input(self, kwargs, error, match):
        fb = kwargs.pop("fb", FilterBank(np.ones((2, 4)), 2, 8))
        with pytest.raises(error, match=match):
            filter_responses(fb, **kwargs)


# --------------------------------------------------------------------------
# reassignment_scatter
# --------------------------------------------------------------------------


class TestReassignmentScatter:
    def test_points_units_and_range(self, xp, device):
        fs = 1000.0
        t = np.arange(512) / fs
        x = np.cos(2 * np.pi * (50 * t + 200 * t**2)) + 0.01 * np.cos(2 * np.pi * 300 * t)
        f, tr, mag = framekit.reassigned_spectrogram(to_xp(x, xp, device), n_fft=64, hop_length=16, fs=fs)
        pts, cbar = reassignment_scatter(tr, f, mag, dynamic_range=50.0)
        ax = pts.axes
        assert ax.get_xlabel() == "time (s)" and ax.get_ylabel() == "frequency (Hz)"
        assert cbar.ax.get_ylabel() == "dB"
        f_h, t_h, m_h = (to_numpy(a).ravel() for a in (f, tr, mag))
        db = 20 * np.log10(np.maximum(m_h, 1e-300) / m_h.max())
        keep = db >= -50.0
        values = np.asarray(pts.get_array())
        assert values.size == keep.sum() and 0 < keep.sum() < db.size
        assert values.min() >= -50.0 and values.max() == 0.0
        assert np.all(np.diff(values) >= 0)  # loudest drawn last
        xy = pts.get_offsets()
        # points are (time s, frequency Hz) pairs of the input
        order = np.argsort(db[keep], kind="stable")
        np.testing.assert_allclose(xy[:, 0], t_h[keep][order])
        np.testing.assert_allclose(xy[:, 1], f_h[keep][order])
        assert 0.0 <= xy[:, 1].min() and xy[:, 1].max() <= fs / 2 + 1e-9
        assert pts.norm.vmin == -50.0 and pts.norm.vmax == 0.0

    def test_on_given_axes_without_colorbar(self, xp, device):
        _, ax = plt.subplots()
        a = to_xp(np.arange(6.0).reshape(2, 3), xp, device)
        pts, cbar = reassignment_scatter(a, a, a, ax=ax, colorbar=False, title="r")
        assert pts.axes is ax and cbar is None and ax.get_title() == "r"
        assert np.asarray(pts.get_array()).size == 5  # the zero magnitude is dropped

    @pytest.mark.parametrize(
        "t, f, m, kwargs, match",
        [
            (np.ones(3), np.ones(4), np.ones(3), {}, "same shape"),
            (np.ones((2, 2, 2)),) * 3 + ({}, "one signal"),
            (np.ones(3), np.ones(3), -np.ones(3), {}, "non-negative"),
            (np.ones(3), np.array([1.0, np.nan, 1.0]), np.ones(3), {}, "freqs contains NaN"),
            (np.ones(3), np.ones(3), np.ones(3), {"dynamic_range": 0}, "dynamic_range"),
            (np.ones(3), np.ones(3), np.ones(3), {"s": -1.0}, "s must be a positive"),
        ],
    )
    def test_bad_input(self, t, f, m, kwargs, match):
        with pytest.raises(ValueError, match=match):
            reassignment_scatter(t, f, m, **kwargs)


# --------------------------------------------------------------------------
# matplotlib is optional
# --------------------------------------------------------------------------


def test_import_does_not_load_matplotlib():
    code = "import sys, framekit.display; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_missing_matplotlib_message(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=r"pip install 'framekit\[plot\]'"):
        display.coefficient_image(np.ones((2, 2)), fs=1.0, hop_length=1)
