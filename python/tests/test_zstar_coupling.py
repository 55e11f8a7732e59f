"""zstar serve driven from Python: the standard-library i-PI server, and ASE through zstar_ase.

Run by zstar-cli's PythonCouplingTest, which writes the models and structures and then checks the reports
against zstar's own numbers.  Environment: ZSTAR_COMMAND (a JSON list, the command line that runs zstar) and
ZSTAR_TEST_DIR (ff.json.gz, bec.json.gz, box.json, molecule.json; the reports are written there).  Without
them, or without ASE for the ASE tests, the tests skip and say why.
"""
import json
import math
import os
import stat
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

import zstar_ipi  # noqa: E402

COMMAND = json.loads(os.environ['ZSTAR_COMMAND']) if 'ZSTAR_COMMAND' in os.environ else None
DATA = os.environ.get('ZSTAR_TEST_DIR')
NEEDS_SETUP = 'ZSTAR_COMMAND and ZSTAR_TEST_DIR are not set (zstar-cli PythonCouplingTest sets them)'

try:
    import numpy as np
    import ase  # noqa: F401
    HAVE_ASE = True
except ImportError:
    HAVE_ASE = False
NO_ASE = 'ASE and numpy are not installed (Debian: apt-get install python3-ase): skipping the ASE tests'


def load(name):
    with open(os.path.join(DATA, name)) as f:
        return json.load(f)


def write_report(name, report):
    tmp = os.path.join(DATA, name + '.tmp')
    with open(tmp, 'w') as f:
        json.dump(report, f)
    os.replace(tmp, os.path.join(DATA, name))


@unittest.skipIf(COMMAND is None or DATA is None, NEEDS_SETUP)
class StandardLibraryServerTest(unittest.TestCase):
    def serve(self, server, structure, *extra):
        template = os.path.join(DATA, 'molecule-species.xyz')
        with open(template, 'w') as out:
            out.write('%d\n\n' % len(structure['symbols']))
            for s in structure['symbols']:
                out.write('%s 0 0 0\n' % s)
        argv = COMMAND + ['serve', '--ff', os.path.join(DATA, 'ff.json.gz'), '--structure', template,
                          '--bec-model', os.path.join(DATA, 'bec.json.gz'), '--threads', '1',
                          '--reconnect-timeout', '5'] + list(extra)
        return subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def test_energy_forces_extras_and_exit_over_a_private_unix_socket(self):
        mol = load('molecule.json')
        name = 'zstar-pytest-%d' % os.getpid()
        with zstar_ipi.IpiServer(unixsocket=name, codata='2018') as server:
            mode = stat.S_IMODE(os.stat(server.path).st_mode)
            self.assertEqual(mode, 0o600, 'the socket must be owner-only')
            proc = self.serve(server, mol, '--unix', name, '--pbc', 'none')
            try:
                server.accept(timeout=120, process=proc)
                x = mol['positions']
                r = server.calculate(x)
                h = 1e-4
                fd = []
                for k in range(3):
                    p = [row[:] for row in x]
                    p[1][k] += h
                    ep = server.calculate(p)['energy']
                    p[1][k] -= 2 * h
                    em = server.calculate(p)['energy']
                    fd.append(-(ep - em) / (2 * h))
                for k in range(3):
                    self.assertAlmostEqual(r['forces'][1][k], fd[k], delta=1e-6)
                self.assertEqual(len(r['extras']['BEC']), 3 * len(x))
                self.assertEqual(len(r['extras']['dipole']), 3)
                server.exit()
                out, err = proc.communicate(timeout=60)
                self.assertEqual(proc.returncode, 0, err.decode())
                write_report('report-stdlib.json', {'positions': x, 'energy': r['energy'], 'forces': r['forces'],
                                                    'extras': r['extras'], 'bohr': server.bohr})
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()

    def test_inet_socket(self):
        box = load('box.json')
        with zstar_ipi.IpiServer(port=0) as server:
            proc = self.serve(server, box, '--inet', '127.0.0.1:%d' % server.port)
            try:
                server.accept(timeout=120, process=proc)
                r = server.calculate(box['positions'], box['cell'])
                self.assertTrue(math.isfinite(r['energy']))
                self.assertEqual(len(r['forces']), len(box['positions']))
                server.exit()
                proc.communicate(timeout=60)
                self.assertEqual(proc.returncode, 0)
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()


