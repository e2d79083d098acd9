"""The OCR models: PP-OCRv4 Chinese text detection and recognition (rapidocr-onnxruntime).

The models ship inside the ``rapidocr_onnxruntime`` wheel, so OCR runs
offline on CPU; nothing is downloaded at run time.  We use rapidocr's
detector and its recogniser's preprocessing, but run the recognition model
ourselves so that one forward pass can be decoded twice: over the whole
vocabulary (labels, prose) and over the few characters a value cell can
hold (``VALUE_CHARS``).  A lone ``0`` comes back as ``。`` or ``o`` from the
open decoding; restricted to the value alphabet it reads as ``0``.

Each session runs on one intra-op thread: parallel workers (the archive
build) must not oversubscribe the cores.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

# what a value cell of the statutory tables can hold: counts, signed changes, money,
# and the printed null markers (-, —, /, 无, 不适用); 万元/元 are units written in cells
VALUE_CHARS = "0123456789+-.—/增减无不适用万元,"
# what the model confuses with a value's characters but a value cell cannot hold: a lone 0
# read as 。 o O 〇, a 1 as l I |, a minus as 一 _
VALUE_LOOKALIKES = "。oO〇○°·、，_一|lI()（）%"
# the round ones: where a value cell's reading has a 0, their share of the step is the 0's
# (no value holds them); a step read as a point, a 1 or a slash is left as it is
ZERO_LOOKALIKES = "。oO〇○"
ONNX_THREADS = 1
_MIN_RATIO = 1.5  # the narrowest input (width / height) given to the recogniser
_LIKE_WIDTHS = 1.25  # the widest crop of a batch is at most this many times its narrowest
DETECT_SIDE = 1100  # the longer side of the page as the detector sees it
_LOCK = threading.Lock()


@dataclass(frozen=True)
class Reading:
    """One line of text as recognised, with the model's confidence (mean character probability)."""

    text: str
    confidence: float
    # the lowest probability of a kept character: one doubtful digit makes a number doubtful
    weakest: float


class Models:
    """The detection and recognition sessions, loaded once per process."""

    def __init__(self) -> None:
        import rapidocr_onnxruntime
        import yaml
        from rapidocr_onnxruntime.ch_ppocr_det import TextDetector
        from rapidocr_onnxruntime.ch_ppocr_rec import TextRecognizer

        root = Path(rapidocr_onnxruntime.__file__).parent
        config = yaml.safe_load((root / "config.yaml").read_text(encoding="utf-8"))
        for part in ("Det", "Rec"):
            config[part]["model_path"] = str(root / config[part]["model_path"])
            config[part]["intra_op_num_threads"] = ONNX_THREADS
            config[part]["inter_op_num_threads"] = ONNX_THREADS
        self.detector = TextDetector(config["Det"])
        self.recogniser = TextRecognizer(config["Rec"])
        chars: list[str] = self.recogniser.postprocess_op.character  # index 0 is the CTC blank
        self.vocabulary = chars
        self.value_index = np.array([0] + [i for i, c in enumerate(chars) if c and c in VALUE_CHARS])
        self.zero = chars.index("0")
        self.zero_lookalikes = np.array([i for i, c in enumerate(chars) if c and c in ZERO_LOOKALIKES])

    def probabilities(self, crops: list[np.ndarray], batch: int = 8) -> list[np.ndarray]:
        """The recogniser's per-timestep character probabilities for each line crop (BGR)."""
        out: list[np.ndarray] = [np.zeros((0, 0))] * len(crops)
        for idx in _batches([c.shape[1] / max(1, c.shape[0]) for c in crops], batch):
            # pad the batch to its widest crop only: a lone digit padded to the model's default
            # 320 px width costs three times the time steps for nothing
            ratio = max([_MIN_RATIO] + [crops[i].shape[1] / max(1, crops[i].shape[0]) for i in idx])
            tensors = [self.recogniser.resize_norm_img(_widen(crops[i], ratio), ratio)[np.newaxis] for i in idx]
            preds = self.recogniser.session(np.concatenate(tensors).astype(np.float32))[0]
            for k, i in enumerate(idx):
                # keep the time steps the crop occupies, not the padding of the batch
                used = max(1, int(np.ceil(preds.shape[1] * (crops[i].shape[1] / crops[i].shape[0]) / ratio)) + 1)
                out[i] = preds[k, :used]
        return out

    def decode(self, probs: np.ndarray, *, values_only: bool = False) -> Reading:
        """CTC greedy decoding, over the whole vocabulary or over the value alphabet."""
        if probs.size == 0:
            return Reading("", 0.0, 0.0)
        if values_only:
            sub = probs[:, self.value_index]
            best = self.value_index[sub.argmax(axis=1)]
            # a 0 over what a value can be: the share of its round look-alikes is its own
            zero = best == self.zero
            probs = probs.copy()
            probs[zero, self.zero] += probs[np.ix_(zero, self.zero_lookalikes)].sum(axis=1)
        else:
            best = probs.argmax(axis=1)
        best_p = np.minimum(1.0, probs[np.arange(len(best)), best])
        chars: list[str] = []
        scores: list[float] = []
        prev = -1
        for k, p in zip(best, best_p, strict=True):
            if k != 0 and k != prev:
                chars.append(self.vocabulary[k])
                scores.append(float(p))
            prev = k
        if not chars:
            # nothing but blanks: how sure the model is that the line is empty
            return Reading("", float(probs[:, 0].mean()), float(probs[:, 0].min()))
        return Reading("".join(chars), float(np.mean(scores)), float(min(scores)))

    def detect(self, image: np.ndarray) -> list[np.ndarray]:
        """Text line quadrilaterals (4×2 points, in the image's pixels) of a BGR image.

        The detector sees the page at ``DETECT_SIDE`` pixels: body text is still a dozen
        pixels high there, and the pass costs a fifth of one at 200 dpi."""
        import cv2

        scale = min(1.0, DETECT_SIDE / max(image.shape[:2]))
        small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else image
        with _LOCK:
            boxes, _ = self.detector(small)
        return [] if boxes is None else [np.asarray(b, dtype=np.float32) / scale for b in boxes]


def _batches(ratios: list[float], size: int) -> list[list[int]]:
    """Crops (by their width / height) in batches of at most ``size`` of like widths.  Each
    crop of a batch is padded with paper to the batch's widest: a lone 0 padded to six
    times its height reads as "." (0.06), where at its own width it reads 0 (0.99)."""
    batches: list[list[int]] = []
    first = 0.0
    for i in sorted(range(len(ratios)), key=lambda k: ratios[k]):
        ratio = max(_MIN_RATIO, ratios[i])
        if not batches or len(batches[-1]) >= size or ratio > _LIKE_WIDTHS * first:
            batches.append([])
            first = ratio
        batches[-1].append(i)
    return batches


def _widen(crop: np.ndarray, ratio: float) -> np.ndarray:
    """The crop extended with its own paper to the batch's width: the model's own padding
    is mid-grey, which it reads as ink beside a short crop in a batch of long ones."""
    import cv2

    h, w = crop.shape[:2]
    extra = int(round(ratio * h)) - w
    if extra <= 0:
        return crop
    paper = [int(v) for v in np.median(crop.reshape(-1, crop.shape[2]), axis=0)]
    return cv2.copyMakeBorder(crop, 0, 0, 0, extra, cv2.BORDER_CONSTANT, value=paper)


@cache
def models() -> Models:
    return Models()
