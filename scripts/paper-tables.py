#!/usr/bin/env python3
"""Markdown tables of docs/RESULTS.md "Paper figures" from the CSV files of scripts/paper-figures.sh.
Usage: scripts/paper-tables.py docs/figures/paper-zro2   (reads PREFIX-lc.csv and PREFIX-reg.csv)"""
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

if __name__ == "__main__":
    for p in sys.argv[1:]:
        print(f"\n{p}-lc.csv\n")
        lc(p)
        try:
            print(f"\n{p}-reg.csv\n")
            reg(p)
        except FileNotFoundError:
            pass