@unittest.skipIf(COMMAND is None or DATA is None, NEEDS_SETUP)
@unittest.skipUnless(HAVE_ASE, NO_ASE)
class AseTest(unittest.TestCase):
    def calculator(self):
        from zstar_ase import ZstarCalculator
        return ZstarCalculator(ff=os.path.join(DATA, 'ff.json.gz'), bec_model=os.path.join(DATA, 'bec.json.gz'),
                               command=COMMAND, threads=1, log=os.path.join(DATA, 'serve.log'))

    def test_ase_socketio_calculator_recipe(self):
        """ASE's own server (SocketIOCalculator) with zstar serve as the client: energy, forces, stress."""
        from ase import Atoms
        from ase.calculators.socketio import SocketIOCalculator
        box = load('box.json')
        atoms = Atoms(box['symbols'], positions=box['positions'], cell=box['cell'], pbc=True)
        template = os.path.join(DATA, 'box-species.xyz')
        with open(template, 'w') as out:
            out.write('%d\n\n' % len(atoms))
            for sym in atoms.get_chemical_symbols():
                out.write('%s 0 0 0\n' % sym)
        name = 'zstar-asetest-%d' % os.getpid()
        old = os.umask(0o077)  # ASE creates the socket file: make it owner-only
        try:
            calc = SocketIOCalculator(unixsocket=name)
        finally:
            os.umask(old)
        from ase.units import __codata_version__ as codata
        proc = subprocess.Popen(COMMAND + ['serve', '--ff', os.path.join(DATA, 'ff.json.gz'), '--structure', template,
                                           '--unix', name, '--codata', str(codata), '--threads', '1',
                                           '--reconnect-timeout', '1'],
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            with calc:
                atoms.calc = calc
                energy = atoms.get_potential_energy()
                forces = atoms.get_forces()
                stress = atoms.get_stress()
                atoms.positions[0, 0] += 0.01
                moved = atoms.get_potential_energy()
            out, err = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        self.assertEqual(proc.returncode, 0, err.decode())
        self.assertIn(b'the server went away', out)
        self.assertNotEqual(energy, moved)
        atoms.positions[0, 0] -= 0.01
        write_report('report-socketio.json', {'positions': atoms.positions.tolist(), 'cell': box['cell'],
                                              'energy': energy, 'forces': forces.tolist(),
                                              'stress': stress.tolist()})

    def test_a_cell_zstar_refuses_is_explained(self):
        from ase import Atoms
        mol = load('molecule.json')
        atoms = Atoms(mol['symbols'], positions=mol['positions'], cell=[[9, 0, 0], [0, 9, 0], [0, 0, 0]],
                      pbc=[True, True, False])
        with self.calculator() as calc:
            atoms.calc = calc
            with self.assertRaises(RuntimeError) as caught:
                atoms.get_potential_energy()
        self.assertIn('three independent lattice vectors', str(caught.exception))

    def test_nve_water_box(self):
        from ase import Atoms, units
        from ase.md.velocitydistribution import MaxwellBoltzmannDistribution
        from ase.md.verlet import VelocityVerlet
        box = load('box.json')
        atoms = Atoms(box['symbols'], positions=box['positions'], cell=box['cell'], pbc=True)
        MaxwellBoltzmannDistribution(atoms, temperature_K=300, rng=np.random.RandomState(7))
        frames, totals = [], []
        with self.calculator() as calc:
            atoms.calc = calc
            dyn = VelocityVerlet(atoms, timestep=0.25 * units.fs)

            def record():
                totals.append(atoms.get_potential_energy() + atoms.get_kinetic_energy())
                if len(totals) % 10 == 1:
                    frames.append({'positions': atoms.positions.tolist(), 'cell': atoms.cell.array.tolist(),
                                   'energy': atoms.get_potential_energy(),
                                   'forces': atoms.get_forces().tolist(),
                                   'stress': atoms.get_stress().tolist(),
                                   'dipole': atoms.get_dipole_moment().tolist(),
                                   'bec': calc.get_property('bec', atoms).tolist()})
            dyn.attach(record, interval=1)
            dyn.run(40)
        drift = max(totals) - min(totals)
        kinetic = 1.5 * len(atoms) * units.kB * 300
        write_report('report-nve.json', {'frames': frames, 'total_energy': totals})
        print('NVE: 40 steps of 0.25 fs, total energy spread %.3g eV (kinetic scale %.3g eV)' % (drift, kinetic))
        self.assertEqual(len(totals), 41)
        self.assertLess(drift, 1e-4 * kinetic, 'total energy is not conserved: spread %g eV' % drift)

    def test_infrared_dipole_derivatives_are_the_becs(self):
        from ase import Atoms
        from ase.vibrations import Infrared
        mol = load('molecule.json')
        atoms = Atoms(mol['symbols'], positions=mol['positions'])
        cwd = os.getcwd()
        with tempfile.TemporaryDirectory() as work, self.calculator() as calc:
            os.chdir(work)
            try:
                atoms.calc = calc
                bec = calc.get_property('bec', atoms)
                delta = 1e-3
                ir = Infrared(atoms, delta=delta, nfree=2)
                ir.run()
                with open(os.devnull, 'w') as quiet:
                    ir.summary(log=quiet)
                worst = 0.0
                fd_rows = []
                for j in range(len(atoms)):
                    for b in range(3):
                        plus = ir._disp(j, b, 1).dipole()
                        minus = ir._disp(j, b, -1).dipole()
                        row = (plus - minus) / (2 * delta)  # dP_a / dr_{j,b}, a = 0..2
                        fd_rows.append(row.tolist())
                        worst = max(worst, float(np.abs(row - bec[j, :, b]).max()))
                write_report('report-ir.json', {'bec': bec.tolist(), 'fd': fd_rows,
                                                'intensities': np.real(ir.intensities).tolist(),
                                                'positions': mol['positions']})
            finally:
                os.chdir(cwd)
        print('Infrared: largest |finite-difference dP/dr - BEC| = %.3g e' % worst)
        self.assertLess(worst, 1e-5, 'finite-difference dipole derivatives differ from the BECs by %g e' % worst)


if __name__ == '__main__':
    unittest.main(verbosity=2)
