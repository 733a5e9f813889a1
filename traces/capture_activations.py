#!/usr/bin/env python3
"""Capture the inputs of chosen nn.Linear layers of a causal LM as an nmcore activation trace.

Registers forward pre-hooks on the selected linear layers (by default the q/k/v/o/gate/up/down
projections of every decoder layer, the ones pruned by N:M activation sparsity), runs the prompts
through the model, and writes one safetensors file in the format traces/README.md specifies:
`<module>.input` [T, K] (all prompts' tokens stacked), optionally `<module>.weight` [O, K], and
string metadata (`model`, `<module>.layer`, `<module>.projection`, ...). Needs torch,
transformers and safetensors; run it on your own machine with your own model.

Example:
  python traces/capture_activations.py --model meta-llama/Llama-2-7b-chat-hf \
      --prompt-file prompts.txt --layers 0,15,31 --projections gate,down \
      --max-tokens 512 --with-weights --out llama2_trace.safetensors
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile

PROJECTIONS = ("q", "k", "v", "o", "gate", "up", "down")
LAYER_RE = re.compile(r"(?:^|[._/])(?:layers?|h|blocks?)[._/](\d+)(?:$|[._/])")
PROJ_RE = re.compile(r"(?:^|[._/])(q|k|v|o|gate|up|down)_proj(?:$|[._/])")
SAVE_DTYPES = ("keep", "bf16", "f16", "f32")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="Capture nn.Linear inputs of a causal LM into an nmcore trace (.safetensors).",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    p.add_argument("--model", required=True, help="Hugging Face model id or local path (AutoModelForCausalLM)")
    p.add_argument("--prompt", action="append", default=[], help="a prompt; repeat for several")
    p.add_argument("--prompt-file", help="text file: one prompt per non-empty line (use --whole-file for one prompt)")
    p.add_argument("--whole-file", action="store_true", help="treat the whole --prompt-file as a single prompt")
    p.add_argument("--projections", default=",".join(PROJECTIONS),
                   help="comma list of projections to hook, matched as '<p>_proj' module names: " + ",".join(PROJECTIONS))
    p.add_argument("--layers", default="all", help="comma list of decoder layer indices, or 'all'")
    p.add_argument("--name-regex", help="hook every nn.Linear whose full module name matches this regex instead of --projections")
    p.add_argument("--max-tokens", type=int, default=512, help="tokens per prompt (longer prompts are truncated)")
    p.add_argument("--max-rows", type=int, default=0, help="keep at most this many token rows per layer (0: all)")
    p.add_argument("--dtype", choices=SAVE_DTYPES, default="keep",
                   help="stored dtype of activations and weights; 'keep' keeps the model dtype (bf16/f16/f32)")
    p.add_argument("--torch-dtype", choices=("auto", "bfloat16", "float16", "float32"), default="auto",
                   help="dtype to load the model in")
    p.add_argument("--device", default="cuda" if _cuda_available() else "cpu", help="device to run the model on")
    p.add_argument("--with-weights", action="store_true", help="also store each hooked layer's weight [O, K]")
    p.add_argument("--add-bos", action=argparse.BooleanOptionalAction, default=True,
                   help="let the tokenizer add its special tokens (BOS); the first token is part of the trace")
    p.add_argument("--trust-remote-code", action="store_true", help="pass trust_remote_code=True to transformers")
    p.add_argument("--out", required=True, help="output .safetensors file (written to a temp file, then renamed)")
    args = p.parse_args(argv)
    if not args.prompt and not args.prompt_file:
        p.error("give at least one --prompt or a --prompt-file")
    return args


def _cuda_available() -> bool:
    try:
        import torch
        return torch.cuda.is_available()
    except Exception:  # torch missing: --help still works
        return False


def load_prompts(args: argparse.Namespace) -> list[str]:
    prompts = list(args.prompt)
    if args.prompt_file:
        with open(args.prompt_file, encoding="utf-8") as f:
            text = f.read()
        prompts += [text] if args.whole_file else [line for line in text.splitlines() if line.strip()]
    return prompts


def select_modules(model, args: argparse.Namespace) -> dict[str, object]:
    """Full module name -> nn.Linear, for the layers and projections asked for."""
    import torch.nn as nn

    wanted = {p.strip().lower().removesuffix("_proj") for p in args.projections.split(",") if p.strip()}
    unknown = wanted - set(PROJECTIONS)
    if unknown and not args.name_regex:
        sys.exit(f"error: unknown projection(s) {sorted(unknown)}; choose from {','.join(PROJECTIONS)}")
    layers = None if args.layers == "all" else {int(x) for x in args.layers.split(",") if x.strip()}
    name_re = re.compile(args.name_regex) if args.name_regex else None
    picked: dict[str, object] = {}
    for name, module in model.named_modules():
        if not isinstance(module, nn.Linear):
            continue
        if name_re is not None:
            if not name_re.search(name):
                continue
        else:
            m = PROJ_RE.search(name)
            if m is None or m.group(1) not in wanted:
                continue
        lm = LAYER_RE.search(name)
        if layers is not None and (lm is None or int(lm.group(1)) not in layers):
            continue
        picked[name] = module
    if not picked:
        sys.exit("error: no nn.Linear matched; check --projections / --layers / --name-regex against model.named_modules()")
    return picked


def save_dtype(args: argparse.Namespace, model_dtype):
    import torch

    table = {"bf16": torch.bfloat16, "f16": torch.float16, "f32": torch.float32}
    if args.dtype != "keep":
        return table[args.dtype]
    return model_dtype if model_dtype in (torch.bfloat16, torch.float16, torch.float32) else torch.float32


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    import torch
    from safetensors.torch import save_file
    from transformers import AutoModelForCausalLM, AutoTokenizer

    prompts = load_prompts(args)
    load_dtype = "auto" if args.torch_dtype == "auto" else getattr(torch, args.torch_dtype)
    tokenizer = AutoTokenizer.from_pretrained(args.model, trust_remote_code=args.trust_remote_code)
    model = AutoModelForCausalLM.from_pretrained(args.model, torch_dtype=load_dtype, trust_remote_code=args.trust_remote_code)
    model.to(args.device).eval()
    modules = select_modules(model, args)
    out_dtype = save_dtype(args, next(model.parameters()).dtype)

    captured: dict[str, list] = {name: [] for name in modules}

    def make_hook(name: str):
        def hook(_module, inputs):
            x = inputs[0]
            captured[name].append(x.detach().reshape(-1, x.shape[-1]).to("cpu", out_dtype))
        return hook

    handles = [m.register_forward_pre_hook(make_hook(n)) for n, m in modules.items()]
    total_tokens = 0
    try:
        with torch.no_grad():
            for prompt in prompts:
                enc = tokenizer(prompt, return_tensors="pt", truncation=True, max_length=args.max_tokens,
                                add_special_tokens=args.add_bos)
                enc = {k: v.to(args.device) for k, v in enc.items()}
                model(**enc)
                total_tokens += int(enc["input_ids"].numel())
    finally:
        for h in handles:
            h.remove()

    tensors: dict[str, object] = {}
    metadata = {
        "format": "nmcore-trace", "format_version": "1", "generator": "traces/capture_activations.py",
        "model": args.model, "prompts": str(len(prompts)), "tokens": str(total_tokens), "source": "captured",
    }
    for name, module in modules.items():
        if not captured[name]:
            print(f"warning: {name} was never called; skipped", file=sys.stderr)
            continue
        x = torch.cat(captured[name], dim=0)
        if args.max_rows > 0:
            x = x[: args.max_rows]
        tensors[f"{name}.input"] = x.contiguous()
        if args.with_weights:
            tensors[f"{name}.weight"] = module.weight.detach().to("cpu", out_dtype).contiguous().clone()
        lm, pm = LAYER_RE.search(name), PROJ_RE.search(name)
        if lm is not None:
            metadata[f"{name}.layer"] = lm.group(1)
        if pm is not None:
            metadata[f"{name}.projection"] = pm.group(1)

    out_dir = os.path.dirname(os.path.abspath(args.out))
    fd, tmp = tempfile.mkstemp(prefix=".capture-", suffix=".safetensors.tmp", dir=out_dir)
    os.close(fd)
    try:
        save_file(tensors, tmp, metadata=metadata)
        os.replace(tmp, args.out)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    rows = sum(t.shape[0] for k, t in tensors.items() if k.endswith(".input"))
    print(f"wrote {args.out}: {len(modules)} layer(s), {total_tokens} tokens, {rows} input rows in total, dtype {out_dtype}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
