#!/usr/bin/env python3
"""Measured accuracy of N:M activation pruning: perplexity with every target layer's input pruned.

Two modes:

  perplexity       applies effective_input (pruning.py: the study's criteria and mitigations, the
                   definitions `nmcore report` shares) to the input of every q/k/v/o/gate/up/down
                   projection through forward pre-hooks, runs a text, and writes the
                   nmcore-measured-accuracy JSON (traces/README.md) that `nmcore report` shows as
                   "measured" beside its trace-based proxy. Runs on the tiny example model
                   (--tiny-llama FILE, text from the generated corpus) or on a Hugging Face model
                   (--hf-model ID --text-file F; needs transformers and the weights, not available here).
  effective-input  reads X [T, K] (.npy) and optionally W [O, K] (.npy) and writes x_eff for every
                   (pattern, criterion, mitigation) into an .npz, keys "<pattern>,<criterion>,<mitigation>"
                   (amber needs W; static_shift uses --static-eta or the eta of X itself), for comparing
                   implementations (the TypeScript one of `nmcore report`).

Examples:
  /usr/bin/python3 traces/eval_accuracy.py perplexity --tiny-llama traces/models/tiny_llama.safetensors \\
      --out traces/examples/tiny_llama.measured.json
  /usr/bin/python3 traces/eval_accuracy.py effective-input --x x.npy --weight w.npy --out x_eff.npz
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from safetensors_io import write_atomically  # noqa: E402
from pruning import CRITERIA, MITIGATIONS, PATTERNS, amber_factors, effective_input, parse_pattern, static_eta  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _list(text: str, allowed: tuple[str, ...], what: str) -> list[str]:
    items = list(allowed) if text == "all" else [t.strip() for t in text.split(",") if t.strip()]
    bad = [t for t in items if t not in allowed]
    if bad:
        raise SystemExit(f"error: unknown {what} {', '.join(bad)}; choose from {', '.join(allowed)} or 'all'")
    return items


def combinations(patterns: list[str], criteria: list[str], mitigations: list[str], full_at: str | None) -> list[tuple[str, str, str]]:
    """(pattern, criterion, mitigation): dense once, then every pattern with magnitude/none and every
    criterion x mitigation either for all patterns (full_at None) or only for the pattern full_at."""
    out = [("dense", "magnitude", "none")]
    for p in patterns:
        for c in criteria:
            for m in mitigations:
                if full_at is None or p == full_at or (c == "magnitude" and m == "none"):
                    out.append((p, c, m))
    return out


class PrunedRun:
    """Forward pre-hooks that replace each target layer's input by effective_input(...)."""

    def __init__(self, modules: dict, etas: dict[str, float]):
        self.modules = modules
        self.etas = etas
        self.amber = {n: amber_factors(m.weight) for n, m in modules.items()}
        self.config = ("dense", "magnitude", "none")

    def __enter__(self):
        def make(name):
            def hook(_m, inputs):
                pattern, criterion, mitigation = self.config
                if pattern == "dense":
                    return None
                x = inputs[0]
                k = x.shape[-1]
                nm = parse_pattern(pattern)
                if nm is not None and k % nm[1] != 0:
                    raise ValueError(f"{name}: K = {k} is not a multiple of m = {nm[1]}")
                x_eff = effective_input(x.reshape(-1, k), pattern, criterion, mitigation,
                                        static_eta=self.etas.get(name), amber=self.amber[name])
                return (x_eff.to(x.dtype).reshape(x.shape),) + tuple(inputs[1:])
            return hook
        self.handles = [m.register_forward_pre_hook(make(n)) for n, m in self.modules.items()]
        return self

    def __exit__(self, *exc):
        for h in self.handles:
            h.remove()


def mean_nll(model, rows, batch: int, logits_of) -> tuple[float, int]:
    """Mean next-token negative log-likelihood (nats) over every position but the first of each row."""
    import torch
    import torch.nn.functional as F

    total, count = 0.0, 0
    with torch.no_grad():
        for i in range(0, rows.shape[0], batch):
            b = rows[i:i + batch]
            logits = logits_of(model, b[:, :-1]).double()
            nll = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), b[:, 1:].reshape(-1), reduction="sum")
            total += float(nll)
            count += b[:, 1:].numel()
    return total / count, count


