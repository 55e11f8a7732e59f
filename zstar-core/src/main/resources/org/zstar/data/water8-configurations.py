#!/usr/bin/env python3
"""Configurations of the built-in data set water8-pbe (zstar): random packings of 8 flexible water
molecules in a periodic cubic box of 6.2 A (1.00 g/cm^3), written as Quantum ESPRESSO pw.x / ph.x inputs,
one folder per frame, in the layout of `zstar dft qe prepare` (NNNN/pw.in, NNNN/ph.in).

Frame k uses numpy.random.default_rng(1000 + k):
  - molecules are placed one by one: O uniformly in the box, orientation uniformly random (unit quaternion);
  - O-H bond lengths 0.9572 A + N(0, 0.03 A) each, H-O-H angle 104.52 deg + N(0, 5 deg);
  - a molecule is rejected (and redrawn) when, under the minimum image convention, its O is closer than
    2.5 A to another O or any of its atoms is closer than 1.5 A to an atom of another molecule.
Usage: python3 water8-configurations.py OUTDIR FIRST COUNT
"""
import os
import sys

import numpy as np

L = 6.2
NMOL = 8


def rotation(rng):
    q = rng.normal(size=4)
    a, b, c, d = q / np.linalg.norm(q)
    return np.array([[a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
                     [2 * (b * c + a * d), a * a - b * b + c * c - d * d, 2 * (c * d - a * b)],
                     [2 * (b * d - a * c), 2 * (c * d + a * b), a * a - b * b - c * c + d * d]])


def mic(d):
    return d - L * np.round(d / L)


def frame(k):
    rng = np.random.default_rng(1000 + k)
    mols = []
    tries = 0
    while len(mols) < NMOL:
        tries += 1
        if tries > 100000:
            raise RuntimeError("packing failed")
        o = rng.uniform(0, L, 3)
        r1 = 0.9572 + rng.normal(0, 0.03)
        r2 = 0.9572 + rng.normal(0, 0.03)
        th = np.radians(104.52 + rng.normal(0, 5.0)) / 2
        rot = rotation(rng)
        h1 = o + rot @ np.array([r1 * np.sin(th), 0, r1 * np.cos(th)])
        h2 = o + rot @ np.array([-r2 * np.sin(th), 0, r2 * np.cos(th)])
        new = (o, h1, h2)
        ok = True
        for m in mols:
            if np.linalg.norm(mic(o - m[0])) < 2.5:
                ok = False
                break
            if any(np.linalg.norm(mic(a - b)) < 1.5 for a in new for b in m):
                ok = False
                break
        if ok:
            mols.append(new)
    return mols


PW = """&CONTROL
  calculation = 'scf'
  prefix = 'zstar'
  outdir = './tmp'
  pseudo_dir = '/usr/share/espresso/pseudo'
  tprnfor = .true.
/
&SYSTEM
  ibrav = 0
  nat = 24
  ntyp = 2
  ecutwfc = 30
  ecutrho = 240
  input_dft = 'PBE'
/
&ELECTRONS
  conv_thr = 1.0d-10
/
ATOMIC_SPECIES
  O 15.999 O.pbe-rrkjus.UPF
  H 1.008 H.pbe-kjpaw.UPF
CELL_PARAMETERS angstrom
  6.2 0.0 0.0
  0.0 6.2 0.0
  0.0 0.0 6.2
ATOMIC_POSITIONS angstrom
"""

PH = """dielectric response at Gamma (zstar)
&INPUTPH
  prefix = 'zstar'
  outdir = './tmp'
  epsil = .true.
  trans = .false.
  tr2_ph = 1.0d-12
  fildyn = 'zstar.dyn'
/
0.0 0.0 0.0
"""

if __name__ == "__main__":
    out, first, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    for k in range(first, first + count):
        d = os.path.join(out, "%04d" % k)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "pw.in"), "w") as f:
            f.write(PW)
            for m in frame(k):
                for s, p in zip("OHH", m):
                    p = p % L
                    f.write("  %s %.6f %.6f %.6f\n" % (s, p[0], p[1], p[2]))
            f.write("K_POINTS automatic\n  1 1 1 0 0 0\n")
        with open(os.path.join(d, "ph.in"), "w") as f:
            f.write(PH)
