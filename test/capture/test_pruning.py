"""effective_input (traces/pruning.py) against a slow literal implementation of the shared definitions
(traces/README.md "Pruning definitions"), written with Python loops and lists only, on random inputs
with ties and zeros. Run by capture.test.ts: python test_pruning.py <seed>; exits 1 on a mismatch.
"""

import math
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "traces"))

import numpy as np  # noqa: E402

from pruning import CRITERIA, MITIGATIONS, effective_input  # noqa: E402


def quantile_literal(values, p):
    s = sorted(values)
    h = (len(s) - 1) * p
    lo = math.floor(h)
    return s[lo] + (s[min(lo + 1, len(s) - 1)] - s[lo]) * (h - lo)


def amber_literal(W):
    flat = [v for row in W for v in row]
    lo, hi = quantile_literal(flat, 0.005), quantile_literal(flat, 0.995)
    inside = [v for v in flat if lo <= v <= hi]
    mu = sum(inside) / len(inside)
    sigma = math.sqrt(sum((v - mu) ** 2 for v in inside) / len(inside))
    K = len(W[0])
    norms = [math.sqrt(sum(((W[o][j] - mu) / sigma) ** 2 for o in range(len(W)))) for j in range(K)]
    return [n / min(norms) for n in norms]


def lower_median(row):
    return sorted(row)[(len(row) - 1) // 2]


def var_unbiased(row):
    m = sum(row) / len(row)
    return sum((v - m) ** 2 for v in row) / (len(row) - 1)


def literal(X, pattern, criterion, mitigation, W, eta_static):
    T, K = len(X), len(X[0])
    if pattern == "dense":
        return [list(r) for r in X]
    if mitigation == "dynamic_shift":
        etas = [lower_median(r) for r in X]
    elif mitigation == "static_shift":
        etas = [eta_static] * T
    else:
        etas = [0.0] * T
    Xs = [[X[t][j] - etas[t] for j in range(K)] for t in range(T)]
    f = amber_literal(W) if criterion == "amber" else None
    colnorm = [math.sqrt(sum(Xs[t][j] ** 2 for t in range(T))) for j in range(K)]
    if pattern == "unstructured":
        groups, n = [list(range(K))], K // 2
    else:
        n, m = (int(v) for v in pattern.split(":"))
        groups = [list(range(g, g + m)) for g in range(0, K, m)]
    out = []
    for t in range(T):
        def score(j):
            a = abs(Xs[t][j])
            return a if criterion == "magnitude" else a * f[j] if criterion == "amber" else a * colnorm[j]
        keep = set()
        for g in groups:
            keep |= set(sorted(g, key=lambda j: (-score(j), j))[:n])
        pruned = [Xs[t][j] if j in keep else 0.0 for j in range(K)]
        if mitigation in ("dynamic_shift", "static_shift"):
            out.append([v + etas[t] for v in pruned])
        elif mitigation == "var":
            v = math.sqrt(var_unbiased(X[t]) / max(var_unbiased(pruned), 1e-9))
            out.append([v * p for p in pruned])
        else:
            out.append(pruned)
    return out


def main() -> int:
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    print(f"seed {seed}")
    rng = random.Random(seed)
    failures = 0
    checks = 0
    for trial in range(3):
        T, K, O = rng.randint(2, 5), 32 * rng.randint(1, 2), rng.randint(3, 6)
        # Values on a coarse grid: equal magnitudes (ties) and zeros are frequent.
        X = [[rng.choice([0.0, 0.5, -0.5, 1.0, -1.0, 1.5, 2.0, -3.0, 0.25]) * (1 if rng.random() < 0.8 else rng.random() * 4) for _ in range(K)] for _ in range(T)]
        if trial == 0:
            X[0] = [0.0] * K  # an all-zero row: exactly n kept, all zeros
        W = [[rng.gauss(0, 1) for _ in range(K)] for _ in range(O)]
        eta = rng.uniform(-0.3, 0.3)
        for pattern in ("2:4", "4:8", "8:16", "16:32", "unstructured", "dense"):
            for criterion in CRITERIA:
                for mitigation in MITIGATIONS:
                    want = np.array(literal(X, pattern, criterion, mitigation, W, eta))
                    got = effective_input(np.array(X), pattern, criterion, mitigation, weight=np.array(W), static_eta=eta)
                    checks += 1
                    if got.dtype != np.float64 or got.shape != want.shape or not np.allclose(got, want, rtol=1e-12, atol=1e-12):
                        failures += 1
                        print(f"MISMATCH trial {trial} {pattern} {criterion} {mitigation}: max |diff| {np.max(np.abs(got - want)) if got.shape == want.shape else 'shape'}")
    # The tie rule on its own: equal magnitudes, the lower index wins; exactly n kept among zeros.
    x = np.array([[1.0, -1.0, 1.0, 0.5, 0.0, 0.0, 0.0, 0.0]])
    got = effective_input(x, "2:4", "magnitude", "none")
    checks += 1
    if not np.array_equal(got, np.array([[1.0, -1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]])):
        failures += 1
        print(f"MISMATCH tie rule: {got}")
    print(f"{checks} checks, {failures} mismatches")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
