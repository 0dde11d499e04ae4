#!/usr/bin/env python3
"""Writes tests/data/optim/: the golden values of ctnn::optim (post 0_4's optimizers), read by
tests/runtime/optim_test.cpp with ctnn::io::load_npy. Run with Debian's python3, which has
torch 1.13 and numpy:

  /usr/bin/python3 tests/tools/make_optim_golden.py [series nn/ dir]

Two parameters, w (2, 3) and b (3,), start from fixed values and take 5 steps, each with its
own fixed gradients, all in float64. Each case runs one optimizer on them, either
torch.optim itself or, where PyTorch has no such formula, this script's numpy transcription of
post 0_4's formulas (checked against torch where the two coincide, and against the series' own
optimizers.py when the series is found: by default ../shared/series/nn beside the project).

Where torch's formula differs from the series', the torch cases are configured so that the two
coincide, and ctnn is configured the same way in the test:
  - Adagrad and RMSprop: torch adds eps outside the square root (sqrt(s) + eps), the series
    inside (sqrt(s + eps)): the torch cases use eps = 0. The series cases (numpy) check eps
    inside, with gradients of 1e-3 so that eps = 1e-6 matters.
  - RMSprop: torch's alpha (the series' gamma) defaults to 0.99: set to 0.9.
  - learning-rate decay: torch's Adagrad lr_decay is the series' eq. (1),
    lr / (1 + decay * (step - 1)): used as is. torch's SGD, RMSprop and Adam have none: decay 0.
  - SGD momentum: torch has only its own form (v = m v + g, w -= lr v); the series' form
    (v = m v + lr g, w -= v) is checked with numpy, with decay 0.1, where the forms differ.

Files (all float64):
  w0.npy (2, 3), b0.npy (3,)             the starting values
  <g>.w.npy (5, 2, 3), <g>.b.npy (5, 3)  the gradients of each step; g is "unit" (standard
                                         normal), "milli" (unit * 1e-3), "tiny" (unit * 1e-8)
  <case>.w.npy (5, 2, 3), <case>.b.npy (5, 3)   w and b after each step
  <case>.<state>.0.npy (2, 3), <case>.<state>.1.npy (3,)   each state buffer after the last
                                         step, named as ctnn's for_each_state names it
"""
import pathlib
import sys
import types

import numpy as np
import torch

HERE = pathlib.Path(__file__).resolve().parent
OUT = HERE.parent / "data" / "optim"
STEPS = 5


def inputs():
    rng = np.random.RandomState(404)
    # Starting values of magnitude 0.5 to 2, with both signs: none near 0.
    w0 = rng.uniform(0.5, 2.0, (2, 3)) * np.array([[1, -1, 1], [-1, 1, -1]])
    b0 = rng.uniform(0.5, 2.0, (3,)) * np.array([-1, 1, 1])
    unit = (rng.randn(STEPS, 2, 3), rng.randn(STEPS, 3))
    grads = {
        "unit": unit,
        "milli": (unit[0] * 1e-3, unit[1] * 1e-3),
        "tiny": (unit[0] * 1e-8, unit[1] * 1e-8),
    }
    return w0, b0, grads


# ---------------------------------------------------------------------------------------------
# numpy: the formulas of post 0_4 (and PyTorch's SGD form, and Adam), one step at a time.
# Each takes the parameters, gradients and state (lists of arrays, updated in place) and t, the
# number of steps taken before this one.


def lr_at(lr, decay, t):
    return lr / (1 + decay * t)  # eq. (1)


def np_sgd(lr, momentum, decay, form, nesterov):
    def step(params, grads, state, t):
        lr_t = lr_at(lr, decay, t)
        v = state.setdefault("velocity", [np.zeros_like(p) for p in params])
        for p, g, vi in zip(params, grads, v):
            if form == "series":  # eqs. (2), (3); Nesterov as Keras 2
                vi *= momentum
                vi += lr_t * g
                p -= momentum * vi + lr_t * g if nesterov else vi
            else:  # torch.optim.SGD's, with the series' decay
                vi *= momentum
                vi += g
                p -= lr_t * (g + momentum * vi if nesterov else vi)

    return step


def np_adagrad(lr, epsilon, decay):
    def step(params, grads, state, t):
        lr_t = lr_at(lr, decay, t)
        s = state.setdefault("square_sum", [np.zeros_like(p) for p in params])
        for p, g, si in zip(params, grads, s):
            si += g * g  # eq. (4)
            p -= lr_t * g / np.sqrt(si + epsilon)  # eq. (5): epsilon inside the root

    return step


