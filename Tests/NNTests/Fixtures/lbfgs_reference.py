"""Reference trajectories of torch.optim.LBFGS for LBFGSTests (an independent implementation).

Run:  /tmp/peers/bin/python Tests/NNTests/Fixtures/lbfgs_reference.py
Writes lbfgs_reference.json next to this script: for each case the start point, settings,
the loss after each iteration and the final point.

torch.optim.LBFGS.step(closure) runs max_iter iterations; to observe every iteration we call
it with max_iter=1 repeatedly. The optimizer state (history, direction, step, iteration count)
persists between calls, so the trajectory is that of one call with max_iter=20; each call only
adds one evaluation at the current point. max_eval=26 gives the line search the same budget of
25 evaluations as the Swift port. Computed in float64 (the exact-arithmetic trajectory); the
Swift side stores float32, so the tests compare with a relative tolerance.
"""
import json
import os

import torch


def rosenbrock(v):
    x, y = v[0], v[1]
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


def quadratic(v):
    # f = ½ vᵀAv − bᵀv, A = [[3, 1], [1, 2]], b = (1, −1): minimum at A⁻¹b = (0.6, −0.8).
    a = torch.tensor([[3.0, 1.0], [1.0, 2.0]], dtype=v.dtype)
    b = torch.tensor([1.0, -1.0], dtype=v.dtype)
    return 0.5 * v @ (a @ v) - b @ v


def run(name, objective, start, iterations, history_size, line_search, lr):
    v = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([v], lr=lr, max_iter=1, max_eval=26, history_size=history_size,
                            line_search_fn=line_search, tolerance_grad=-1.0, tolerance_change=1e-9)

    def closure():
        opt.zero_grad()
        loss = objective(v)
        loss.backward()
        return loss

    losses = []
    for _ in range(iterations):
        opt.step(closure)
        with torch.no_grad():
            losses.append(float(objective(v)))
    return {
        "name": name,
        "start": start,
        "historySize": history_size,
        "lineSearch": line_search or "none",
        "learningRate": lr,
        "losses": losses,
        "final": [float(c) for c in v.detach()],
    }


cases = [
    run("rosenbrock_strong_wolfe", rosenbrock, [-1.5, 2.0], 20, 10, "strong_wolfe", 1.0),
    run("quadratic_no_line_search", quadratic, [2.0, 1.0], 8, 10, None, 1.0),
]
for case in cases:
    print(case["name"])
    for i, loss in enumerate(case["losses"], 1):
        print(f"  {i:2d} {loss:.10g}")
    print("  final", case["final"])

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lbfgs_reference.json")
with open(path, "w") as f:
    json.dump({"generator": "lbfgs_reference.py, torch " + torch.__version__, "cases": cases}, f, indent=1)
    f.write("\n")
