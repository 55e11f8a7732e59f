#!/usr/bin/env python3
"""Paired comparison of the water IR band integrals of several BEC models on the SAME MD runs (issue 19, Fig. 3).

Every model's dM/dt is computed on the same independent trajectories, so the run-to-run noise of a band integral is
largely common to the models: the ratio of two models' integrals run by run has a much smaller spread than either
integral. This script integrates n alpha over each band for every run (one `zstar ir --dmdt` spectrum per run and
model), and prints per band: each model's integral (mean over runs, 95 % Student-t interval), the ratio to the
experiment, and the paired ratio of every pair of models (mean of the per-run ratios, 95 % Student-t interval over
the runs). The bands and the experimental integrals are read from the `zstar ir-compare` table of the same spectra.

With --reference (the refractiveindex.info file that ir-compare read), it also gives each band's centroid (first
moment of n alpha over the band, cm^-1) per model (95 % Student-t interval over the runs) and of the experiment, and
the paired centroid shifts between models; the experiment's band integrals are then recomputed from that file with
the band edges interpolated, as the models' are here (ir-compare drops the partial grid intervals at the edges). The centroid is the robust band position: a broad band of a finite run has
several maxima of similar height, and which one is highest changes with the run length (docs/RESULTS.md, Fig. 3).

Usage: scripts/paper-ir-paired.py --compare docs/figures/paper-water-ir-classical.csv --out PREFIX \\
           [--reference water_nk_Hale.yml] q=run1.csv,run2.csv,run3.csv p=... q+p=...
Writes PREFIX.csv (band, quantity, mean, lower, upper) and prints the Markdown tables of docs/RESULTS.md.
"""
import argparse
import csv
import math

# t(0.975, dof) for dof = 1..30 (two-sided 95 %); beyond 30 the normal 1.96 is within 4 %
T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
        2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042]


def spectrum(path):
    """Frequencies (cm^-1) and mean n alpha (cm^-1) of a `zstar ir` CSV."""
    f, y = [], []
    with open(path) as fh:
        for r in csv.DictReader(fh):
            f.append(float(r["frequency_cm-1"]))
            y.append(float(r["mean_n_alpha_cm-1"]))
    return f, y


def band_integral(f, y, lo, hi):
    """Trapezoid integral of y over [lo, hi] (cm^-2), the edges linearly interpolated."""
    def at(x):
        for i in range(1, len(f)):
            if f[i] >= x:
                t = (x - f[i - 1]) / (f[i] - f[i - 1])
                return y[i - 1] + t * (y[i] - y[i - 1])
        raise ValueError("band edge %g beyond the spectrum (max %g)" % (x, f[-1]))
    xs = [lo] + [x for x in f if lo < x < hi] + [hi]
    ys = [at(lo)] + [y[i] for i, x in enumerate(f) if lo < x < hi] + [at(hi)]
    return sum(0.5 * (ys[i] + ys[i + 1]) * (xs[i + 1] - xs[i]) for i in range(len(xs) - 1))


def reference_spectrum(path):
    """n alpha (cm^-1) against wavenumber (cm^-1, ascending) from a refractiveindex.info 'tabulated nk' YAML file
    (lambda in um, n, k), as zstar's ReferenceSpectra converts it: nu = 1e4 / lambda, n alpha = n 4 pi k / lambda."""
    rows, inside = [], False
    with open(path) as fh:
        for line in fh:
            t = line.split()
            if line.strip().startswith("data:"):
                inside = True
                continue
            if inside and len(t) == 3:
                try:
                    lam_um, n, k = (float(v) for v in t)
                except ValueError:
                    inside = False
                    continue
                lam_cm = lam_um * 1e-4
                rows.append((1.0 / lam_cm, n * 4 * math.pi * k / lam_cm))
            elif inside and t:
                inside = False
    rows.sort()
    return [r[0] for r in rows], [r[1] for r in rows]


def band_centroid(f, y, lo, hi):
    """First moment of y over [lo, hi]: Int nu y dnu / Int y dnu (cm^-1)."""
    return band_integral(f, [x * v for x, v in zip(f, y)], lo, hi) / band_integral(f, y, lo, hi)


