#!/usr/bin/env python3
"""Trains the tiny Llama-shaped example model (tiny_llama.py) on the generated corpus (corpus.py).

Seeded and single-threaded, so the same command gives the same weights on the same torch build:
  /usr/bin/python3 traces/train_tiny_llama.py --out traces/models/tiny_llama.safetensors
(about 4 minutes on one CPU core). Writes F16 weights with the config, seed, steps and final
training loss in the safetensors metadata. Not an LLM: a model small enough to train here, with the
module layout of a Hugging Face Llama so the capture and accuracy scripts run on it unchanged.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Train the tiny Llama-shaped example model on the generated corpus.",
                                formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--out", required=True, help="output .safetensors (F16 weights, config in the metadata)")
    p.add_argument("--seed", type=int, default=0, help="seed of the weights init and of the batch order")
    p.add_argument("--corpus-seed", type=int, default=1, help="seed of the generated training corpus")
    p.add_argument("--steps", type=int, default=1000, help="optimizer steps")
    p.add_argument("--batch", type=int, default=8, help="sequences per step")
    p.add_argument("--seq-len", type=int, default=64, help="tokens per sequence (each starts with <bos>)")
    p.add_argument("--lr", type=float, default=3e-3, help="peak learning rate (AdamW, cosine decay, 30-step warm-up)")
    args = p.parse_args(argv)

    import torch
    import torch.nn.functional as F

    import corpus
    from tiny_llama import TinyLlamaConfig, TinyLlamaForCausalLM, parameter_count, save_tiny_llama

    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    cfg = TinyLlamaConfig(vocab_size=len(corpus.token_list()))
    model = TinyLlamaForCausalLM(cfg)
    rows = torch.tensor(corpus.encode_documents(args.corpus_seed, args.steps * args.batch // 4, args.seq_len))
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.9, 0.95), weight_decay=0.1)
    gen = torch.Generator().manual_seed(args.seed)
    start = time.time()
    loss_ema = None
    for step in range(args.steps):
        lr = args.lr * min(1.0, (step + 1) / 30) * 0.5 * (1 + math.cos(math.pi * step / args.steps))
        for g in opt.param_groups:
            g["lr"] = lr
        batch = rows[torch.randint(0, rows.shape[0], (args.batch,), generator=gen)]
        logits = model(batch[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), batch[:, 1:].reshape(-1))
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        loss_ema = loss.item() if loss_ema is None else 0.95 * loss_ema + 0.05 * loss.item()
        if step % 50 == 0 or step == args.steps - 1:
            print(f"step {step}: loss {loss.item():.4f} nats/token (ema {loss_ema:.4f}), {time.time() - start:.0f} s", file=sys.stderr)
    model.eval()
    save_tiny_llama(model, args.out, extra={
        "seed": str(args.seed), "corpus_seed": str(args.corpus_seed), "steps": str(args.steps), "batch": str(args.batch),
        "seq_len": str(args.seq_len), "lr": str(args.lr), "final_loss_ema_nats": f"{loss_ema:.4f}", "torch": torch.__version__,
        "command": "/usr/bin/python3 traces/train_tiny_llama.py " + " ".join(argv if argv is not None else sys.argv[1:]),
    })
    print(f"wrote {args.out}: {parameter_count(model)} parameters, {os.path.getsize(args.out)} bytes, "
          f"final loss {loss_ema:.4f} nats/token, {time.time() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