def run_perplexity(args: argparse.Namespace) -> int:
    import torch

    from capture_activations import capture, select_modules

    torch.set_num_threads(max(1, args.threads))
    patterns = _list(args.patterns, PATTERNS, "pattern")
    criteria = _list(args.criteria, CRITERIA, "criterion")
    mitigations = _list(args.mitigations, MITIGATIONS, "mitigation")
    if args.tiny_llama:
        import corpus
        from tiny_llama import load_tiny_llama, parameter_count

        model = load_tiny_llama(args.tiny_llama)
        rows = torch.tensor(corpus.encode_documents(args.text_seed, args.sequences, args.seq_len))
        calib = torch.tensor(corpus.encode_documents(args.calib_seed, args.calib_sequences, args.seq_len))
        logits_of = lambda m, ids: m(ids)  # noqa: E731
        c = model.config
        info = {"name": os.path.basename(args.tiny_llama).removesuffix(".safetensors"), "parameters": parameter_count(model),
                "layers": c.num_hidden_layers, "hidden": c.hidden_size,
                "description": (f"tiny Llama-shaped model (traces/tiny_llama.py: {c.num_hidden_layers} layers, hidden {c.hidden_size}, "
                                f"MLP {c.intermediate_size}, {c.num_attention_heads} heads, RMSNorm, SiLU-gated MLP) trained by "
                                "traces/train_tiny_llama.py on a generated toy language (traces/corpus.py); NOT an LLM"),
                "tinyModel": True}
        text = (f"generated toy-language corpus (traces/corpus.py, seed {args.text_seed}, {args.sequences} rows of {args.seq_len} tokens, "
                f"each starting with <bos>; no licence needed); static_shift eta from seed {args.calib_seed}, {args.calib_sequences} rows")
    else:
        from transformers import AutoModelForCausalLM, AutoTokenizer

        tok = AutoTokenizer.from_pretrained(args.hf_model)
        model = AutoModelForCausalLM.from_pretrained(args.hf_model, torch_dtype=torch.float32).eval()
        with open(args.text_file, encoding="utf-8") as f:
            ids = tok(f.read(), return_tensors="pt").input_ids[0]
        n = min(args.sequences, ids.numel() // args.seq_len)
        rows = ids[: n * args.seq_len].reshape(n, args.seq_len)
        calib = rows[: max(1, min(args.calib_sequences, n))]
        logits_of = lambda m, ids: m(ids).logits  # noqa: E731
        c = model.config
        info = {"name": args.hf_model, "parameters": sum(p.numel() for p in model.parameters()), "layers": c.num_hidden_layers,
                "hidden": c.hidden_size, "description": f"Hugging Face {args.hf_model}", "tinyModel": False}
        text = f"{args.text_file} ({n} rows of {args.seq_len} tokens); static_shift eta from its first {calib.shape[0]} rows"
    modules = select_modules(model)
    # static_shift: one eta per layer from the dense model's inputs on the calibration rows.
    _, _, calib_inputs = capture(model, [calib], modules, call=lambda m, b: logits_of(m, b))
    etas = {name: static_eta(x) for name, x in calib_inputs.items()}
    results = []
    combos = combinations(patterns, criteria, mitigations, None if args.full_grid else args.full_at)
    start = time.time()
    with PrunedRun(modules, etas) as run:
        for i, cfg in enumerate(combos):
            run.config = cfg
            nll, tokens = mean_nll(model, rows, args.batch, logits_of)
            results.append({"pattern": cfg[0], "criterion": cfg[1], "mitigation": cfg[2], "perplexity": round(math.exp(nll), 6), "meanNllNats": round(nll, 8)})
            print(f"[{i + 1}/{len(combos)}] {cfg[0]} {cfg[1]} {cfg[2]}: perplexity {math.exp(nll):.4f} ({nll:.5f} nats/token), {time.time() - start:.0f} s", file=sys.stderr)
    proxy = proxy_ranking(os.path.join(REPO, args.trace), results, etas) if args.trace else None
    out = {
        "format": "nmcore-measured-accuracy", "version": 1, "model": info,
        "evaluation": {"text": text, "tokens": tokens, "contextTokens": args.seq_len, "seed": args.text_seed},
        "trace": args.trace, "command": args.command or "/usr/bin/python3 traces/eval_accuracy.py " + " ".join(sys.argv[1:]),
        "notes": ("clact column norms are taken over the tokens of one evaluation batch "
                  f"({args.batch} rows x {args.seq_len - 1} tokens); amber uses all weights for its quantiles (the study samples 50k "
                  "when W has more than 100k); with dynamic_shift and static_shift the criterion scores the shifted input."),
        "results": results,
        **({"proxy": proxy} if proxy is not None else {}),
    }
    _write_json(args.out, out)
    print(f"wrote {args.out}: {len(results)} results, {tokens} tokens evaluated per result")
    return 0


def proxy_ranking(trace_path: str, results: list[dict], etas: dict[str, float]) -> dict:
    """The trace-based proxy beside the measurement: relative output error ||x_eff W^T - x W^T||_F / ||x W^T||_F
    of each pattern (magnitude/none) on every layer of the capture, averaged over layers, and whether
    it orders the patterns as the measured perplexity does."""
    import torch

    from safetensors_io import load_file

    tensors, _ = load_file(trace_path)
    layers = [k.removesuffix(".input") for k in tensors if k.endswith(".input") and k.removesuffix(".input") + ".weight" in tensors]
    rows = []
    for r in results:
        if r["pattern"] == "dense" or r["criterion"] != "magnitude" or r["mitigation"] != "none":
            continue
        errs = []
        for name in layers:
            x = tensors[name + ".input"].double()
            w = tensors[name + ".weight"].double()
            y = x @ w.T
            y_eff = effective_input(x, r["pattern"], "magnitude", "none", static_eta=etas.get(name)) @ w.T
            errs.append(float(torch.linalg.norm(y_eff - y) / torch.linalg.norm(y)))
        rows.append({"pattern": r["pattern"], "relOutputError": round(sum(errs) / len(errs), 6), "perplexity": r["perplexity"]})
    by_err = [r["pattern"] for r in sorted(rows, key=lambda r: r["relOutputError"])]
    by_ppl = [r["pattern"] for r in sorted(rows, key=lambda r: r["perplexity"])]
    return {
        "definition": "mean over the capture's layers of ||x_eff W^T - x W^T||_F / ||x W^T||_F, magnitude criterion, no mitigation",
        "trace": os.path.relpath(trace_path, REPO), "byPattern": rows,
        "rankingByOutputError": by_err, "rankingByPerplexity": by_ppl, "sameRanking": by_err == by_ppl,
    }


def _write_json(path: str, obj) -> None:
    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(obj, f, indent=2)
            f.write("\n")

    write_atomically(path, write, prefix=".eval-")


def run_effective_input(args: argparse.Namespace) -> int:
    import numpy as np

    x = np.load(args.x).astype(np.float64)
    if x.ndim != 2:
        raise SystemExit(f"error: --x must be a 2-D array [T, K], not shape {x.shape}")
    w = np.load(args.weight).astype(np.float64) if args.weight else None
    if w is not None and (w.ndim != 2 or w.shape[1] != x.shape[1]):
        raise SystemExit(f"error: --weight must be [O, K] with K = {x.shape[1]}, not shape {w.shape}")
    eta = args.static_eta if args.static_eta is not None else static_eta(np.load(args.calib_x) if args.calib_x else x)
    patterns = _list(args.patterns, PATTERNS + ("dense",), "pattern")
    criteria = [c for c in _list(args.criteria, CRITERIA, "criterion") if c != "amber" or w is not None]
    mitigations = _list(args.mitigations, MITIGATIONS, "mitigation")
    out = {}
    for p in patterns:
        nm = parse_pattern(p)
        if nm is not None and x.shape[1] % nm[1] != 0:
            continue
        for c in criteria:
            for m in mitigations:
                out[f"{p},{c},{m}"] = effective_input(x, p, c, m, weight=w, static_eta=eta)
    out["static_eta"] = np.array(eta)
    def write(tmp: str) -> None:
        with open(tmp, "wb") as f:  # a file object: np.savez appends no ".npz" to it
            np.savez(f, **out)

    write_atomically(args.out, write, prefix=".xeff-")
    print(f"wrote {args.out}: {len(out) - 1} x_eff arrays [{x.shape[0]} x {x.shape[1]}] float64, static_eta {eta:.6g}")
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Measured accuracy of N:M activation pruning (perplexity), and x_eff dumps.",
                                formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    sub = p.add_subparsers(dest="mode", required=True)
    pp = sub.add_parser("perplexity", help="perplexity with every target layer's input pruned; writes nmcore-measured-accuracy JSON",
                        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    src = pp.add_mutually_exclusive_group(required=True)
    src.add_argument("--tiny-llama", help="weights written by traces/train_tiny_llama.py (text: the generated corpus)")
    src.add_argument("--hf-model", help="Hugging Face model id or path (needs transformers; with --text-file)")
    pp.add_argument("--text-file", help="evaluation text for --hf-model")
    pp.add_argument("--text-seed", type=int, default=2, help="corpus seed of the evaluation text (--tiny-llama)")
    pp.add_argument("--calib-seed", type=int, default=3, help="corpus seed of the static_shift calibration rows (--tiny-llama)")
    pp.add_argument("--sequences", type=int, default=64, help="evaluation rows")
    pp.add_argument("--calib-sequences", type=int, default=8, help="calibration rows for static_shift's eta")
    pp.add_argument("--seq-len", type=int, default=64, help="tokens per row (context)")
    pp.add_argument("--batch", type=int, default=16, help="rows per forward pass (clact's column norms span one batch)")
    pp.add_argument("--patterns", default=",".join(PATTERNS), help="comma list or 'all'")
    pp.add_argument("--criteria", default="all", help="comma list or 'all'")
    pp.add_argument("--mitigations", default="all", help="comma list or 'all'")
    pp.add_argument("--full-at", default="8:16", help="pattern that gets every criterion x mitigation (the others: magnitude/none)")
    pp.add_argument("--full-grid", action="store_true", help="every criterion x mitigation for every pattern")
    pp.add_argument("--trace", default=None, help="repo-relative path of a trace captured from the same model (recorded in the JSON)")
    pp.add_argument("--command", default=None, help="command recorded in the JSON (default: this one)")
    pp.add_argument("--threads", type=int, default=1, help="torch CPU threads")
    pp.add_argument("--out", required=True, help="output JSON (written atomically)")
    ep = sub.add_parser("effective-input", help="x_eff of an .npy X for every pattern x criterion x mitigation, into an .npz",
                        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    ep.add_argument("--x", required=True, help="X [T, K] .npy (any float dtype; computed in float64)")
    ep.add_argument("--weight", help="W [O, K] .npy (needed for amber)")
    ep.add_argument("--static-eta", type=float, help="static_shift's eta (default: from --calib-x, else from X)")
    ep.add_argument("--calib-x", help="calibration X [T', K] .npy for static_shift's eta")
    ep.add_argument("--patterns", default="all", help="comma list or 'all' (dense included)")
    ep.add_argument("--criteria", default="all", help="comma list or 'all'")
    ep.add_argument("--mitigations", default="all", help="comma list or 'all'")
    ep.add_argument("--out", required=True, help="output .npz")
    args = p.parse_args(argv)
    if args.mode == "perplexity":
        if args.hf_model and not args.text_file:
            p.error("--hf-model needs --text-file")
        return run_perplexity(args)
    return run_effective_input(args)


if __name__ == "__main__":
    sys.exit(main())
