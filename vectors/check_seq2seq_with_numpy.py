#!/usr/bin/env python3
"""Independent check of Carousel seq2seq test vectors with NumPy only (no Carousel code, no Java).

Usage: python3 vectors/check_seq2seq_with_numpy.py vectors/golden-seq2seq [more folders...]

For every seq2seq case folder (case.json with "kind": "seq2seq" + arrays.npz; format: test-vectors.md "Seq2seq
cases") it recomputes, from the arrays alone, the teacher-forced forward pass of equations.md sections 4-5 in NumPy
(embeddings, the encoder with its cells of sections 1-2 and masking of section 3, uni- or bidirectional; the
decoder's initial state; additive, dot or general attention; the Bahdanau or Luong decoder; the output softmax) and
compares log_probs, alphas and loss with the stored ones. Gradients: for every grad_<parameter> array, five-point
central finite differences (step 1e-3, error O(h^4), float64) of the recomputed loss at 3 random coordinates (for
the embeddings, in rows of tokens the case uses), compared relative to the largest entry of that grad_ array.
Prints one line per case ending in PASS or FAIL; exits 1 if a forward relative error exceeds 1e-12 or a
finite-difference relative error exceeds 1e-6.
"""
import json
import os
import sys

import numpy as np


def sig(a):
    return 1.0 / (1.0 + np.exp(-a))


def cell_step(kind, P, prefix, x, h, c):
    """One step of an encoder or decoder cell (equations.md sections 1-2) for a batch; returns (h, c)."""
    w_ih, w_hh = P[prefix + "w_ih"], P[prefix + "w_hh"]
    b_ih, b_hh = P[prefix + "b_ih"], P[prefix + "b_hh"]
    if kind in ("lstm", "peephole_lstm"):
        ai, af, ag, ao = np.split(x @ w_ih.T + h @ w_hh.T + b_ih + b_hh, 4, axis=1)   # rows i, f, g, o
        if kind == "peephole_lstm":
            ai = ai + P[prefix + "p_i"] * c
            af = af + P[prefix + "p_f"] * c
        c_new = sig(af) * c + sig(ai) * np.tanh(ag)
        if kind == "peephole_lstm":
            ao = ao + P[prefix + "p_o"] * c_new            # the output gate peeks at the new c
        return sig(ao) * np.tanh(c_new), c_new
    ir, iz, i_n = np.split(x @ w_ih.T + b_ih, 3, axis=1)                         # rows r, z, n
    ur, uz, un = np.split(w_hh, 3, axis=0)
    br, bz, bn = np.split(b_hh, 3)
    r = sig(ir + h @ ur.T + br)
    z = sig(iz + h @ uz.T + bz)
    if kind == "gru":                                      # reset-after
        n = np.tanh(i_n + r * (h @ un.T + bn))
    else:                                                  # gru_reset_before
        n = np.tanh(i_n + (r * h) @ un.T + bn)
    return z * h + (1.0 - z) * n, c


def encode_direction(cfg, P, prefix, x, lengths, reverse):
    """One encoder direction over the valid prefix of each sequence; returns outputs [B,S,H] and the final h."""
    B, S, _ = x.shape
    H = cfg["encoder_hidden"]
    h = np.zeros((B, H))
    c = np.zeros((B, H))
    out = np.zeros((B, S, H))
    for j in (range(S - 1, -1, -1) if reverse else range(S)):
        valid = (j < lengths)[:, None]                     # masked positions: output 0, state carried
        h_new, c_new = cell_step(cfg["encoder_cell"], P, prefix, x[:, j], h, c)
        h = np.where(valid, h_new, h)
        c = np.where(valid, c_new, c)
        out[:, j] = np.where(valid, h_new, 0.0)
    return out, h


def attend(cfg, P, q, e, keys, smask):
    """Scores, masked softmax and context (equations.md section 4); q [B,D], e [B,S,E]."""
    if cfg["score"] == "additive":
        pre = np.tanh((q @ P["attention.w_q"].T + P["attention.b"])[:, None, :] + keys)
        scores = pre @ P["attention.v"]
    elif cfg["score"] == "dot":
        scores = np.einsum("bd,bsd->bs", q, e)
    else:
        scores = np.einsum("bd,de,bse->bs", q, P["attention.w_a"], e)
    scores = np.where(smask, scores, -np.inf)
    ex = np.exp(scores - scores.max(axis=1, keepdims=True))
    ex = np.where(smask, ex, 0.0)
    alpha = ex / ex.sum(axis=1, keepdims=True)
    return alpha, np.einsum("bs,bse->be", alpha, e)


