"""Helper of capture.test.ts: builds a small randomly initialised Llama-shaped model (traces/tiny_llama.py,
Hugging Face module layout), captures it with traces/capture_activations.capture, writes the trace with
traces/safetensors_io (no safetensors package), and dumps what the hooks saw and the weights as .npy so
the TypeScript side can compare them with what nmcore reads.

usage: python tiny_capture.py <out_dir> <seed> <dtype: f32|bf16|f16>
"""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "traces"))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from capture_activations import capture, select_modules  # noqa: E402
from safetensors_io import save_file  # noqa: E402
from tiny_llama import TinyLlamaConfig, TinyLlamaForCausalLM  # noqa: E402


def main() -> int:
    out_dir, seed, dtype = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    torch.manual_seed(seed)
    cfg = TinyLlamaConfig(vocab_size=50, hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=2)
    model = TinyLlamaForCausalLM(cfg).eval()
    batches = [torch.randint(0, cfg.vocab_size, (2, 5)), torch.randint(0, cfg.vocab_size, (1, 7))]
    modules = select_modules(model, "q,k,v,o,gate,up,down", "all")
    # Independent record of the hook inputs: a second set of hooks, registered here, not by capture().
    seen: dict[str, list] = {n: [] for n in modules}
    hs = [m.register_forward_pre_hook(lambda _m, i, n=n: seen[n].append(i[0].detach().reshape(-1, i[0].shape[-1]).clone())) for n, m in modules.items()]
    tensors, meta, _ = capture(model, batches, modules, model_name="tiny-random", dtype=dtype, with_weights=True)
    for h in hs:
        h.remove()
    save_file(tensors, os.path.join(out_dir, "trace.safetensors"), metadata=meta)
    names = []
    for i, (n, m) in enumerate(modules.items()):
        np.save(os.path.join(out_dir, f"in{i}.npy"), torch.cat(seen[n]).float().numpy())
        np.save(os.path.join(out_dir, f"w{i}.npy"), m.weight.detach().float().numpy())
        names.append({"name": n, "inChannels": m.in_features, "outChannels": m.out_features})
    with open(os.path.join(out_dir, "modules.json"), "w") as f:
        json.dump({"modules": names, "tokens": sum(b.numel() for b in batches), "torch": torch.__version__}, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
