"""faster-whisper's `WhisperModel`, encoding a batch one chunk at a time on
CPU. The encoder's attention holds 1500×1500 scores per head and chunk
(72 MB a chunk for whisper-base); encoding chunk by chunk keeps one chunk's
worth while several decoders run, at no measurable cost in speed (a 30 s
chunk already fills the matrix products)."""

from __future__ import annotations

import ctranslate2
import numpy as np
from faster_whisper import WhisperModel


class ChunkwiseEncoderModel(WhisperModel):
    """A `WhisperModel` whose `encode` takes a CPU batch one chunk at a time."""

    def encode(self, features: np.ndarray) -> ctranslate2.StorageView:
        if self.model.device != "cpu" or features.ndim < 3 or len(features) < 2:
            return super().encode(features)
        encode_one = super().encode
        parts = [np.asarray(encode_one(features[i : i + 1])) for i in range(len(features))]
        return ctranslate2.StorageView.from_array(np.concatenate(parts))
