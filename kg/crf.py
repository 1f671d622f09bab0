"""A linear-chain CRF decoder in numpy over the weights of a crfsuite model.

python-crfsuite trains the tagger (``kg train``); at run time kg reads the trained
weights straight from the model file (``read_model``) and scores, decodes and
computes marginals itself, many sentences at once (``decode``). The reason is speed:
crfsuite takes its input as one string per feature and character, and building
and parsing those strings was most of the tagger's time. Here a feature is a row of
a weight matrix picked by integer lookups (``kg.tagger.Scorer``), and the Viterbi
and forward-backward passes step over positions for a whole batch of sentences at a
time.

The model is what crfsuite's CRF1d computes: a sentence's score for labels
y_1..y_n is sum_t state(t, y_t) + sum_t trans(y_{t-1}, y_t), where state(t, y) sums
the weights of position t's attributes for y (every attribute has value 1); no
start or end transitions. ``decode`` returns crfsuite's Viterbi labels (ties to the
lowest label id, as crfsuite's strict comparisons do) and its marginals
p(y_t = y | x); ``tests/test_crf.py`` checks both against python-crfsuite.

File format (crfsuite's crf1dmodel.c, little-endian): a 48-byte header (magic
``lCRF``, size, type ``FOMC``, version, counts, then the offsets of the features,
the label and attribute string tables and two reference tables); the features chunk
(``FEAT``, size, count) of 20-byte records (type 0 state / 1 transition, source,
destination, float64 weight); each string table is a CQDB whose backward array maps
an id to the record ``id, size, bytes + NUL``.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import ResourceError

_HEADER = struct.Struct("<4sI4sIIIIIIIII")
_CHUNK = struct.Struct("<4sII")
_CQDB = struct.Struct("<4sIIIII")
_RECORD = struct.Struct("<iI")
_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("w", "<f8")])
BUCKET = 256            # sentences decoded together (similar lengths, padded to the longest)


@dataclass(frozen=True, eq=False)
class Model:
    """The weights of a linear-chain CRF.

    ``state[a]`` is attribute ``attrs[a]``'s weight per label (a row of zeros at index
    ``len(attrs)``, where an unknown attribute points); ``trans[i, j]`` the weight of label j
    after label i; ``labels`` in crfsuite's id order."""

    labels: tuple[str, ...]
    attrs: tuple[str, ...]
    state: np.ndarray            # (len(attrs) + 1, len(labels)) float64
    trans: np.ndarray            # (len(labels), len(labels)) float64

    @property
    def zero(self) -> int:
        """The row index of the all-zero row (an attribute the model never weighted)."""
        return len(self.attrs)

    def attr_index(self) -> dict[str, int]:
        return {a: i for i, a in enumerate(self.attrs)}


def _strings(data: bytes, off: int, path: str, what: str) -> tuple[str, ...]:
    try:
        magic, _, _, _, bwd_size, bwd_off = _CQDB.unpack_from(data, off)
        if magic != b"CQDB":
            raise ValueError(f"no {what} table where the header points")
        recs = np.frombuffer(data, dtype="<u4", count=bwd_size, offset=off + bwd_off).astype(np.int64) + off
        if len(recs) and recs.max() + _RECORD.size > len(data):
            raise ValueError("a record lies past the end of the file")
        raw = np.frombuffer(data, dtype=np.uint8)
        sizes = sum(raw[recs + 4 + k].astype(np.int64) << (8 * k) for k in range(4))
        return tuple(data[s:s + n - 1].decode("utf-8") for s, n in zip((recs + _RECORD.size).tolist(), sizes.tolist()))
    except (struct.error, UnicodeDecodeError, ValueError) as e:
        raise ResourceError(path, 0, f"not a crfsuite model: bad {what} table ({e})") from e


def read_model(path) -> Model:
    """The weights of the crfsuite model file ``path`` (``ResourceError`` if it is not one)."""
    path = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise ResourceError(path, 0, f"cannot read the tagger model: {e.strerror or e}") from e
    try:
        magic, _, mtype, _, _, n_labels, n_attrs, off_f, off_l, off_a, _, _ = _HEADER.unpack_from(data, 0)
        if magic != b"lCRF" or mtype != b"FOMC":
            raise ValueError("wrong magic")
        fmagic, _, n_feats = _CHUNK.unpack_from(data, off_f)
        if fmagic != b"FEAT":
            raise ValueError("no feature chunk where the header points")
        feats = np.frombuffer(data, dtype=_FEATURE, count=n_feats, offset=off_f + _CHUNK.size)
    except (struct.error, ValueError) as e:
        raise ResourceError(path, 0, f"not a crfsuite model: {e}") from e
    labels = _strings(data, off_l, path, "label")
    attrs = _strings(data, off_a, path, "attribute")
    if len(labels) != n_labels or len(attrs) != n_attrs:
        raise ResourceError(path, 0, "not a crfsuite model: string tables do not match the header")
    L = len(labels)
    state = np.zeros((len(attrs) + 1, L))
    trans = np.zeros((L, L))
    kind, src, dst, w = feats["type"], feats["src"].astype(np.int64), feats["dst"].astype(np.int64), feats["w"]
    s, t = kind == 0, kind == 1
    if (src[s] >= len(attrs)).any() or (dst[s] >= L).any() or (src[t] >= L).any() or (dst[t] >= L).any():
        raise ResourceError(path, 0, "not a crfsuite model: a feature refers past the tables")
    np.add.at(state, (src[s], dst[s]), w[s])
    np.add.at(trans, (src[t], dst[t]), w[t])
    return Model(labels, attrs, state, trans)


