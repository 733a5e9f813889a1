"""Writes a safetensors file without the `safetensors` package (used when it is missing).

The format: an 8-byte little-endian header length, a UTF-8 JSON header mapping each tensor name to
{"dtype", "shape", "data_offsets": [begin, end]} (byte offsets into the data that follows) plus an
optional "__metadata__" object of strings, padded with spaces to a multiple of 8 bytes, then the raw
little-endian bytes of every tensor in header order. Dtypes written: F32, F16, BF16 (what nmcore's
reader, src/trace/safetensors_reader.ts, decodes; traces/README.md gives the trace conventions).
"""

from __future__ import annotations

import json
import os
import struct
import tempfile

_DTYPES = {"float32": "F32", "float16": "F16", "bfloat16": "BF16"}


def tensor_bytes(t) -> tuple[str, list[int], bytes]:
    """(safetensors dtype, shape, raw little-endian bytes) of a torch tensor."""
    import torch

    name = str(t.dtype).removeprefix("torch.")
    if name not in _DTYPES:
        raise ValueError(f"dtype {t.dtype} not supported; use float32, float16 or bfloat16")
    c = t.detach().to("cpu").contiguous()
    raw = c.view(torch.int16).numpy().tobytes() if c.dtype == torch.bfloat16 else c.numpy().tobytes()
    return _DTYPES[name], list(c.shape), raw


def encode(tensors: dict, metadata: dict[str, str] | None = None) -> bytes:
    """The bytes of a safetensors file holding `tensors` (name -> torch tensor) and string metadata."""
    header: dict[str, object] = {}
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    chunks: list[bytes] = []
    offset = 0
    for name, t in tensors.items():
        dtype, shape, raw = tensor_bytes(t)
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(chunks)


def chmod_like_open(path: str) -> None:
    """mkstemp makes files 0600; give them the mode open() would (0666 less the umask)."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)


def write_atomically(path: str, write, prefix: str = ".tmp-") -> None:
    """Calls write(tmp_path) on a temp file beside `path`, then renames it over `path`: all or nothing."""
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=os.path.dirname(os.path.abspath(path)))
    os.close(fd)
    try:
        write(tmp)
        chmod_like_open(tmp)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def save_file(tensors: dict, path: str, metadata: dict[str, str] | None = None) -> None:
    """Writes `tensors` to `path` all or nothing (temp file in the same directory, then a rename)."""
    try:  # the real package when it is installed
        from safetensors.torch import save_file as st_save
    except ImportError:
        st_save = None

    def write(tmp: str) -> None:
        if st_save is not None:
            st_save({k: v.contiguous() for k, v in tensors.items()}, tmp, metadata=metadata)
        else:
            with open(tmp, "wb") as f:
                f.write(encode(tensors, metadata))

    write_atomically(path, write, prefix=".st-")


def load_file(path: str) -> tuple[dict, dict[str, str]]:
    """Reads a safetensors file (F32, F16, BF16) back into torch tensors: (tensors, metadata)."""
    import numpy as np
    import torch

    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    meta = header.pop("__metadata__", {})
    base = 8 + n
    out = {}
    for name, e in header.items():
        b, end = e["data_offsets"]
        raw = data[base + b:base + end]
        if e["dtype"] == "BF16":
            t = torch.from_numpy(np.frombuffer(raw, dtype="<i2").copy()).view(torch.bfloat16)
        else:
            t = torch.from_numpy(np.frombuffer(raw, dtype={"F32": "<f4", "F16": "<f2"}[e["dtype"]]).copy())
        out[name] = t.reshape(e["shape"])
    return out, meta