def np_rmsprop(lr, gamma, epsilon, decay):
    def step(params, grads, state, t):
        lr_t = lr_at(lr, decay, t)
        s = state.setdefault("square_average", [np.zeros_like(p) for p in params])
        for p, g, si in zip(params, grads, s):
            si *= gamma
            si += (1 - gamma) * (g * g)  # eq. (6)
            p -= lr_t * g / np.sqrt(si + epsilon)  # eq. (5)

    return step


def np_adam(lr, beta1, beta2, epsilon, decay):
    # Kingma and Ba's Algorithm 1 (eps added to sqrt of the corrected v), with eq. (1)'s decay.
    def step(params, grads, state, t):
        lr_t = lr_at(lr, decay, t)
        n = t + 1
        m = state.setdefault("first_moment", [np.zeros_like(p) for p in params])
        v = state.setdefault("second_moment", [np.zeros_like(p) for p in params])
        for p, g, mi, vi in zip(params, grads, m, v):
            mi[...] = beta1 * mi + (1 - beta1) * g
            vi[...] = beta2 * vi + (1 - beta2) * g * g
            m_hat = mi / (1 - beta1**n)
            v_hat = vi / (1 - beta2**n)
            p -= lr_t * m_hat / (np.sqrt(v_hat) + epsilon)

    return step


def run_numpy(step, w0, b0, grads):
    params = [w0.copy(), b0.copy()]
    state = {}
    ws, bs = [], []
    for t in range(STEPS):
        step(params, [grads[0][t], grads[1][t]], state, t)
        ws.append(params[0].copy())
        bs.append(params[1].copy())
    return np.array(ws), np.array(bs), state


# ---------------------------------------------------------------------------------------------
# torch.optim, float64.

TORCH_STATE = {"momentum_buffer": "velocity", "sum": "square_sum",
               "square_avg": "square_average", "exp_avg": "first_moment",
               "exp_avg_sq": "second_moment"}


def run_torch(make, w0, b0, grads):
    w = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
    b = torch.tensor(b0, dtype=torch.float64, requires_grad=True)
    opt = make([w, b])
    ws, bs = [], []
    for t in range(STEPS):
        w.grad = torch.tensor(grads[0][t], dtype=torch.float64)
        b.grad = torch.tensor(grads[1][t], dtype=torch.float64)
        opt.step()
        ws.append(w.detach().numpy().copy())
        bs.append(b.detach().numpy().copy())
    state = {}
    for key, name in TORCH_STATE.items():
        if key in opt.state[w]:
            state[name] = [opt.state[p][key].detach().numpy().copy() for p in (w, b)]
    return np.array(ws), np.array(bs), state


# ---------------------------------------------------------------------------------------------
# The series' own optimizers.py, when it is found: it must give this script's numbers.


def series_optimizers(series_dir):
    if not (series_dir / "optimizers.py").exists():
        return None
    # optimizers.py imports Model from modules.py only for a type annotation; modules.py pulls
    # in the Cython convolution. A stub stands in for it.
    sys.modules.setdefault("modules", types.SimpleNamespace(Model=object))
    sys.path.insert(0, str(series_dir))
    import optimizers
    return optimizers


def run_series(optimizers, cls, kwargs, w0, b0, grads):
    layer = types.SimpleNamespace(weights={"w": w0.copy(), "b": b0.copy()}, gradients={})
    model = types.SimpleNamespace(layers=[layer])
    opt = getattr(optimizers, cls)(layer.weights, **kwargs)
    ws, bs = [], []
    for t in range(STEPS):
        layer.gradients = {"w": grads[0][t], "b": grads[1][t]}
        opt.iterate(model)
        ws.append(layer.weights["w"].copy())
        bs.append(layer.weights["b"].copy())
    return np.array(ws), np.array(bs)


def agree(what, a, b, tolerance=1e-14):
    for x, y in zip(a, b):
        error = np.max(np.abs(x - y) / np.maximum(np.abs(y), 1e-3))
        if error > tolerance:
            raise SystemExit(f"{what}: relative difference {error:.3g} > {tolerance:g}")


