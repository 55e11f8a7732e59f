#!/usr/bin/env python3
"""Write pw.x SCF inputs (same settings as water8-pbe) for selected frames of a zstar md trajectory.
usage: mkjobs.py TRAJ.xyz OUTDIR FIRST_FRAME STRIDE COUNT"""
import os, sys
traj, out, first, stride, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
tmpl = open('/work/qe-water8/0000/pw.in').read()
head = tmpl[:tmpl.index('ATOMIC_POSITIONS')].replace("  input_dft = 'PBE'\n", "  input_dft = 'PBE'\n  occupations = 'smearing'\n  smearing = 'gaussian'\n  degauss = 0.002\n").replace('  conv_thr = 1.0d-10\n', '  conv_thr = 1.0d-10\n  mixing_beta = 0.3\n  electron_maxstep = 150\n')
lines = open(traj).read().splitlines()
frames = []
i = 0
while i < len(lines):
    n = int(lines[i]); frames.append(lines[i + 2:i + 2 + n]); i += n + 2
sel = list(range(first, len(frames), stride))[:count]
os.makedirs(out, exist_ok=True)
for k, f in enumerate(sel):
    d = os.path.join(out, '%04d' % k); os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, 'pw.in'), 'w') as w:
        w.write(head + 'ATOMIC_POSITIONS angstrom\n')
        for row in frames[f]:
            p = row.split(); w.write('  %s %.6f %.6f %.6f\n' % (p[0], float(p[1]), float(p[2]), float(p[3])))
        w.write('K_POINTS automatic\n  1 1 1 0 0 0\n')
    open(os.path.join(d, 'source'), 'w').write('%s frame %d\n' % (traj, f))
print(len(sel), 'jobs from frames', sel[:3], '...')
