#!/usr/bin/env python3
"""Capture the inputs of chosen nn.Linear layers of a causal LM as an nmcore activation trace.

Registers forward pre-hooks on the selected linear layers (by default the q/k/v/o/gate/up/down
projections of every decoder layer, the ones pruned by N:M activation sparsity), runs the prompts
through the model, and writes one safetensors file in the format traces/README.md specifies:
`<module>.input` [T, K] (all prompts' tokens stacked), optionally `<module>.weight` [O, K], and
string metadata (`model`, `<module>.layer`, `<module>.projection`, ...). The command line needs
torch and transformers (a Hugging Face model id or path); `capture(model, batches, ...)` takes any
already-built nn.Module (test/capture/ runs it on a tiny Llama-shaped model). The file is written by
safetensors_io.py, which uses the `safetensors` package when present and writes the format itself
otherwise.

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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # safetensors_io beside this file

PROJECTIONS = ("q", "k", "v", "o", "gate", "up", "down")
LAYER_RE = re.compile(r"(?:^|[._/])(?:layers?|h|blocks?)[._/](\d+)(?:$|[._/])")
PROJ_RE = re.compile(r"(?:^|[._/])(q|k|v|o|gate|up|down)_proj(?:$|[._/])")
SAVE_DTYPES = ("keep", "bf16", "f16", "f32")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="Capture nn.Linear inputs of a causal LM into an nmcore trace (.safetensors).",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    p.add_argument("--model", help="Hugging Face model id or local path (AutoModelForCausalLM)")
    p.add_argument("--tiny-llama", help="instead of --model: the tiny example model (traces/train_tiny_llama.py), run on the generated corpus")
    p.add_argument("--corpus-seed", type=int, default=4, help="--tiny-llama: corpus seed of the captured rows")
    p.add_argument("--sequences", type=int, default=1, help="--tiny-llama: rows of --max-tokens tokens, each starting with <bos>")
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
    if (args.model is None) == (args.tiny_llama is None):
        p.error("give exactly one of --model and --tiny-llama")
    if args.model is not None and not args.prompt and not args.prompt_file:
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


def select_modules(model, projections: str = ",".join(PROJECTIONS), layers: str = "all", name_regex: str | None = None) -> dict[str, object]:
    """Full module name -> nn.Linear, for the layers and projections asked for (ValueError when none match)."""
    import torch.nn as nn

    wanted = {p.strip().lower().removesuffix("_proj") for p in projections.split(",") if p.strip()}
    unknown = wanted - set(PROJECTIONS)
    if unknown and not name_regex:
        raise ValueError(f"unknown projection(s) {sorted(unknown)}; choose from {','.join(PROJECTIONS)}")
    layer_set = None if layers == "all" else {int(x) for x in layers.split(",") if x.strip()}
    name_re = re.compile(name_regex) if name_regex else None
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
        if layer_set is not None and (lm is None or int(lm.group(1)) not in layer_set):
            continue
        picked[name] = module
    if not picked:
        raise ValueError("no nn.Linear matched; check --projections / --layers / --name-regex against model.named_modules()")
    return picked


def save_dtype(name: str, model_dtype):
    """The torch dtype to store: `keep` keeps the model's (bf16/f16/f32), anything else float32."""
    import torch

    if name != "keep":
        return {"bf16": torch.bfloat16, "f16": torch.float16, "f32": torch.float32}[name]
    return model_dtype if model_dtype in (torch.bfloat16, torch.float16, torch.float32) else torch.float32