def main():
    series_dir = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else \
        HERE.parent.parent.parent / "shared" / "series" / "nn"
    w0, b0, grads = inputs()
    O = torch.optim
    cases = {}

    # torch.optim, configured so that its formula is ctnn's (see the docstring).
    torch_cases = {
        "torch_sgd": ("unit", lambda p: O.SGD(p, lr=0.1, momentum=0.9),
                      np_sgd(0.1, 0.9, 0.0, "pytorch", False)),
        "torch_sgd_nesterov": ("unit", lambda p: O.SGD(p, lr=0.1, momentum=0.9, nesterov=True),
                               np_sgd(0.1, 0.9, 0.0, "pytorch", True)),
        "torch_adagrad": ("unit", lambda p: O.Adagrad(p, lr=0.1, lr_decay=0.05, eps=0.0),
                          np_adagrad(0.1, 0.0, 0.05)),
        "torch_rmsprop": ("unit", lambda p: O.RMSprop(p, lr=0.01, alpha=0.9, eps=0.0),
                          np_rmsprop(0.01, 0.9, 0.0, 0.0)),
        "torch_adam": ("unit", lambda p: O.Adam(p, lr=0.01),
                       np_adam(0.01, 0.9, 0.999, 1e-8, 0.0)),
        "torch_adam_tiny": ("tiny", lambda p: O.Adam(p, lr=0.01),
                            np_adam(0.01, 0.9, 0.999, 1e-8, 0.0)),
    }
    for name, (g, make, numpy_step) in torch_cases.items():
        cases[name] = run_torch(make, w0, b0, grads[g])
        # The numpy transcription must give torch's numbers where they coincide: it is the
        # oracle of the cases torch cannot check.
        ws, bs, state = run_numpy(numpy_step, w0, b0, grads[g])
        agree(name + " numpy vs torch", [ws, bs], cases[name][:2], 1e-13)

    # numpy, the series' formulas (and PyTorch's SGD form with the series' decay).
    numpy_cases = {
        "series_sgd": ("unit", np_sgd(0.1, 0.9, 0.1, "series", False)),
        "series_sgd_nesterov": ("unit", np_sgd(0.1, 0.9, 0.1, "series", True)),
        "pytorch_sgd_decay": ("unit", np_sgd(0.1, 0.9, 0.1, "pytorch", False)),
        "pytorch_sgd_nesterov_decay": ("unit", np_sgd(0.1, 0.9, 0.1, "pytorch", True)),
        "series_adagrad": ("milli", np_adagrad(0.1, 1e-6, 0.1)),
        "series_rmsprop": ("milli", np_rmsprop(0.01, 0.9, 1e-6, 0.1)),
        "adam_decay": ("unit", np_adam(0.01, 0.9, 0.999, 1e-8, 0.1)),
    }
    for name, (g, numpy_step) in numpy_cases.items():
        cases[name] = run_numpy(numpy_step, w0, b0, grads[g])

    optimizers = series_optimizers(series_dir)
    if optimizers is None:
        print(f"no series at {series_dir}: the numpy cases are not checked against it")
    else:
        for name, g, cls, kwargs in [
            ("series_sgd", "unit", "SGD", dict(lr=0.1, momentum=0.9, decay=0.1)),
            ("series_adagrad", "milli", "AdaGrad", dict(lr=0.1, epsilon=1e-6, decay=0.1)),
            ("series_rmsprop", "milli", "RmsProp",
             dict(gamma=0.9, lr=0.01, epsilon=1e-6, decay=0.1)),
        ]:
            agree(name + " vs the series' optimizers.py",
                  run_series(optimizers, cls, kwargs, w0, b0, grads[g]), cases[name][:2], 0.0)
        print(f"the series' SGD, AdaGrad and RmsProp ({series_dir}) agree")

    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.npy"):
        old.unlink()
    np.save(OUT / "w0.npy", w0)
    np.save(OUT / "b0.npy", b0)
    for g, (gw, gb) in grads.items():
        np.save(OUT / f"{g}.w.npy", gw)
        np.save(OUT / f"{g}.b.npy", gb)
    for name, (ws, bs, state) in cases.items():
        np.save(OUT / f"{name}.w.npy", ws)
        np.save(OUT / f"{name}.b.npy", bs)
        for buffer, values in state.items():
            for i, v in enumerate(values):
                np.save(OUT / f"{name}.{buffer}.{i}.npy", np.asarray(v, dtype=np.float64))
    print(f"wrote {len(list(OUT.glob('*.npy')))} files to {OUT}")


if __name__ == "__main__":
    main()
