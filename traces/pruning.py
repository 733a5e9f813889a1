"""N:M activation pruning with the study's criteria and mitigations: the shared definitions.

`effective_input(x, pattern, criterion, mitigation, weight=None, static_eta=None)` returns x_eff
[T, K] in float64 such that the pruned layer computes y~ = x_eff @ W.T. The definitions are the ones
`nmcore report` implements in TypeScript (src/accuracy/, issue 9); traces/README.md states them and
a cross-language test compares the two through `eval_accuracy.py effective-input`.

Patterns: "n:m" (groups of m consecutive channels, keep n per group per token), "unstructured" (keep
the top floor(K/2) per token row), "dense" (x unchanged). Ties: on equal score the lower channel
index wins; exactly n are kept per group, even among zeros.
Criteria (score; the keep mask is the top-n of the score in each group):
  magnitude |x_tj|;  amber |x_tj|·f_j (f_j from W, amber_factors);  clact |x_tj|·||X_{:,j}||_2.
Mitigations: none; var (per-token rescale to the unpruned variance); dynamic_shift (per-token lower
median eta_t, prune x - eta_t, add eta_t back); static_shift (one eta per layer from calibration data).
With a shift the criterion is applied to the shifted matrix X - eta (clact's column norms included).
"""

from __future__ import annotations

import numpy as np
import torch

PATTERNS = ("2:4", "4:8", "8:16", "16:32", "unstructured")
CRITERIA = ("magnitude", "amber", "clact")
MITIGATIONS = ("none", "var", "dynamic_shift", "static_shift")


def parse_pattern(pattern: str) -> tuple[int, int] | None:
    """(n, m) of an "n:m" pattern; None for "unstructured" and "dense"."""
    if pattern in ("unstructured", "dense"):
        return None
    n, m = (int(v) for v in pattern.split(":"))
    if not (1 <= n <= m):
        raise ValueError(f"pattern {pattern}: need 1 <= n <= m")
    return n, m


def amber_factors(weight) -> np.ndarray:
    """f_j = ||What_{:,j}||_2 / min_k ||What_{:,k}||_2, What = (W - mu) / sigma, mu and sigma (population
    std) over the weights inside [q0.005, q0.995] of all of W (exact quantiles, linear interpolation).
    The study samples 50k weights when W has more than 100k; we use all of them."""
    w = np.asarray(weight.detach().cpu().double() if torch.is_tensor(weight) else weight, dtype=np.float64)
    flat = w.reshape(-1)
    lo, hi = np.quantile(flat, [0.005, 0.995])
    inside = flat[(flat >= lo) & (flat <= hi)]
    mu, sigma = inside.mean(), inside.std()
    norms = np.linalg.norm((w - mu) / sigma, axis=0)
    return norms / norms.min()


def keep_mask(score: torch.Tensor, pattern: str) -> torch.Tensor:
    """Boolean [T, K]: the top-n scores of every group of m (or top floor(K/2) per row), ties to the lower index."""
    t, k = score.shape
    nm = parse_pattern(pattern)
    if nm is None:
        groups, n = score.reshape(t, 1, k), k // 2
    else:
        n, m = nm
        if k % m != 0:
            raise ValueError(f"K = {k} is not a multiple of m = {m}")
        groups = score.reshape(t, k // m, m)
    # Stable descending sort keeps equal scores in index order, so the lower index wins a tie.
    order = torch.sort(groups, dim=-1, descending=True, stable=True).indices
    mask = torch.zeros_like(groups, dtype=torch.bool)
    mask.scatter_(-1, order[..., :n], True)
    return mask.reshape(t, k)


def lower_median(x: torch.Tensor) -> torch.Tensor:
    """Per row: element floor((K-1)/2) of the row sorted ascending."""
    return torch.sort(x, dim=-1).values[:, (x.shape[-1] - 1) // 2]


def static_eta(calibration_x) -> float:
    """One eta for a layer: the mean over tokens of the per-token lower medians of calibration data."""
    x = torch.as_tensor(np.asarray(calibration_x) if not torch.is_tensor(calibration_x) else calibration_x).double()
    return float(lower_median(x.reshape(-1, x.shape[-1])).mean())


def _score(x: torch.Tensor, criterion: str, amber: torch.Tensor | None) -> torch.Tensor:
    a = x.abs()
    if criterion == "magnitude":
        return a
    if criterion == "amber":
        if amber is None:
            raise ValueError("criterion amber needs the layer weight")
        return a * amber
    if criterion == "clact":
        # ||X_{:,j}||_2 as the sum of squares in token order (a running sum, cumsum), the arithmetic of
        # the TypeScript replay (src/accuracy/select.ts columnNorms) and of the literal definition, so
        # that equal column norms tie exactly there too (vector_norm's scaled sum can differ in the last bit).
        return a * torch.sqrt(torch.cumsum(x * x, dim=0)[-1])
    raise ValueError(f"unknown criterion {criterion}; choose from {', '.join(CRITERIA)}")


def effective_input(x, pattern: str, criterion: str = "magnitude", mitigation: str = "none", weight=None, static_eta=None, amber=None):
    """x_eff [T, K] float64 (numpy in, numpy out; torch in, torch out). `amber`: precomputed amber_factors(weight)."""
    as_numpy = not torch.is_tensor(x)
    xt = torch.from_numpy(np.asarray(x, dtype=np.float64)) if as_numpy else x.double()
    shape = xt.shape
    xt = xt.reshape(-1, shape[-1])
    if mitigation not in MITIGATIONS:
        raise ValueError(f"unknown mitigation {mitigation}; choose from {', '.join(MITIGATIONS)}")
    if pattern == "dense":
        out = xt.clone()
    else:
        f = None
        if criterion == "amber":
            f = torch.as_tensor(amber if amber is not None else amber_factors(weight), dtype=torch.float64)
        if mitigation in ("dynamic_shift", "static_shift"):
            if mitigation == "dynamic_shift":
                eta = lower_median(xt)[:, None]
            else:
                if static_eta is None:
                    raise ValueError("mitigation static_shift needs static_eta (static_eta(calibration_x))")
                eta = torch.full((xt.shape[0], 1), float(static_eta), dtype=torch.float64)
            shifted = xt - eta
            mask = keep_mask(_score(shifted, criterion, f), pattern)
            out = torch.where(mask, shifted, torch.zeros((), dtype=torch.float64)) + eta
        else:
            mask = keep_mask(_score(xt, criterion, f), pattern)
            out = torch.where(mask, xt, torch.zeros((), dtype=torch.float64))
            if mitigation == "var":
                v = torch.sqrt(xt.var(dim=-1, unbiased=True) / torch.clamp(out.var(dim=-1, unbiased=True), min=1e-9))
                out = out * v[:, None]
    out = out.reshape(shape)
    return out.numpy() if as_numpy else out
