"""framekit.nn: learnable ISAC forward and exact inverse at hybra's settings (fs 16 kHz, 40
channels, kernel 128, stride 16, B = 16 x 16000, float32), the side-by-side rows of
``filterbank.PeerHybraISAC``; and MuReNN's forward.  torch only: without torch (or, for
MuReNN, PyWavelets) the rows skip with the reason; ``torch:cuda`` rows skip without a GPU.
"""

from __future__ import annotations

import importlib
import importlib.util

from .common import BACKEND_INSTALL, torch_gpu_reason

BATCH, FS = 16, 16000
DEVICES = ("cpu", "cuda")


def _torch(device: str):
    """torch, set up for ``device``, or NotImplementedError (asv's skip) saying why."""
    if importlib.util.find_spec("torch") is None:
        raise NotImplementedError(f"torch not installed (framekit.nn rows; {BACKEND_INSTALL['torch']})")
    if device == "cuda":
        reason = torch_gpu_reason()
        if reason is not None:
            raise NotImplementedError(reason)
    torch = importlib.import_module("torch")
    torch.set_default_dtype(torch.float32)
    return torch


def _sync(torch, device: str) -> None:
    if device == "cuda":
        torch.cuda.synchronize()


class NNISAC:
    """``framekit.nn.ISAC(16000)``: forward, exact inverse with the cached dual, the inverse
    after a kernel update (dual rebuilt), and one training step (forward, inverse, backward)."""

    params = (DEVICES,)
    param_names = ("device",)
    timeout = 300

    def setup(self, device):
        torch = _torch(device)
        from framekit.nn import ISAC

        self.torch, self.device = torch, device
        self.m = ISAC(FS, dtype=torch.float32, device=device)
        g = torch.Generator().manual_seed(0)
        self.x = torch.randn(BATCH, self.m.length, generator=g).to(device)
        with torch.no_grad():
            self.c = self.m(self.x)
            self.m.inverse(self.c)  # warm: the dual is cached
        _sync(torch, device)

    def time_forward(self, device):
        with self.torch.no_grad():
            self.m(self.x)
        _sync(self.torch, device)

    def time_inverse(self, device):
        with self.torch.no_grad():
            self.m.inverse(self.c)
        _sync(self.torch, device)

    def time_inverse_after_update(self, device):
        self.m.clear_cache()  # what the first inverse after an optimiser step pays
        with self.torch.no_grad():
            self.m.inverse(self.c)
        _sync(self.torch, device)

    def time_training_step(self, device):
        y = self.m.inverse(self.m(self.x))
        loss = (y - self.x).square().mean() + self.m.condition_number()
        loss.backward()
        self.m.zero_grad(set_to_none=True)
        _sync(self.torch, device)


class NNMuReNN:
    """``framekit.nn.MuReNN(J=8, Q=6, T=8)`` forward (linear stage), B = 16 x 16000."""

    params = (DEVICES,)
    param_names = ("device",)
    timeout = 300

    def setup(self, device):
        torch = _torch(device)
        if importlib.util.find_spec("pywt") is None:
            raise NotImplementedError('PyWavelets not installed (MuReNN rows; pip install -e ".[nn]")')
        from framekit.nn import MuReNN

        self.torch, self.device = torch, device
        self.m = MuReNN(8, 6, T=8, seed=0, dtype=torch.float32, device=device)
        n = (FS // 2**8) * 2**8
        self.x = torch.randn(BATCH, n, generator=torch.Generator().manual_seed(0)).to(device)
        with torch.no_grad():
            self.m(self.x)
        _sync(torch, device)

    def time_forward(self, device):
        with self.torch.no_grad():
            self.m(self.x)
        _sync(self.torch, device)
