"""From speaker embeddings to speaker turns.

`cluster` groups window embeddings into speakers (average-linkage AHC on
cosine distance, then re-assignment to the nearest centroid; without a given
count, the threshold's count is an upper bound and the silhouette picks the
count at or below it); `frame_turns`
gives every 10 ms of speech the speaker whose nearby windows score highest,
smooths flickers and merges the result into `Turn`s named SPK1, SPK2, … by
first appearance. numpy (and scipy when clustering) only, no torch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

FRAME = 0.01  # seconds per label frame


@dataclass(frozen=True)
class Turn:
    """One speaker's stretch of speech, in seconds from the start."""

    start: float
    end: float
    speaker: str  # "SPK1", "SPK2", … in order of first appearance

    @property
    def duration(self) -> float:
        return self.end - self.start


def cluster(
    embeddings: np.ndarray,
    num_speakers: int | None,
    threshold: float,
    weights: np.ndarray | None = None,
    min_weight: float = 0.0,
) -> np.ndarray:
    """Cluster L2-normalised embeddings; labels 0..k-1.

    Average-linkage AHC on cosine distance, cut at `num_speakers` clusters or
    at similarity `threshold`; then two rounds of re-assigning each window to
    its nearest centroid (AHC's early merges are never undone otherwise). In
    auto mode, clusters whose `weights` (seconds of speech) sum below
    `min_weight` are folded into their nearest neighbour, and the count so
    found is only an upper bound: every count from 2 up to it is tried and
    the one whose clustering has the highest mean silhouette wins (a voice
    split in two by the threshold scores lower than the voice kept whole).
    """
    from scipy.cluster.hierarchy import linkage  # lazy: 1.5 s import, only when diarizing

    n = len(embeddings)
    if n == 0:
        return np.zeros(0, dtype=int)
    if n == 1 or num_speakers == 1:
        return np.zeros(n, dtype=int)
    x = embeddings / np.maximum(np.linalg.norm(embeddings, axis=1, keepdims=True), 1e-9)
    tree = linkage(x, method="average", metric="cosine")
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
    if num_speakers:
        return _cut(x, tree, w, num_speakers, None, 0.0)
    labels = _cut(x, tree, w, None, threshold, min_weight)
    top = int(labels.max()) + 1
    if top < 2:
        return labels
    best, best_score = labels, -2.0
    for k in range(2, top + 1):
        cand = labels if k == top else _cut(x, tree, w, k, None, 0.0)
        mass = np.bincount(cand, weights=w)
        if len(mass) < k or (k < top and mass.min() < min_weight):
            continue
        score = silhouette(x, cand)
        if score > best_score:
            best, best_score = cand, score
    return best


def _cut(
    x: np.ndarray, tree: np.ndarray, w: np.ndarray, k: int | None, threshold: float | None, min_weight: float
) -> np.ndarray:
    """Labels from cutting the AHC `tree` at k clusters or at `threshold`,
    refined by re-assignment (folding clusters lighter than `min_weight`)."""
    from scipy.cluster.hierarchy import fcluster  # lazy: scipy.cluster takes ~1.5 s to import

    if k:
        labels = fcluster(tree, t=min(k, len(x)), criterion="maxclust") - 1
    elif threshold is not None:
        labels = fcluster(tree, t=1.0 - threshold, criterion="distance") - 1
    else:
        raise ValueError("_cut needs a cluster count or a threshold")
    for _ in range(2):
        ids = np.unique(labels)
        centroids = np.stack([x[labels == i].mean(axis=0) for i in ids])
        centroids /= np.linalg.norm(centroids, axis=1, keepdims=True)
        if min_weight > 0 and len(ids) > 1:
            mass = np.array([w[labels == i].sum() for i in ids])
            keep = mass >= min_weight
            if keep.any() and not keep.all():
                centroids = centroids[keep]
        labels = np.argmax(x @ centroids.T, axis=1)
    _, labels = np.unique(labels, return_inverse=True)
    return labels


def silhouette(x: np.ndarray, labels: np.ndarray, most: int = 2000) -> float:
    """Mean silhouette (cosine distance) of a clustering of L2-normalised rows;
    at most `most` evenly spaced rows are scored (the cost is quadratic)."""
    step = max(1, int(np.ceil(len(x) / most)))
    x, labels = x[::step].astype(np.float32), labels[::step]
    ids, labels = np.unique(labels, return_inverse=True)
    if len(ids) < 2:
        return -1.0
    dist = 1.0 - x @ x.T
    onehot = np.eye(len(ids), dtype=np.float32)[labels]
    sizes = onehot.sum(axis=0)
    sums = dist @ onehot  # (n, k) summed distance to each cluster
    own = sizes[labels] - 1
    a = np.where(own > 0, sums[np.arange(len(x)), labels] / np.maximum(own, 1), 0.0)
    other = sums / sizes
    other[np.arange(len(x)), labels] = np.inf
    b = other.min(axis=1)
    s = np.where(own > 0, (b - a) / np.maximum(np.maximum(a, b), 1e-9), 0.0)
    return float(s.mean())


def frame_turns(
    regions: list[tuple[float, float]],
    duration: float,
    spans: np.ndarray,
    scores: np.ndarray,
    min_turn: float,
    merge_gap: float,
) -> list[Turn]:
    """Turns over the speech `regions` (seconds) of a recording `duration` s
    long: every FRAME takes the speaker whose label windows (`spans`, (m, 2)
    seconds) score highest there (`scores`, (m, speakers) similarities)."""
    k = scores.shape[1]
    labels = scores.argmax(axis=1)
    n_frames = int(np.ceil(duration / FRAME)) + 1
    acc = np.zeros((n_frames, k), dtype=np.float32)
    hits = np.zeros(n_frames, dtype=np.float32)
    # each window votes for its frames, most for those near its centre
    for (a, b), sc in zip(spans, scores, strict=True):
        i, j = int(a / FRAME), int(b / FRAME)
        weight = _taper(j - i)
        acc[i:j] += weight[:, None] * sc
        hits[i:j] += weight
    pieces: list[tuple[float, float, int]] = []
    fallback = int(np.bincount(labels).argmax())
    for a, b in regions:
        i, j = int(round(a / FRAME)), int(round(b / FRAME))
        if j <= i:
            continue
        frame_labels = np.where(hits[i:j] > 0, acc[i:j].argmax(axis=1), -1)
        if (frame_labels < 0).all():
            frame_labels[:] = _nearest_label(a, b, spans, labels, fallback)
        else:
            _fill_gaps(frame_labels)
        change = np.flatnonzero(np.diff(frame_labels)) + 1
        for p, q in zip(np.r_[0, change], np.r_[change, len(frame_labels)], strict=True):
            pieces.append(((i + p) * FRAME, (i + q) * FRAME, int(frame_labels[p])))
    pieces = _smooth(pieces, min_turn)
    return label_turns(pieces, merge_gap)


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


def label_turns(pieces: list[tuple[float, float, int]], merge_gap: float) -> list[Turn]:
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
