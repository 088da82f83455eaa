"""
Choose an input-adaptation rule on development probes and measure it on held-out ones (docs/results/adaptation/rule.md).

A rule is (family, measure, second measure or None, margin): among the transforms of the family (transform_probe.py's
20), the scan keeps its own input unless one lowers `measure` (and the second measure, when given) below (1 - margin)
times the scan's own; then the one with the lowest `measure`. Scores are Dice changes against the scan as made, per
folder ("none" is the unshifted set).

    /usr/bin/python3 models/train/transform_rules.py --dev probe-dev.json probe-dev2.json            # rank, and the choice
    /usr/bin/python3 models/train/transform_rules.py --measure s,flip,amb,0.05 --held-out probe-test2.json
"""
from __future__ import annotations

import argparse
import collections
import json

MEASURES = {"amb": lambda r: r["amb"], "flip": lambda r: 1 - r["flip"], "Hfg": lambda r: r["Hfg"]}
FAMILIES = {"s": lambda r: r["a"] == 0 and r["g"] == 1, "b+s": lambda r: r["g"] == 1, "g+s": lambda r: r["a"] == 0, "all": lambda r: True}
RULES = [(f, m, o, d) for f in FAMILIES for m in MEASURES for o in [None] + [x for x in MEASURES if x != m] for d in (0.05, 0.1)]


def own(rows: list[dict]) -> dict:
    return next(r for r in rows if r["a"] == 0 and r["g"] == 1 and r["s"] == 0)


def choose(rows: list[dict], rule) -> dict:
    family, measure, second, margin = rule
    i = own(rows)
    ok = [x for x in rows if FAMILIES[family](x) and all(MEASURES[m](x) < (1 - margin) * MEASURES[m](i) for m in [measure] + ([second] if second else []))]
    return min(ok, key=MEASURES[measure]) if ok else i


def evaluate(probes: dict, rule) -> dict:
    """Per folder: (mean change, lowest change, scans changed, scans)."""
    by = collections.defaultdict(list)
    for key, rows in probes.items():
        by[key.split("/")[0]].append(choose(rows, rule)["dice"] - own(rows)["dice"])
    return {k: (sum(v) / len(v), min(v), sum(abs(c) > 1e-12 for c in v), len(v)) for k, v in by.items()}


def rank(probes: dict) -> list[tuple]:
    """Eligible first (unshifted mean >= -0.005, no unshifted scan below -0.02, no shift mean below -0.005), then the
    most shifts gaining >= 0.02, then the highest smallest shift gain."""
    out = []
    for rule in RULES:
        e = evaluate(probes, rule)
        shifts = [k for k in e if k != "none"]
        eligible = e["none"][0] >= -0.005 and e["none"][1] >= -0.02 and all(e[s][0] >= -0.005 for s in shifts)
        out.append((eligible, sum(e[s][0] >= 0.02 for s in shifts), min(e[s][0] for s in shifts), rule, e))
    out.sort(key=lambda r: r[:3], reverse=True)
    return out


def show(e: dict) -> str:
    return "  ".join(f"{k}: {v[0]:+.3f} (min {v[1]:+.3f}, {v[2]}/{v[3]} changed)" for k, v in e.items())


def load(paths: list[str]) -> dict:
    probes = {}
    for n, p in enumerate(paths):
        with open(p) as f:
            probes.update({f"{k}#{n}": v for k, v in json.load(f).items()})
    return probes


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dev", nargs="+", help="development probes (transform_probe.py --json), pooled")
    ap.add_argument("--measure", help="a rule: family,measure,second|none,margin (e.g. s,flip,amb,0.05)")
    ap.add_argument("--held-out", nargs="+", help="probes to measure --measure (or the --dev choice) on")
    ap.add_argument("--top", type=int, default=10)
    args = ap.parse_args(argv)
    rule = None
    if args.dev:
        ranked = rank(load(args.dev))
        for eligible, n, low, r, e in ranked[: args.top]:
            print(f"{'eligible' if eligible else 'not eligible'}  {n} shifts >= 0.02  lowest shift {low:+.3f}  {r}\n    {show(e)}")
        rule = ranked[0][3] if ranked[0][0] else None
        print(f"chosen: {rule}" if rule else "chosen: none (no rule is eligible)")
    if args.measure:
        f, m, o, d = args.measure.split(",")
        rule = (f, m, None if o == "none" else o, float(d))
    if args.held_out and rule:
        print(f"held out, {rule}:\n    {show(evaluate(load(args.held_out), rule))}")


if __name__ == "__main__":
    main()