def mean_interval(values):
    """Mean and 95 % Student-t interval over the values (independent runs)."""
    n = len(values)
    m = sum(values) / n
    if n < 2:
        return m, float("nan"), float("nan")
    s = math.sqrt(sum((v - m) ** 2 for v in values) / (n - 1))
    h = (T975[n - 2] if n - 1 <= len(T975) else 1.96) * s / math.sqrt(n)
    return m, m - h, m + h


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--compare", required=True, help="zstar ir-compare CSV (bands, experiment row)")
    ap.add_argument("--out", required=True, help="output prefix")
    ap.add_argument("--reference", help="refractiveindex.info YAML of the experiment (band centroids)")
    ap.add_argument("models", nargs="+", help="LABEL=run1.csv,run2.csv,...")
    a = ap.parse_args()
    bands, experiment, compare_integral = [], {}, {}
    with open(a.compare) as fh:
        for r in csv.DictReader(fh):
            key = (r["band"], float(r["from_cm-1"]), float(r["to_cm-1"]))
            if key not in bands:
                bands.append(key)
            compare_integral[(r["spectrum"], r["band"])] = float(r["integral_cm-2"])
            if r["spectrum"] == "experiment":
                experiment[r["band"]] = float(r["integral_cm-2"])
    if a.reference:
        # ir-compare's Spectrum.integral sums only the grid intervals wholly inside the band; on the experiment's
        # coarse grid (15-75 cm^-1 steps) that drops 0.5-1.8 % at the edges. The models' integrals here interpolate
        # the edges, so the experiment's are recomputed the same way from the reference file.
        fx, yx = reference_spectrum(a.reference)
        for b, lo, hi in bands:
            exact = band_integral(fx, yx, lo, hi)
            if b in experiment and abs(exact / experiment[b] - 1) > 0.03:
                raise SystemExit("the reference's %s integral %.4g differs from ir-compare's %.4g by more than the "
                                 "edge intervals: not the same file?" % (b, exact, experiment[b]))
            print("experiment %s: integral %.4g with the band edges interpolated (ir-compare, whole grid intervals "
                  "only: %.4g, %+.1f %%)" % (b, exact, experiment[b], 100 * (experiment[b] / exact - 1)))
            experiment[b] = exact
        print()
    runs = {}
    for spec in a.models:
        label, files = spec.split("=", 1)
        runs[label] = [spectrum(p) for p in files.split(",")]
    n = {len(v) for v in runs.values()}
    if len(n) != 1:
        raise SystemExit("every model needs the same runs, got run counts %s" % sorted(n))
    integral = {(m, b): [band_integral(f, y, lo, hi) for f, y in runs[m]] for m in runs for (b, lo, hi) in bands}
    rows = []
    print("| band | quantity | " + " | ".join(runs) + " |")
    print("|---|---|" + "---:|" * len(runs))
    for b, lo, hi in bands:
        cells, ratio_cells = [], []
        for m in runs:
            mean, low, up = mean_interval(integral[(m, b)])
            rows.append((b, "integral_cm-2 " + m, mean, low, up))
            # check: the mean of the per-run integrals is the integral of the mean spectrum (ir-compare's value)
            ref = compare_integral.get((m, b))
            check = "" if ref is None else " (ir-compare %.4g, %+.1f %%)" % (ref, 100 * (mean / ref - 1))
            cells.append("%.3g [%.3g, %.3g]%s" % (mean, low, up, check))
            if b in experiment:
                r = mean_interval([v / experiment[b] for v in integral[(m, b)]])
                rows.append((b, "ratio_to_experiment " + m, *r))
                ratio_cells.append("%.2f [%.2f, %.2f]" % r)
        print("| %s (%g-%g) | integral, 95 %% band over runs | %s |" % (b, lo, hi, " | ".join(cells)))
        if ratio_cells:
            print("| %s | / experiment (%.3g) | %s |" % (b, experiment[b], " | ".join(ratio_cells)))
    print()
    print("Paired ratios (per-run ratio of the band integrals, mean and 95 % Student-t interval over the runs):")
    print()
    labels = list(runs)
    pairs = [(labels[i], labels[j]) for i in range(len(labels)) for j in range(i + 1, len(labels))]
    print("| band | " + " | ".join("%s / %s" % p for p in pairs) + " |")
    print("|---|" + "---:|" * len(pairs))
    for b, lo, hi in bands:
        cells = []
        for x, y in pairs:
            r = mean_interval([u / v for u, v in zip(integral[(x, b)], integral[(y, b)])])
            rows.append((b, "paired_ratio %s/%s" % (x, y), *r))
            cells.append("%.3f [%.3f, %.3f]" % r)
        print("| %s | %s |" % (b, " | ".join(cells)))
    if a.reference:
        centroids(a.reference, runs, bands, experiment, rows)
    tmp = a.out + ".csv.tmp"
    with open(tmp, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["band", "quantity", "mean", "lower95", "upper95"])
        for r in rows:
            w.writerow([r[0], r[1]] + ["%.6g" % v for v in r[2:]])
    import os
    os.replace(tmp, a.out + ".csv")


def centroids(reference, runs, bands, experiment, rows):
    """Prints the band-centroid table (and appends its rows): each model's centroid over the runs, the experiment's,
    and the paired centroid shifts between models."""
    fx, yx = reference_spectrum(reference)
    labels = list(runs)
    pairs = [(labels[i], labels[j]) for i in range(len(labels)) for j in range(i + 1, len(labels))]
    print()
    print("Band centroids (cm^-1; first moment of n alpha over the band, mean and 95 % Student-t interval over the "
          "runs), and the paired shifts between models:")
    print()
    print("| band | " + " | ".join(labels) + " | experiment | " + " | ".join("%s - %s" % p for p in pairs) + " |")
    print("|---|" + "---:|" * (len(labels) + 1 + len(pairs)))
    for b, lo, hi in bands:
        cx = band_centroid(fx, yx, lo, hi)
        rows.append((b, "centroid_cm-1 experiment", cx, float("nan"), float("nan")))
        per_run = {m: [band_centroid(f, y, lo, hi) for f, y in runs[m]] for m in labels}
        cells = []
        for m in labels:
            r = mean_interval(per_run[m])
            rows.append((b, "centroid_cm-1 " + m, *r))
            cells.append("%.0f [%.0f, %.0f]" % r)
        shifts = []
        for x, y in pairs:
            r = mean_interval([u - v for u, v in zip(per_run[x], per_run[y])])
            rows.append((b, "paired_centroid_shift_cm-1 %s-%s" % (x, y), *r))
            shifts.append("%+.1f [%+.1f, %+.1f]" % r)
        print("| %s | %s | %.0f | %s |" % (b, " | ".join(cells), cx, " | ".join(shifts)))


if __name__ == "__main__":
    main()
