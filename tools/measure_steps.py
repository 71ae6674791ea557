#!/usr/bin/env python3
"""Time forward steps of a catalog model on this GPU, for `cli calibrate` (docs/measure.md).

Builds an architecture-exact decoder (layers, hidden size, heads, KV heads, head size, MLP size,
vocabulary, Qwen3's q/k RMSNorm) with random bf16 weights from servescope's catalog, captures each
step in a CUDA graph and times graph replays with CUDA events. Prints JSON Lines with the fields
servescope reads: gpu, model, impl, kind, batch, newTokens, contextTokens, ms, minMs, maxMs (and
prefillTokens, prefillContextTokens for mixed steps). Needs a CUDA GPU and PyTorch >= 2.5; never run
by npm test.

  python tools/measure_steps.py --model qwen3-1.7b --gpu h200-sxm > my_h200_qwen3-1.7b.jsonl
"""
import argparse, json, math, pathlib, statistics, sys
import torch
import torch.nn.functional as F

CATALOG = pathlib.Path(__file__).resolve().parent.parent / "src/lib/catalog/models.json"


def rms(x, w, eps=1e-6):
    return (x.float() * torch.rsqrt(x.float().pow(2).mean(-1, keepdim=True) + eps)).to(x.dtype) * w


def rope(x, pos, theta=1e6):
    # x: [tokens, heads, d]; rotate halves (Llama/Qwen convention).
    d = x.shape[-1]
    inv = 1.0 / theta ** (torch.arange(0, d, 2, device=x.device, dtype=torch.float32) / d)
    ang = pos.float()[:, None] * inv[None, :]
    cos, sin = ang.cos().to(x.dtype)[:, None, :], ang.sin().to(x.dtype)[:, None, :]
    a, b = x[..., : d // 2], x[..., d // 2 :]
    return torch.cat((a * cos - b * sin, b * cos + a * sin), -1)


class Model:
    """Weights of one model; forward() runs one packed step over per-sequence chunks."""

    def __init__(self, m, dev):
        self.m, d, hd = m, m["hiddenSize"], m["headDim"]
        self.h, self.kvh, self.hd = m["heads"], m["kvHeads"], hd
        w = lambda *s: (torch.randn(*s, device=dev, dtype=torch.bfloat16) * 0.02)
        self.layers = []
        for _ in range(m["layers"]):
            self.layers.append(dict(
                n1=torch.ones(d, device=dev, dtype=torch.bfloat16), n2=torch.ones(d, device=dev, dtype=torch.bfloat16),
                qkv=w((self.h + 2 * self.kvh) * hd, d), o=w(d, self.h * hd),
                gu=w(2 * m["intermediateSize"], d), down=w(d, m["intermediateSize"]),
                qn=torch.ones(hd, device=dev, dtype=torch.bfloat16) if m.get("qkNorm") else None,
                kn=torch.ones(hd, device=dev, dtype=torch.bfloat16) if m.get("qkNorm") else None))
        self.emb = w(m["vocabSize"], d)
        self.head = self.emb if m["tiedEmbeddings"] else w(m["vocabSize"], d)
        self.norm = torch.ones(d, device=dev, dtype=torch.bfloat16)

    def forward(self, ids, groups, caches, pos, last, masks):
        """One packed step. groups: [(count, new, ctx)], sequences alike in a group run as one batched
        attention call (decoders together, the prefill chunk alone); caches[layer][group] is one
        [count, 2, kvHeads, ctx + new, headDim] tensor, K and V written by one copy. pos, last and
        masks are built before graph capture (no host-to-device copies inside a graph)."""
        x = self.emb[ids]
        for li, L in enumerate(self.layers):
            hN = rms(x, L["n1"])
            q, k, v = (hN @ L["qkv"].T).split([self.h * self.hd, self.kvh * self.hd, self.kvh * self.hd], -1)
            q, k, v = q.view(-1, self.h, self.hd), k.view(-1, self.kvh, self.hd), v.view(-1, self.kvh, self.hd)
            if L["qn"] is not None:
                q, k = rms(q, L["qn"]), rms(k, L["kn"])
            qk = rope(torch.cat((q, k), 1), pos)  # RoPE on q and k together
            q, k = qk[:, : self.h], qk[:, self.h :]
            outs, at = [], 0
            for gi, (b, n, c) in enumerate(groups):
                kv = caches[li][gi]
                new = torch.stack((k[at : at + b * n], v[at : at + b * n]), 1).view(b, n, 2, self.kvh, self.hd)
                kv[:, :, :, c : c + n] = new.permute(0, 2, 3, 1, 4)
                qs = q[at : at + b * n].view(b, n, self.h, self.hd).transpose(1, 2)
                ks, vs = kv[:, 0], kv[:, 1]
                if c == 0:
                    o = F.scaled_dot_product_attention(qs, ks, vs, is_causal=True, enable_gqa=True)
                elif n == 1:  # decode: one query attends to everything cached
                    o = F.scaled_dot_product_attention(qs, ks, vs, enable_gqa=True)
                else:  # chunk over a cached context: causal mask offset by c
                    o = F.scaled_dot_product_attention(qs, ks, vs, attn_mask=masks[gi], enable_gqa=True)
                outs.append(o.transpose(1, 2).reshape(b * n, -1))
                at += b * n
            x = x + torch.cat(outs) @ L["o"].T
            g, u = (rms(x, L["n2"]) @ L["gu"].T).chunk(2, -1)
            x = x + (F.silu(g) * u) @ L["down"].T
        return rms(x[last], self.norm) @ self.head.T  # the LM head only on each sequence's last token


def time_step(model, groups, dev):
    """Median of 5 means of 10 CUDA-graph replays (3 × 2 for steps over 50 ms), in ms."""
    caches = [[torch.randn(b, 2, model.kvh, c + n, model.hd, device=dev, dtype=torch.bfloat16) for b, n, c in groups] for _ in model.layers]
    tokens = sum(b * n for b, n, _ in groups)
    ids = torch.randint(0, model.m["vocabSize"], (tokens,), device=dev)
    pos = torch.cat([torch.arange(c, c + n, device=dev).repeat(b) for b, n, c in groups])
    ends, at = [], 0
    for b, n, _ in groups:
        ends += [at + (i + 1) * n - 1 for i in range(b)]
        at += b * n
    last = torch.tensor(ends, device=dev)
    masks = [torch.ones(n, c + n, dtype=torch.bool, device=dev).tril(c) if c and n > 1 else None for b, n, c in groups]
    args = (ids, groups, caches, pos, last, masks)
    s = torch.cuda.Stream()
    s.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(s), torch.no_grad():
        for _ in range(2):
            model.forward(*args)  # warm-up outside the graph (allocator, kernel choice)
    torch.cuda.current_stream().wait_stream(s)
    g = torch.cuda.CUDAGraph()
    with torch.cuda.graph(g), torch.no_grad():
        model.forward(*args)
    for _ in range(3):
        g.replay()
    torch.cuda.synchronize()
    means, reps, rounds = [], 10, 5
    while len(means) < rounds:
        a, b = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        a.record()
        for _ in range(reps):
            g.replay()
        b.record()
        torch.cuda.synchronize()
        means.append(a.elapsed_time(b) / reps)
        if len(means) == 1 and means[0] > 50:
            reps, rounds = 2, 3
    del g, caches
    torch.cuda.empty_cache()
    return statistics.median(means), min(means), max(means)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="catalog model id, e.g. qwen3-1.7b")
    ap.add_argument("--gpu", required=True, help="catalog GPU id of this GPU, e.g. h200-sxm")
    ap.add_argument("--quick", action="store_true", help="a smaller grid (about 20 steps)")
    a = ap.parse_args()
    models = {m["id"]: m for m in json.loads(CATALOG.read_text())}
    if a.model not in models:
        sys.exit(f"unknown model {a.model!r}; catalog ids: {', '.join(models)}")
    dev = torch.device("cuda")
    torch.manual_seed(0)
    model = Model(models[a.model], dev)
    base = dict(gpu=a.gpu, model=a.model, impl="lean")
    steps = [("prefill", 1, p, 0, None) for p in (16, 128, 512, 2048, 8192)]
    steps += [("prefill", 1, p, c, None) for p, c in ((512, 2048), (2048, 2048), (2048, 8192))]
    batches, ctxs = ((1, 16, 64), (512, 4096)) if a.quick else ((1, 4, 16, 64, 128, 256), (128, 2048, 8192))
    steps += [("decode", b, 1, c, None) for c in ctxs for b in batches]
    steps += [("mixed", b, 1, 1024, (p, pc)) for p in (256, 2048) for pc in (0, 2048) for b in (8, 64)]
    for kind, b, n, c, chunk in steps:
        groups = [(b, n, c)] + ([(1, chunk[0], chunk[1])] if chunk else [])
        try:
            ms, lo, hi = time_step(model, groups, dev)
        except torch.cuda.OutOfMemoryError:
            print(f"skipped {kind} batch {b} ctx {c}: out of GPU memory", file=sys.stderr)
            torch.cuda.empty_cache()
            continue
        row = dict(base, kind=kind, batch=b, newTokens=n, contextTokens=c)
        if chunk:
            row.update(prefillTokens=chunk[0], prefillContextTokens=chunk[1])
        row.update(ms=round(ms, 4), minMs=round(lo, 4), maxMs=round(hi, 4))
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
