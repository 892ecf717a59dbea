#!/usr/bin/env python3
"""Independent check of Carousel test vectors with NumPy only (no Carousel code, no Java).

Usage: python3 vectors/check_with_numpy.py vectors/golden [more folders...]

For every case folder (case.json + arrays.npz, format: test-vectors.md) it recomputes the forward pass of
equations.md sections 1-3 in NumPy and compares y, h_n, c_n with the stored ones, and checks a few entries of
every grad_<name> array against central finite differences of the loss sum(y*dy) + sum(h_n*dh_n) (+ sum(c_n*dc_n)).
Exits 1 if a forward relative error exceeds 1e-12 or a finite-difference relative error exceeds 1e-6.
"""
import json
import os
import sys

import numpy as np


def sig(a):
    return 1.0 / (1.0 + np.exp(-a))


ACT = {"tanh": np.tanh, "sigmoid": sig, "identity": lambda a: a,
       "squash_g1997": lambda a: 4.0 * sig(a) - 2.0, "squash_h1997": lambda a: 2.0 * sig(a) - 1.0}


def run(cfg, A):
    """Forward pass; returns y [B,T,H], h_n, c_n (None for a GRU)."""
    x, lengths = A["x"], A["lengths"]
    B, T, _ = x.shape
    H = cfg["hidden"]
    lstm = cfg["cell"] == "lstm"
    h = A["h0"].copy()
    c = A["c0"].copy() if lstm else None
    y = np.zeros((B, T, H))
    for t in range(T):
        valid = (t < lengths)[:, None]          # padded steps: y = 0, state carried
        if lstm:
            a = x[:, t] @ A["w_ih"].T + h @ A["w_hh"].T + A["b_ih"] + A["b_hh"]
            ai, af, ag, ao = np.split(a, 4, axis=1)   # rows i, f, g, o
            if cfg["peephole"]:
                ai = ai + A["p_i"] * c
                af = af + A["p_f"] * c
            f = sig(af) if cfg.get("forget_gate", True) else np.ones_like(af)
            i = 1.0 - f if cfg.get("coupled_input_forget", False) else sig(ai)
            c_new = f * c + i * ACT[cfg.get("cell_activation", "tanh")](ag)
            if cfg["peephole"]:
                ao = ao + A["p_o"] * c_new               # the output gate peeks at the new c
            h_new = sig(ao) * ACT[cfg.get("output_activation", "tanh")](c_new)
            c = np.where(valid, c_new, c)
        else:
            ir, iz, i_n = np.split(x[:, t] @ A["w_ih"].T + A["b_ih"], 3, axis=1)   # rows r, z, n
            ur, uz, un = np.split(A["w_hh"], 3, axis=0)
            br, bz, bn = np.split(A["b_hh"], 3)
            r = sig(ir + h @ ur.T + br)
            z = sig(iz + h @ uz.T + bz)
            if cfg["reset_after"]:
                n = np.tanh(i_n + r * (h @ un.T + bn))
            else:
                n = np.tanh(i_n + (r * h) @ un.T + bn)
            h_new = z * h + (1.0 - z) * n
        h = np.where(valid, h_new, h)
        y[:, t] = np.where(valid, h_new, 0.0)
    return y, h, c


def loss(cfg, A):
    y, h, c = run(cfg, A)
    total = (y * A["dy"]).sum() + (h * A["dh_n"]).sum()
    return total + ((c * A["dc_n"]).sum() if c is not None else 0.0)


def rel(a, e):
    return np.abs(a - e).max() / max(np.abs(e).max(), 1e-12)


def check(folder, rng):
    cfg = json.load(open(os.path.join(folder, "case.json")))
    with np.load(os.path.join(folder, "arrays.npz")) as z:
        A = {k: z[k] for k in z.files}
    y, h, c = run(cfg, A)
    forward = max(rel(y, A["y"]), rel(h, A["h_n"]), rel(c, A["c_n"]) if c is not None else 0.0)
    fd = 0.0
    for name in [k[len("grad_"):] for k in A if k.startswith("grad_")]:
        expected = A["grad_" + name]
        scale = max(np.abs(expected).max(), 1e-12)
        for _ in range(3):
            idx = tuple(rng.integers(s) for s in A[name].shape)
            P = dict(A)
            P[name] = A[name].copy()
            P[name][idx] += 1e-6
            plus = loss(cfg, P)
            P[name][idx] -= 2e-6
            minus = loss(cfg, P)
            fd = max(fd, abs((plus - minus) / 2e-6 - expected[idx]) / scale)
    return forward, fd


def main(roots):
    rng = np.random.default_rng(0)
    failed = False
    for root in roots:
        for folder, _, files in sorted(os.walk(root)):
            if "case.json" not in files:
                continue
            forward, fd = check(folder, rng)
            ok = forward <= 1e-12 and fd <= 1e-6
            failed |= not ok
            print(f"{os.path.relpath(folder, root):60s} forward {forward:.1e}  finite-difference {fd:.1e}  "
                  f"{'PASS' if ok else 'FAIL'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["vectors/golden"]))
