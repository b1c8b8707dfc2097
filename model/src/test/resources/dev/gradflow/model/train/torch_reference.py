#!/usr/bin/env python3
"""Reference numbers for TorchReferenceTest, computed with torch.optim (python3-torch 1.13, float64). Every optimizer
but NAdam (see CASES).

A masked tanh MLP 5-6-5-3 with softmax cross-entropy, inputs, initial parameters and masks given by closed formulas
(repeated in TorchReferenceTest.java; values rounded to float32 as the engine holds them), is trained for STEPS
full-batch updates with each optimizer at the spec's defaults. Gradients of weights are masked before the optimizer
step; L2 (torch's weight_decay) and AdamW's decoupled decay act on weights only (bias parameter group without decay).
Writes torch-reference.json next to this script:  /usr/bin/python3 torch_reference.py
"""
import json
import math
import os

import numpy as np
import torch

N, F, C, STEPS = 16, 5, 3, 5
DIMS = [(5, 6), (6, 5), (5, 3)]


def f32(v):
    return float(np.float32(v))


def data():
    x = [[f32(1.5 * math.sin(0.7 * (e * F + k) + 0.3) + (1.0 if k == e % C else 0.0)) for k in range(F)] for e in range(N)]
    y = [e % C for e in range(N)]
    return x, y


def initial(l):
    n_in, n_out = DIMS[l]
    w = [[f32(0.8 * math.sin(1.3 * (i * n_out + j) + 0.5 * (l + 1)) / math.sqrt(n_in)) for j in range(n_out)] for i in range(n_in)]
    m = [[0.0 if (i + 2 * j + l) % 3 == 0 else 1.0 for j in range(n_out)] for i in range(n_in)]
    b = [f32(0.1 * math.cos(j + l)) for j in range(n_out)]
    w = [[w[i][j] * m[i][j] for j in range(n_out)] for i in range(n_in)]
    return w, m, b


# (case name, torch optimizer, learning rate, keyword arguments: the spec's defaults, which are torch's)
CASES = [
    ("sgd", torch.optim.SGD, 0.2, {}),
    ("momentum", torch.optim.SGD, 0.05, {"momentum": 0.9}),
    ("nesterov", torch.optim.SGD, 0.05, {"momentum": 0.9, "nesterov": True}),
    ("adagrad", torch.optim.Adagrad, 0.05, {}),
    ("adam", torch.optim.Adam, 0.01, {}),
    ("adamw", torch.optim.AdamW, 0.01, {}),  # weight_decay 0.01, torch's and the spec's default
    ("amsgrad", torch.optim.Adam, 0.05, {"amsgrad": True}),
    ("rmsprop", torch.optim.RMSprop, 0.01, {}),
    ("adamax", torch.optim.Adamax, 0.01, {}),
    # No "nadam": torch 1.13 (this machine's python3-torch) computes mu_product_next = mu_product * mu * mu_next, a bug
    # fixed in torch 2.0 (pytorch/pytorch#92699: mu_product * mu_next). The engine follows the fixed rule, which
    # OptimizerReplayTest checks in double precision; against 1.13 it differs by about 4e-3 of the change.
    ("adadelta", torch.optim.Adadelta, 1.0, {}),
    ("adam-l2", torch.optim.Adam, 0.01, {"l2": 0.01}),
    ("rmsprop-l2", torch.optim.RMSprop, 0.01, {"l2": 0.01}),
]


def run(opt_class, lr, kwargs):
    kwargs = dict(kwargs)
    l2 = kwargs.pop("l2", 0.0)
    x, y = data()
    xt = torch.tensor(x, dtype=torch.float64)
    yt = torch.tensor(y)
    ws, ms, bs = [], [], []
    for l in range(len(DIMS)):
        w, m, b = initial(l)
        ws.append(torch.tensor(w, dtype=torch.float64, requires_grad=True))
        ms.append(torch.tensor(m, dtype=torch.float64))
        bs.append(torch.tensor(b, dtype=torch.float64, requires_grad=True))
    if opt_class is torch.optim.AdamW:
        groups = [{"params": ws}, {"params": bs, "weight_decay": 0.0}]
    else:
        groups = [{"params": ws, "weight_decay": l2}, {"params": bs, "weight_decay": 0.0}]
    opt = opt_class(groups, lr=lr, **kwargs)
    for _ in range(STEPS):
        opt.zero_grad()
        a = xt
        for l in range(len(DIMS)):
            z = a @ ws[l] + bs[l]
            a = torch.tanh(z) if l < len(DIMS) - 1 else z
        loss = torch.nn.functional.cross_entropy(a, yt)
        loss.backward()
        for w, m in zip(ws, ms):
            w.grad.mul_(m)
        opt.step()
    return [w.detach().tolist() for w in ws], [b.detach().tolist() for b in bs]


def main():
    out = {"torch": torch.__version__, "steps": STEPS, "cases": {}}
    for name, cls, lr, kwargs in CASES:
        w, b = run(cls, lr, kwargs)
        out["cases"][name] = {"learningRate": lr, "l2": kwargs.get("l2", 0.0), "weights": w, "biases": b}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch-reference.json")
    cases = ",\n".join("  " + json.dumps(k) + ": " + json.dumps(v) for k, v in out["cases"].items())
    with open(path, "w") as fh:
        fh.write('{"torch": %s, "steps": %d, "cases": {\n%s\n}}\n' % (json.dumps(out["torch"]), STEPS, cases))


if __name__ == "__main__":
    main()