# ---------------------------------------------------------------- decoding

def _viterbi(E: np.ndarray, lengths: np.ndarray, trans: np.ndarray) -> np.ndarray:
    """Best label ids (B, T) of a padded batch of emission scores E (B, T, L)."""
    B, T, L = E.shape
    back = np.zeros((B, T, L), dtype=np.intp)
    delta = E[:, 0].copy()
    into = np.ascontiguousarray(trans.T)                   # into[current, previous]
    flat = np.arange(B * L)
    for t in range(1, T):
        cand = (delta[:, None, :] + into[None]).reshape(B * L, L)     # (sentence, current) x previous
        arg = cand.argmax(axis=1)                           # first maximum: crfsuite's tie rule
        best = cand[flat, arg].reshape(B, L) + E[:, t]
        live = t < lengths
        back[:, t] = arg.reshape(B, L)
        delta = np.where(live[:, None], best, delta)
    out = np.zeros((B, T), dtype=np.intp)
    final = delta.argmax(axis=1)            # delta stopped changing at each sentence's last position
    last = lengths - 1
    rows = np.arange(B)
    cur = final
    for t in range(T - 1, -1, -1):
        if t < T - 1:
            cur = np.where(t < last, back[rows, t + 1, cur], final)
        out[:, t] = cur
    return out


def _marginals(E: np.ndarray, lengths: np.ndarray, trans: np.ndarray) -> np.ndarray:
    """p(y_t = y | x) for a padded batch (B, T, L): forward-backward in exp space, each step rescaled.
    Each sentence's vector is multiplied on its own (a stack of 1 x L products): its marginals are
    then the same to the last bit whatever else is in its batch (one B x L product would let BLAS
    sum in an order that depends on the batch's size)."""
    B, T, L = E.shape
    # per position, scores shifted by their maximum before exp (the shift cancels when normalised)
    expE = np.exp(E - E.max(axis=2, keepdims=True))
    expT = np.exp(trans - trans.max())
    expTt = np.ascontiguousarray(expT.T)
    alpha = np.empty((B, T, L))
    a = expE[:, 0]
    alpha[:, 0] = a / a.sum(axis=1, keepdims=True)
    for t in range(1, T):
        a = np.matmul(alpha[:, t - 1, None, :], expT)[:, 0] * expE[:, t]
        alpha[:, t] = a / a.sum(axis=1, keepdims=True)
    beta = np.ones((B, T, L))
    last = lengths - 1
    for t in range(T - 2, -1, -1):
        b = np.matmul((expE[:, t + 1] * beta[:, t + 1])[:, None, :], expTt)[:, 0]
        b = b / b.sum(axis=1, keepdims=True)
        beta[:, t] = np.where((t < last)[:, None], b, 1.0)
    m = alpha * beta
    return m / m.sum(axis=2, keepdims=True)


def decode(model: Model, emissions: list[np.ndarray], marginals: bool = True):
    """For each sentence's emission scores (n, L) (n ≥ 1): (label ids (n,), marginals (n, L) or None).
    Sentences are decoded in buckets of similar length, each padded to its longest."""
    out: list = [None] * len(emissions)
    order = sorted(range(len(emissions)), key=lambda i: len(emissions[i]))
    L = len(model.labels)
    for k in range(0, len(order), BUCKET):
        idx = order[k:k + BUCKET]
        lengths = np.array([len(emissions[i]) for i in idx])
        T = int(lengths.max())
        E = np.zeros((len(idx), T, L))
        for row, i in enumerate(idx):
            E[row, :lengths[row]] = emissions[i]
        best = _viterbi(E, lengths, model.trans)
        marg = _marginals(E, lengths, model.trans) if marginals else None
        for row, i in enumerate(idx):
            n = lengths[row]
            out[i] = (best[row, :n], marg[row, :n] if marg is not None else None)
    return out