def forward(cfg, P, A):
    """Teacher-forced forward pass; returns log_probs [B,T,V], alphas [B,T,S], loss."""
    src, tgt = A["source"], A["target"]
    sl, tl = A["source_lengths"], A["target_lengths"]
    B, S = src.shape
    T = tgt.shape[1]
    V = cfg["target_vocab"]
    smask = np.arange(S)[None, :] < sl[:, None]
    x = P["src_embedding"][np.where(smask, src, 0)]
    fwd, h_fwd = encode_direction(cfg, P, "encoder.fwd.", x, sl, False)
    if cfg["bidirectional"]:
        bwd, h_bwd = encode_direction(cfg, P, "encoder.bwd.", x, sl, True)
        e = np.concatenate([fwd, bwd], axis=2)             # e_j = [fwd h_j ; bwd h_j]
        e_last = np.concatenate([h_fwd, h_bwd], axis=1)    # [fwd h_{L-1} ; bwd h_0]
    else:
        e, e_last = fwd, h_fwd
    keys = e @ P["attention.w_k"].T if cfg["score"] == "additive" else None
    Hd = cfg["decoder_hidden"]
    if cfg["init"] == "from_encoder":
        h = np.tanh(e_last @ P["bridge.w_init"].T + P["bridge.b_init"])
    else:
        h = np.zeros((B, Hd))
    c = np.zeros((B, Hd))
    h_tilde = np.zeros((B, Hd))                           # Luong input feeding, h~_0 = 0
    log_probs = np.zeros((B, T, V))
    alphas = np.zeros((B, T, S))
    loss = 0.0
    for t in range(T):
        valid = (t < tl)[:, None]
        prev = np.full(B, cfg["bos"]) if t == 0 else np.where(t < tl, tgt[:, t - 1], 0)
        y_prev = P["tgt_embedding"][prev]
        if cfg["decoder"] == "bahdanau":
            alpha, a = attend(cfg, P, h, e, keys, smask)   # attend with s_{t-1}
            h_new, c_new = cell_step(cfg["decoder_cell"], P, "decoder.", np.concatenate([y_prev, a], 1), h, c)
            out = np.concatenate([h_new, a], axis=1)        # out_t = [s_t ; a_t]
        else:
            h_new, c_new = cell_step(cfg["decoder_cell"], P, "decoder.", np.concatenate([y_prev, h_tilde], 1),
                                     h, c)
            alpha, a = attend(cfg, P, h_new, e, keys, smask)   # attend with s_t
            out = np.tanh(np.concatenate([a, h_new], axis=1) @ P["decoder.w_c"].T)
            h_tilde = np.where(valid, out, h_tilde)
        h = np.where(valid, h_new, h)
        c = np.where(valid, c_new, c)
        logits = out @ P["output.w_out"].T + P["output.b_out"]
        m = logits.max(axis=1, keepdims=True)
        lp = logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))
        log_probs[:, t] = np.where(valid, lp, 0.0)
        alphas[:, t] = np.where(valid, alpha, 0.0)
        for b in range(B):
            if t < tl[b]:
                loss -= lp[b, tgt[b, t]]
    return log_probs, alphas, loss


def rel(a, e):
    return np.abs(a - e).max() / max(np.abs(e).max(), 1e-12)


def check(folder, rng):
    cfg = json.load(open(os.path.join(folder, "case.json")))
    with np.load(os.path.join(folder, "arrays.npz")) as z:
        A = {k: z[k] for k in z.files}
    params = [k[len("grad_"):] for k in A if k.startswith("grad_")]
    P = {k: v for k, v in A.items() if "." in k or k.endswith("_embedding")}
    log_probs, alphas, loss = forward(cfg, P, A)
    fwd = max(rel(log_probs, A["log_probs"]), rel(alphas, A["alphas"]), rel(np.array(loss), A["loss"]))
    fd = 0.0
    worst = "-"
    used = {"src_embedding": np.unique(A["source"][np.arange(A["source"].shape[1])[None, :]
                                                   < A["source_lengths"][:, None]]),
            "tgt_embedding": np.unique(np.concatenate([[cfg["bos"]], A["target"].ravel()]))}
    for name in params:
        expected = A["grad_" + name]
        scale = max(np.abs(expected).max(), 1e-12)
        for _ in range(3):
            idx = tuple(int(rng.integers(s)) for s in P[name].shape)
            if name in used:
                idx = (int(rng.choice(used[name])),) + idx[1:]
            Q = dict(P)
            Q[name] = P[name].copy()

            def at(delta):
                Q[name][idx] = P[name][idx] + delta
                return forward(cfg, Q, A)[2]
            h = 1e-3                                       # five-point central difference, error O(h^4)
            d = (8.0 * (at(h) - at(-h)) - (at(2 * h) - at(-2 * h))) / (12.0 * h)
            err = abs(d - expected[idx]) / scale
            if err > fd:
                fd, worst = err, "grad_" + name
    return fwd, fd, worst, len(params)


def main(roots):
    rng = np.random.default_rng(0)
    failed = False
    count = 0
    for root in roots:
        for folder, _, files in sorted(os.walk(root)):
            if "case.json" not in files:
                continue
            if json.load(open(os.path.join(folder, "case.json"))).get("kind") != "seq2seq":
                continue
            count += 1
            fwd, fd, worst, n = check(folder, rng)
            ok = fwd <= 1e-12 and fd <= 1e-6
            failed |= not ok
            print(f"{os.path.relpath(folder, root):88s} forward {fwd:.1e}  finite-difference {fd:.1e} "
                  f"(worst {worst}; {n} grad arrays x 3 entries)  {'PASS' if ok else 'FAIL'}")
    if count == 0:
        print("no seq2seq cases found under " + ", ".join(roots))
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["vectors/golden-seq2seq"]))