def capture(model, batches, modules: dict[str, object] | None = None, *, model_name: str = "model", dtype: str = "keep",
            with_weights: bool = False, max_rows: int = 0, call=None, extra_metadata: dict[str, str] | None = None):
    """Runs `batches` (an iterable of inputs; a tensor of input_ids [B, S] or a dict of tensors) through
    `model` with forward pre-hooks on `modules` (default: every q/k/v/o/gate/up/down projection) and
    returns (tensors, metadata, hook_inputs): the trace tensors (`<module>.input` [T, K] in the stored
    dtype, `<module>.weight` [O, K] when with_weights), the string metadata of traces/README.md, and
    the hooks' inputs as float32 [T, K] before the dtype conversion (for checking a capture).
    `call(model, batch)` runs one batch (default: model(**batch) for a dict, model(batch) otherwise)."""
    import torch

    if modules is None:
        modules = select_modules(model)
    out_dtype = save_dtype(dtype, next(model.parameters()).dtype)
    captured: dict[str, list] = {name: [] for name in modules}

    def make_hook(name: str):
        def hook(_module, inputs):
            x = inputs[0]
            captured[name].append(x.detach().reshape(-1, x.shape[-1]).to("cpu"))
        return hook

    handles = [m.register_forward_pre_hook(make_hook(n)) for n, m in modules.items()]
    total_tokens = 0
    count = 0
    try:
        with torch.no_grad():
            for batch in batches:
                if call is not None:
                    call(model, batch)
                elif isinstance(batch, dict):
                    model(**batch)
                else:
                    model(batch)
                ids = batch["input_ids"] if isinstance(batch, dict) else batch
                total_tokens += int(ids.numel())
                count += 1
    finally:
        for h in handles:
            h.remove()

    tensors: dict[str, object] = {}
    hook_inputs: dict[str, object] = {}
    metadata = {
        "format": "nmcore-trace", "format_version": "1", "generator": "traces/capture_activations.py",
        "model": model_name, "prompts": str(count), "tokens": str(total_tokens), "source": "captured",
        **(extra_metadata or {}),
    }
    for name, module in modules.items():
        if not captured[name]:
            print(f"warning: {name} was never called; skipped", file=sys.stderr)
            continue
        x = torch.cat(captured[name], dim=0)
        if max_rows > 0:
            x = x[:max_rows]
        hook_inputs[name] = x.float()
        tensors[f"{name}.input"] = x.to(out_dtype).contiguous()
        if with_weights:
            tensors[f"{name}.weight"] = module.weight.detach().to("cpu", out_dtype).contiguous().clone()
        lm, pm = LAYER_RE.search(name), PROJ_RE.search(name)
        if lm is not None:
            metadata[f"{name}.layer"] = lm.group(1)
        if pm is not None:
            metadata[f"{name}.projection"] = pm.group(1)
        metadata[f"{name}.source"] = "captured"
    return tensors, metadata, hook_inputs


def main_tiny_llama(args: argparse.Namespace) -> int:
    """Capture from the tiny example model on rows of the generated corpus."""
    import torch

    import corpus
    from safetensors_io import save_file
    from tiny_llama import load_tiny_llama

    model = load_tiny_llama(args.tiny_llama)
    try:
        modules = select_modules(model, args.projections, args.layers, args.name_regex)
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    rows = torch.tensor(corpus.encode_documents(args.corpus_seed, args.sequences, args.max_tokens))
    name = os.path.basename(args.tiny_llama).removesuffix(".safetensors")
    tensors, metadata, _ = capture(model, [rows], modules, model_name=name, dtype=args.dtype if args.dtype != "keep" else "f32",
                                   with_weights=args.with_weights, max_rows=args.max_rows,
                                   extra_metadata={"text": f"generated corpus (traces/corpus.py), seed {args.corpus_seed}"})
    save_file(tensors, args.out, metadata=metadata)
    print(f"wrote {args.out}: {len(tensors)} tensors, {metadata['tokens']} tokens")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.tiny_llama is not None:
        return main_tiny_llama(args)
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from safetensors_io import save_file

    prompts = load_prompts(args)
    load_dtype = "auto" if args.torch_dtype == "auto" else getattr(torch, args.torch_dtype)
    tokenizer = AutoTokenizer.from_pretrained(args.model, trust_remote_code=args.trust_remote_code)
    model = AutoModelForCausalLM.from_pretrained(args.model, torch_dtype=load_dtype, trust_remote_code=args.trust_remote_code)
    model.to(args.device).eval()
    try:
        modules = select_modules(model, args.projections, args.layers, args.name_regex)
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1

    def batches():
        for prompt in prompts:
            enc = tokenizer(prompt, return_tensors="pt", truncation=True, max_length=args.max_tokens, add_special_tokens=args.add_bos)
            yield {k: v.to(args.device) for k, v in enc.items()}

    tensors, metadata, _ = capture(model, batches(), modules, model_name=args.model, dtype=args.dtype,
                                   with_weights=args.with_weights, max_rows=args.max_rows)
    save_file(tensors, args.out, metadata=metadata)
    rows = sum(t.shape[0] for k, t in tensors.items() if k.endswith(".input"))
    print(f"wrote {args.out}: {len(modules)} layer(s), {metadata['tokens']} tokens, {rows} input rows in total")
    return 0


if __name__ == "__main__":
    sys.exit(main())
