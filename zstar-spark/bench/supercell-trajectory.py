#!/usr/bin/env python3
"""Synthetic MD-like trajectory of an N x N x N supercell of the first frame of an extended-XYZ file, for the
throughput measurements of docs/PERFORMANCE.md ("zstar spark"). Every coordinate oscillates about its lattice site,
r(t) = r0 + A sin(w t + phi), A = 0.08 A, periods 40-160 fs, random phases (seeded); positions written wrapped into
the cell, velocities (A/fs, analytic) and time_fs in every frame, as zstar md writes them.

usage: supercell-trajectory.py CELL.xyz N FRAMES DT_FS OUT.xyz
"""
import re
import sys

import numpy as np


def first_frame(path):
    with open(path) as f:
        n = int(f.readline())
        comment = f.readline()
        lat = np.array([float(x) for x in re.search(r'Lattice="([^"]+)"', comment).group(1).split()]).reshape(3, 3)
        sym, pos = [], []
        for _ in range(n):
            t = f.readline().split()
            sym.append(t[0])
            pos.append([float(x) for x in t[1:4]])
    return lat, sym, np.array(pos)


def main():
    cell, n, frames, dt, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
    lat, sym, pos = first_frame(cell)
    shifts = np.array([[i, j, k] for i in range(n) for j in range(n) for k in range(n)], dtype=float) @ lat
    r0 = (pos[None, :, :] + shifts[:, None, :]).reshape(-1, 3)
    species = sym * len(shifts)
    big = lat * n
    inv = np.linalg.inv(big)
    rng = np.random.default_rng(7)
    amp = 0.08
    omega = 2 * np.pi / rng.uniform(40, 160, size=r0.shape)
    phase = rng.uniform(0, 2 * np.pi, size=r0.shape)
    head = 'Lattice="%s" pbc="T T T" Properties=species:S:1:pos:R:3:velocities:R:3' % " ".join(
        "%.10f" % x for x in big.reshape(-1))
    with open(out, "w") as f:
        for i in range(frames):
            t = i * dt
            r = r0 + amp * np.sin(omega * t + phase)
            v = amp * omega * np.cos(omega * t + phase)
            frac = r @ inv
            r = (frac - np.floor(frac)) @ big
            f.write("%d\n%s time_fs=%.6f\n" % (len(species), head, t))
            f.write("".join("%s %.8f %.8f %.8f %.8e %.8e %.8e\n" % (s, *p, *w) for s, p, w in zip(species, r, v)))


if __name__ == "__main__":
    main()
