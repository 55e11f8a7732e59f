#!/usr/bin/env python3
"""Markdown tables of docs/RESULTS.md "Paper figures" from the CSV files of scripts/paper-figures.sh.
Usage: scripts/paper-tables.py docs/figures/paper-zro2   (reads PREFIX-lc.csv and PREFIX-reg.csv)
       scripts/paper-tables.py --ir docs/figures/paper-water-ir   (Fig. 3: reads PREFIX-classical.csv and
       PREFIX-standard.csv of zstar ir-compare: band positions and integrals per model against experiment)"""
import csv, sys

def lc(prefix):
    rows = list(csv.DictReader(open(prefix + "-lc.csv")))
    sizes = sorted({int(r["train_frames"]) for r in rows})
    models = []
    for r in rows:
        if r["model"] not in models:
            models.append(r["model"])
    print("| frames | " + " | ".join(f"{m} test RMSE / nRMSE | {m} train RMSE" for m in models) + " |")
    print("|---:|" + "---:|---:|" * len(models))
    for s in sizes:
        cells = []
        for m in models:
            r = next(x for x in rows if x["model"] == m and int(x["train_frames"]) == s)
            te, tes, tn, tr, trs = (float(r[k]) for k in ("test_rmse_mean", "test_rmse_std", "test_nrmse_mean",
                                                          "train_rmse_mean", "train_rmse_std"))
            cells.append(f"{te:.4f} ± {tes:.4f} / {tn:.4f}" if tes > 0 else f"{te:.4f} / {tn:.4f}")
            cells.append(f"{tr:.4f} ± {trs:.4f}" if trs > 0 else f"{tr:.4f}")
        print(f"| {s} | " + " | ".join(cells) + " |")

def reg(prefix):
    rows = list(csv.DictReader(open(prefix + "-reg.csv")))
    qs = [k for k in rows[0] if k.startswith("mean_q_")]
    print("| lambda_w | lambda_q | test RMSE | train RMSE | " + " | ".join("<q_%s>" % k[7:] for k in qs) + " | max abs q | max abs p |")
    print("|---:|---:|---:|---:|" + "---:|" * len(qs) + "---:|---:|")
    for r in rows:
        print("| %s | %s | %.4f | %.4f | %s | %.3f | %.3f |" % (r["lambda_w"], r["lambda_q"], float(r["test_rmse"]),
              float(r["train_rmse"]), " | ".join("%.3f" % float(r[k]) for k in qs), float(r["max_abs_q"]),
              float(r["max_abs_p"])))

def ir(prefix):
    """Band table of Fig. 3: per band the peak and the integral of n alpha (cm^-2) of each model, in brackets the
    integrals of the pointwise 95 % band's edges, and each model's integral over the experiment's."""
    for qcf in ("classical", "standard"):
        rows = list(csv.DictReader(open(f"{prefix}-{qcf}.csv")))
        models = [m for m in dict.fromkeys(r["spectrum"] for r in rows) if m != "experiment"]
        bands = list(dict.fromkeys(r["band"] for r in rows))
        at = {(r["spectrum"], r["band"]): r for r in rows}
        print(f"\n{prefix}-{qcf}.csv\n")
        print("| band | " + " | ".join(models) + " | experiment |")
        print("|---|" + "---:|" * (len(models) + 1))
        for b in bands:
            e = at[("experiment", b)]
            lo, hi = float(e["from_cm-1"]), float(e["to_cm-1"])
            peak = lambda r: "-" if r["peak_cm-1"] == "NaN" else "%.0f" % float(r["peak_cm-1"])
            print(f"| {b} ({lo:.0f}-{hi:.0f}): peak | " + " | ".join(peak(at[(m, b)]) for m in models)
                  + f" | {peak(e)} |")
            cells = ["%.3g [%.3g, %.3g]" % tuple(float(at[(m, b)][k]) for k in
                     ("integral_cm-2", "integral_lower_cm-2", "integral_upper_cm-2")) for m in models]
            print(f"| {b}: integral | " + " | ".join(cells) + " | %.3g |" % float(e["integral_cm-2"]))
            ratios = ["%.3f" % (float(at[(m, b)]["integral_cm-2"]) / float(e["integral_cm-2"])) for m in models]
            print(f"| {b}: integral / experiment | " + " | ".join(ratios) + " | 1 |")

if __name__ == "__main__":
    if sys.argv[1:2] == ["--ir"]:
        for p in sys.argv[2:]:
            ir(p)
        sys.exit(0)
    for p in sys.argv[1:]:
        print(f"\n{p}-lc.csv\n")
        lc(p)
        try:
            print(f"\n{p}-reg.csv\n")
            reg(p)
        except FileNotFoundError:
            pass
