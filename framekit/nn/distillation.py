"""Knowledge distillation of an auditory teacher filterbank into a learnable front-end.

The MuReNN paper's fit: the teacher Lambda (a :class:`~framekit.FilterBank`: gammatone, CQT,
third-octave...) gives ``Y[f, t] = |Lambda x|^2[f, hop t]``; the student Phi (any module whose
``forward`` returns complex coefficients with hop ``student.hop``) gives ``|Phi x|^2``; each
time frame is L2-normalised across the channels (the teacher's DC channel dropped) and

.. math::

    \\mathcal{L} = \\operatorname{mean}_t \\tfrac12 \\sum_f
        \\big(\\widetilde{|\\Phi x|^2}[f,t] - \\widetilde{Y}[f,t]\\big)^2
      = \\operatorname{mean}_t \\big(1 - \\cos(|\\Phi x|^2[\\cdot,t], Y[\\cdot,t])\\big),

minimised by Adam on random segments of the training signals.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from .. import _validate as _v
from ..filterbanks import FilterBank

__all__ = ["distill", "distillation_loss", "spectral_cosine_distance", "synthetic_signals", "teacher_channels"]


def spectral_cosine_distance(S: torch.Tensor, Y: torch.Tensor, eps: float = 1e-12) -> torch.Tensor:
    """``mean_t (1/2) sum_f (S~ - Y~)^2`` with each frame (axis -1 = time, -2 = channels)
    L2-normalised across channels (``eps`` guards silent frames)."""
    Sn = S / torch.sqrt(torch.sum(S**2, dim=-2, keepdim=True) + eps)
    Yn = Y / torch.sqrt(torch.sum(Y**2, dim=-2, keepdim=True) + eps)
    return 0.5 * torch.mean(torch.sum((Sn - Yn) ** 2, dim=-2))


def teacher_channels(teacher: FilterBank) -> list[int]:
    """The teacher's channels that a student fits: all but the DC channel(s) (centre frequency
    0 Hz, when the bank records centre frequencies)."""
    cf = teacher.center_frequencies
    if cf is None:
        return list(range(teacher.num_channels))
    return [k for k, f in enumerate(np.asarray(_host(cf), dtype=float).tolist()) if f > 0.0]


def _host(a: Any) -> Any:
    if isinstance(a, torch.Tensor):
        return a.detach().cpu().numpy()
    return np.asarray(a)


class _Teacher:
    """The teacher's responses ``|Lambda x|^2`` at the student's hop, on torch segments."""

    def __init__(self, teacher: Any, hop: int, segment: int, dtype: torch.dtype, device: Any) -> None:
        if not isinstance(teacher, FilterBank):
            raise TypeError(f"teacher must be a framekit FilterBank (gammatone, cqt, third_octave...), got {type(teacher).__name__}")
        T = int(teacher.kernels.shape[-1])
        if T > segment:
            raise ValueError(f"segment={segment} is shorter than the teacher's kernels ({T} taps)")
        keep = teacher_channels(teacher)
        k = torch.as_tensor(_host(teacher.kernels)[keep], device=device)
        k = k.to(torch.complex128 if dtype == torch.float64 else torch.complex64)
        self.channels = keep
        self.bank = FilterBank(k, hop, segment, signal="real", origin=teacher.origin, check_finite=False)

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        c = self.bank.analysis(x, check_finite=False)
        return torch.real(c) ** 2 + torch.imag(c) ** 2


def _as_signals(signals: Any, segment: int, dtype: torch.dtype, device: Any, name: str) -> torch.Tensor:
    if isinstance(signals, torch.Tensor):
        s = signals.detach()
    elif isinstance(signals, np.ndarray):
        s = torch.from_numpy(signals)
    else:
        raise TypeError(f"{name} must be a torch tensor or NumPy array (n, L) or (L,), got {type(signals).__name__}")
    if s.ndim == 1:
        s = s[None, :]
    if s.ndim != 2:
        raise ValueError(f"{name} must have shape (n, L) or (L,), got shape {tuple(s.shape)}")
    if s.is_complex() or not (s.is_floating_point() or s.dtype in (torch.int16, torch.int32, torch.int64)):
        raise TypeError(f"{name} must be real, got dtype {s.dtype}")
    if s.shape[-1] < segment:
        raise ValueError(f"{name} must be at least segment={segment} samples long, got shape {tuple(s.shape)}")
    s = s.to(device=device, dtype=dtype)
    if not bool(torch.isfinite(s).all()):
        raise ValueError(f"{name} contains NaN or inf")
    return s


def _student_dtype(student: torch.nn.Module) -> tuple[torch.dtype, Any]:
    for p in student.parameters():
        return p.dtype, p.device
    raise ValueError("student has no parameters to fit")


def _check_student(student: Any) -> int:
    if not isinstance(student, torch.nn.Module):
        raise TypeError(f"student must be a torch.nn.Module (MuReNN, Conv1D, Gabor1D, ISAC...), got {type(student).__name__}")
    hop = getattr(student, "hop", None) or getattr(student, "stride", None)
    if not isinstance(hop, int):
        raise TypeError("student must have an int attribute hop (or stride): its output hop")
    return hop


def distillation_loss(
    student: torch.nn.Module, teacher: FilterBank, signals: Any, *, segment: int = 4096
) -> float:
    """The distillation loss on ``signals`` cut into consecutive segments (a hold-out score):
    the mean of :func:`spectral_cosine_distance` over all segments' frames."""
    hop = _check_student(student)
    segment = _v.positive_int(segment, "segment")
    dtype, device = _student_dtype(student)
    s = _as_signals(signals, segment, dtype, device, "signals")
    teach = _Teacher(teacher, hop, segment, dtype, device)
    n = s.shape[-1] // segment
    x = s[:, : n * segment].reshape(-1, segment)
    with torch.no_grad():
        c = student(x)
        return float(spectral_cosine_distance(torch.real(c) ** 2 + torch.imag(c) ** 2, teach(x)))


