"""framekit time-frequency vs scipy, torch and librosa, side by side in one run (not an asv benchmark).

Timings of the speed figures: B=8, L=2^18, n_fft=1024, hop=256,
float64, periodic Hann: framekit stft vs scipy ShortTimeFFT.stft (NumPy) and torch.stft (CPU),
phase_derivatives (exact for every window: three STFTs and one long FFT pair) vs one stft, and
vs librosa's reassigned_spectrogram (with Hann, and with the same Gaussian window).

Run: ``python asv_bench/stft_side_by_side.py [ROUNDS]`` (needs scipy, torch, librosa).
Each group runs in its own process (torch's OpenMP threads spin after a parallel region and
slow down whatever runs next); inside a group the candidates run round-robin, best of ROUNDS."""
import json
import pathlib
import subprocess
import sys
import time
import warnings

B, L, M, a = 8, 2**18, 1024, 256
CIRC = {"n_fft": M, "hop_length": a, "pad_mode": "circular"}
ZEROS = {"n_fft": M, "hop_length": a, "pad_mode": "constant", "center": True}  # librosa's framing

def group(name, rounds, threads=None):
    import numpy as np
    import scipy.signal as ss
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
    from framekit.tf.phase import phase_derivatives
    from framekit.tf.short_time import stft
    x = np.random.default_rng(0).standard_normal((B, L))
    w = ss.get_window("hann", M)
    if name == "numpy":
        import librosa
        S = ss.ShortTimeFFT(w, a, fs=1.0, mfft=M)
        def lib(window="hann"):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                librosa.reassigned_spectrogram(x, sr=8000.0, n_fft=M, hop_length=a, window=window,
                                               center=True, pad_mode="constant")
        # framekit's ("gauss", 4.0) is scipy's periodic ("gaussian", sqrt(4 M / (2 pi))), equal to 1e-16
        gauss_std = (4.0 * M / (2 * 3.141592653589793)) ** 0.5
        cands = {
            "scipy ShortTimeFFT.stft": lambda: S.stft(x),
            "fk stft numpy zeros+center (= scipy output)": lambda: stft(x, window=w, **ZEROS),
            "fk stft numpy circular": lambda: stft(x, window=w, **CIRC),
            "fk phase_derivatives numpy hann circular": lambda: phase_derivatives(x, window=w, fs=8000.0, **CIRC),
            "fk phase_derivatives numpy hann zeros+center": lambda: phase_derivatives(x, window=w, fs=8000.0, **ZEROS),
            "fk phase_derivatives numpy gauss circular": lambda: phase_derivatives(x, window=("gauss", 4.0), fs=8000.0, **CIRC),
            "fk phase_derivatives numpy gauss zeros+center": lambda: phase_derivatives(x, window=("gauss", 4.0), fs=8000.0, **ZEROS),
            "librosa reassigned_spectrogram (hann, center)": lib,
            "librosa reassigned_spectrogram (same gauss, center)": lambda: lib(("gaussian", gauss_std)),
        }
    else:
        import torch
        if threads:
            torch.set_num_threads(threads)
        xt, wt = torch.from_numpy(x), torch.from_numpy(w)
        cands = {
            "torch.stft (center=True, reflect)": lambda: torch.stft(xt, M, a, window=wt, return_complex=True),
            "torch.stft (center=False)": lambda: torch.stft(xt, M, a, window=wt, center=False, return_complex=True),
            "fk stft torch circular": lambda: stft(xt, window=wt, **CIRC),
            "fk stft torch zeros+center": lambda: stft(xt, window=wt, **ZEROS),
            "fk phase_derivatives torch hann circular": lambda: phase_derivatives(xt, window=wt, fs=8000.0, **CIRC),
        }
    times = {k: [] for k in cands}
    for f in cands.values():
        f()
    for _ in range(rounds):
        for k, f in cands.items():
            t = time.perf_counter(); f(); times[k].append(time.perf_counter() - t)
    return {k: min(v) for k, v in times.items()}

if __name__ == "__main__":
    if len(sys.argv) > 2:
        print(json.dumps(group(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else None)))
        sys.exit()
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    res = {}
    for args in (["numpy"], ["torch"], ["torch", "1"]):
        out = subprocess.run([sys.executable, __file__, args[0], str(rounds), *args[1:]], capture_output=True, text=True, check=True)
        tag = "" if len(args) == 1 else " [1 thread]"
        res.update({k + tag: v for k, v in json.loads(out.stdout.strip().splitlines()[-1]).items()})
    import librosa
    import numpy
    import scipy
    import torch
    print(f"numpy {numpy.__version__}, scipy {scipy.__version__}, torch {torch.__version__} ({torch.get_num_threads()} threads unless marked), librosa {librosa.__version__}; B={B}, L=2^18, n_fft={M}, hop={a}, float64, best of {rounds}")
    for k, v in res.items():
        print(f"  {k:55s} {v*1e3:8.1f} ms")
    r = lambda p, q: res[p] / res[q]
    print("ratios:")
    print(f"  ShortTimeFFT.stft / fk numpy zeros+center     {r('scipy ShortTimeFFT.stft', 'fk stft numpy zeros+center (= scipy output)'):.2f}x faster   (issue: >= 1.4)")
    print(f"  ShortTimeFFT.stft / fk numpy circular         {r('scipy ShortTimeFFT.stft', 'fk stft numpy circular'):.2f}x faster")
    for tag in ("", " [1 thread]"):
        print(f"  fk torch circular / torch.stft center{tag:11s} {r('fk stft torch circular'+tag, 'torch.stft (center=True, reflect)'+tag):.2f}x   (issue: <= 1.1)")
        print(f"  fk torch zeros+center / torch.stft center{tag:7s} {r('fk stft torch zeros+center'+tag, 'torch.stft (center=True, reflect)'+tag):.2f}x")
        print(f"  fk torch phase_derivatives / fk torch stft{tag:6s} {r('fk phase_derivatives torch hann circular'+tag, 'fk stft torch circular'+tag):.2f}x")
    print(f"  phase_derivatives hann / stft (numpy circular)   {r('fk phase_derivatives numpy hann circular', 'fk stft numpy circular'):.2f}x   (issue: <= 2.5)")
    print(f"  phase_derivatives gauss / stft (numpy circular)  {r('fk phase_derivatives numpy gauss circular', 'fk stft numpy circular'):.2f}x")
    print(f"  phase_derivatives hann zeros+center / stft same  {r('fk phase_derivatives numpy hann zeros+center', 'fk stft numpy zeros+center (= scipy output)'):.2f}x   (issue: <= 2.5)")
    print(f"  librosa reassigned / fk phase_derivatives (hann, zeros+center)  {r('librosa reassigned_spectrogram (hann, center)', 'fk phase_derivatives numpy hann zeros+center'):.2f}x faster   (issue: >= 3)")
    print(f"  librosa reassigned / fk phase_derivatives (gauss, zeros+center) {r('librosa reassigned_spectrogram (same gauss, center)', 'fk phase_derivatives numpy gauss zeros+center'):.2f}x faster   (issue: >= 3)")
