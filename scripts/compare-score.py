#!/usr/bin/env python3
"""Scores networks against the optimization curves of an earlier `faststyle compare`, without
running the optimization again: the curves depend only on the photographs, their size, the loss,
the style targets and the starting point, not on the network.

    faststyle compare --model A.h5 --content PHOTOS --size 256 --loss johnson --init noise \
        --style datasets/styles/X.jpg --style-size 256 -o curves/          # 100 iterations, once
    faststyle compare --model B.h5 --content PHOTOS --size 256 --loss johnson --init noise \
        --style datasets/styles/X.jpg --style-size 256 --iterations 1 -o b/  # seconds
    scripts/compare-score.py curves/metrics.json b/metrics.json

prints, like `compare`'s summary, after how many iterations the optimization first passes each
network (an image where it never does counts as the iterations run) and the network's loss over
the optimization's at 100, per image and on average. Both runs must have compared the same
photographs at the same size with the same loss and style; the script checks what metrics.json
records of that.
"""
import json
import sys


def load(path):
    with open(path) as f:
        return json.load(f)


def main(curves_path, *network_paths):
    curves = load(curves_path)
    reference = {e["name"]: e for e in curves["images"]}
    for path in network_paths:
        run = load(path)
        for key in ("style", "styleTargetsFromCheckpoint"):
            if run[key] != curves[key]:
                sys.exit(f"{path}: {key} is {run[key]!r}, the curves' {curves[key]!r}")
        for key in ("size", "initialization"):
            if run["settings"][key] != curves["settings"][key]:
                sys.exit(f"{path}: settings.{key} is {run['settings'][key]!r}, the curves' {curves['settings'][key]!r}")
        if run["settings"]["optimization"]["loss"] != curves["settings"]["optimization"]["loss"]:
            sys.exit(f"{path}: another loss than the curves'")
        passes, ratios = [], []
        for entry in run["images"]:
            curve = reference.get(entry["name"])
            if curve is None:
                sys.exit(f"{path}: {entry['name']} has no curve in {curves_path}")
            totals = curve["slowTotalPerIteration"]
            fast = entry["fast"]["total"]
            passed = next((i + 1 for i, t in enumerate(totals) if t < fast), len(totals))
            passes.append(passed)
            ratios.append(fast / totals[99] if len(totals) >= 100 else float("nan"))
            print(f"{path}\t{entry['name']}\tpasses after {passed}\tratio at 100 {ratios[-1]:.3f}")
        n = len(passes)
        print(f"{path}: passes after {sum(passes) / n:.1f} ({min(passes)}-{max(passes)}), "
              f"ratio at 100 {sum(ratios) / n:.3f} ({min(ratios):.3f}-{max(ratios):.3f}) over {n} images")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(*sys.argv[1:])