class _Progress:
    """tqdm when installed, else one printed line updated every ~5 % of the steps."""

    def __init__(self, total: int, desc: str, enabled: bool) -> None:
        self.total, self.desc, self.enabled, self.bar = total, desc, enabled, None
        self.every = max(total // 20, 1)
        if enabled:
            try:
                from tqdm.auto import tqdm

                self.bar = tqdm(total=total, desc=desc)
            except ImportError:
                self.bar = None

    def update(self, step: int, loss: float) -> None:
        if not self.enabled:
            return
        if self.bar is not None:
            self.bar.update(1)
            self.bar.set_postfix(loss=f"{loss:.4g}")
        elif step % self.every == 0 or step == self.total:
            print(f"\r{self.desc}: step {step}/{self.total} loss {loss:.4g}", end="", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        elif self.enabled:
            print(file=sys.stderr)


def distill(
    student: torch.nn.Module,
    teacher: FilterBank,
    signals: Any,
    *,
    steps: int,
    lr: float = 1e-3,
    segment: int = 4096,
    batch_size: int = 8,
    test_signals: Any = None,
    seed: int | None = 0,
    progress: bool = True,
    callback: Callable[[int, float], None] | None = None,
) -> dict[str, Any]:
    """Fit ``student`` to ``teacher`` by knowledge distillation (the MuReNN paper's procedure).

    Each step draws ``batch_size`` random segments of ``segment`` samples from ``signals``,
    computes the teacher's ``|Lambda x|^2`` at the student's hop (DC channel dropped: see
    :func:`teacher_channels`) and the student's ``|Phi x|^2``, and takes one Adam step on
    :func:`spectral_cosine_distance`.  Student channel f is fitted to the f-th kept teacher
    channel (teachers list their channels by ascending centre frequency; students such as
    :class:`~framekit.nn.MuReNN` and :class:`~framekit.nn.Gabor1D` order theirs the same way).

    Parameters
    ----------
    student : torch.nn.Module
        Returns complex coefficients ``(B, F, segment / hop)`` from ``(B, segment)``; has an
        int ``hop`` (or ``stride``) attribute.
    teacher : FilterBank
        Its kernels are applied circularly at length ``segment`` and the student's hop.
    signals : tensor or NumPy array, shape (n, L) or (L,)
        Training signals, ``L >= segment``.
    steps : int
        Number of Adam steps.
    lr : float
        Adam learning rate (the paper's 1e-3).
    segment, batch_size : int
        Segment length (the paper's 2**12) and segments per step.
    test_signals : optional
        Hold-out signals, scored by :func:`distillation_loss` before and after the fit.
    seed : int, optional
        Seed of the segment draws (the student's initialisation has its own).
    progress : bool
        Show a progress bar (tqdm when installed, else a printed line).
    callback : callable, optional
        Called as ``callback(step, loss)`` after each step.

    Returns
    -------
    history : dict
        ``loss`` (training loss per step, list of floats), ``test_loss`` (after the fit, or
        None), ``test_loss_initial``, ``teacher_channels`` (the teacher channels fitted).
    """
    hop = _check_student(student)
    steps = _v.positive_int(steps, "steps")
    lr = _v.positive_number(lr, "lr", "a positive finite learning rate")
    segment = _v.positive_int(segment, "segment")
    batch_size = _v.positive_int(batch_size, "batch_size")
    seed = _v.seed(seed)
    _v.flag(progress, "progress")
    if segment % hop:
        raise ValueError(f"segment={segment} must be a multiple of the student's hop ({hop})")
    dtype, device = _student_dtype(student)
    s = _as_signals(signals, segment, dtype, device, "signals")
    teach = _Teacher(teacher, hop, segment, dtype, device)
    with torch.no_grad():
        probe = student(s[:1, :segment])
    if probe.shape[-2] != len(teach.channels):
        raise ValueError(
            f"student has {probe.shape[-2]} channels but the teacher has {len(teach.channels)} "
            "(DC channel dropped); build the student with that many filters"
        )
    history: dict[str, Any] = {"loss": [], "teacher_channels": teach.channels, "test_loss": None, "test_loss_initial": None}
    if test_signals is not None:
        history["test_loss_initial"] = distillation_loss(student, teacher, test_signals, segment=segment)
    gen = torch.Generator(device="cpu")
    if seed is not None:
        gen.manual_seed(seed)
    n, L = s.shape
    opt = torch.optim.Adam([p for p in student.parameters() if p.requires_grad], lr=lr)
    bar = _Progress(steps, f"distill {type(student).__name__}", progress)
    try:
        for step in range(1, steps + 1):
            rows = torch.randint(0, n, (batch_size,), generator=gen)
            starts = torch.randint(0, L - segment + 1, (batch_size,), generator=gen)
            idx = (starts[:, None] + torch.arange(segment)[None, :]).to(device)
            x = torch.gather(s[rows.to(device)], 1, idx)
            with torch.no_grad():
                Y = teach(x)
            c = student(x)
            loss = spectral_cosine_distance(torch.real(c) ** 2 + torch.imag(c) ** 2, Y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            value = float(loss.detach())
            history["loss"].append(value)
            if not math.isfinite(value):
                raise FloatingPointError(f"the distillation loss became {value} at step {step}; lower lr")
            bar.update(step, value)
            if callback is not None:
                callback(step, value)
    finally:
        bar.close()
    if test_signals is not None:
        history["test_loss"] = distillation_loss(student, teacher, test_signals, segment=segment)
    return history


def synthetic_signals(n: int, length: int, fs: float, *, seed: int = 0) -> np.ndarray:
    """``n`` deterministic synthetic audio signals (float64, ``(n, length)``) for distillation:
    a sum of harmonic tones with vibrato, linear and exponential chirps, band noise bursts and
    clicks, with random levels (no data set can be downloaded).  Same seed, same signals."""
    n = _v.positive_int(n, "n")
    length = _v.positive_int(length, "length")
    fs = _v.positive_number(fs, "fs", "a positive sampling rate in Hz")
    rng = np.random.default_rng(_v.seed(seed))
    t = np.arange(length) / fs
    out = np.zeros((n, length))
    nyq = fs / 2.0
    for i in range(n):
        x = np.zeros(length)
        for _ in range(rng.integers(1, 4)):  # harmonic tones with vibrato and an envelope
            f0 = 60.0 * 2.0 ** rng.uniform(0.0, math.log2(nyq / 4.0 / 60.0))
            vib = 1.0 + rng.uniform(0.0, 0.03) * np.sin(2 * math.pi * rng.uniform(3, 8) * t)
            phase = 2 * math.pi * np.cumsum(f0 * vib) / fs
            on, dur = rng.uniform(0, t[-1]), rng.uniform(0.05, t[-1] + 1e-3)
            env = np.clip((t - on) / 0.01, 0, 1) * np.exp(-np.clip(t - on, 0, None) / dur)
            for h in range(1, int(nyq / f0)):
                x += env * rng.uniform(0.2, 1.0) / h * np.sin(h * phase + rng.uniform(0, 2 * math.pi))
        for _ in range(rng.integers(0, 3)):  # chirps, linear or exponential
            f1, f2 = rng.uniform(30.0, 0.95 * nyq, size=2)
            if rng.random() < 0.5:
                inst = f1 + (f2 - f1) * t / t[-1]
            else:
                inst = f1 * (f2 / f1) ** (t / t[-1])
            x += rng.uniform(0.1, 0.8) * np.sin(2 * math.pi * np.cumsum(inst) / fs)
        for _ in range(rng.integers(0, 4)):  # band-limited noise bursts
            spec = np.fft.rfft(rng.standard_normal(length))
            freqs = np.fft.rfftfreq(length, 1 / fs)
            lo = rng.uniform(20.0, nyq * 0.9)
            hi = min(lo * 2.0 ** rng.uniform(0.3, 3.0), nyq)
            burst = np.fft.irfft(spec * ((freqs >= lo) & (freqs <= hi)), n=length)
            on = rng.uniform(0, t[-1])
            win = np.exp(-0.5 * ((t - on) / rng.uniform(0.01, 0.1)) ** 2)
            x += rng.uniform(0.1, 1.0) * burst / (burst.std() + 1e-12) * win
        for _ in range(rng.integers(0, 6)):  # clicks
            k = rng.integers(0, length)
            x[k] += rng.uniform(-3.0, 3.0)
        x += 1e-3 * rng.standard_normal(length)
        out[i] = x / (np.abs(x).max() + 1e-12)
    return out
