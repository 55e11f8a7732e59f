"""An ASE calculator on zstar models, through ``zstar serve`` and the i-PI socket protocol.

    from ase.build import molecule
    from zstar_ase import ZstarCalculator

    atoms = molecule('H2O')
    with ZstarCalculator(ff='water.ff', bec_model='water-qp.zstar') as calc:
        atoms.calc = calc
        print(atoms.get_potential_energy(), atoms.get_forces())
        print(atoms.get_dipole_moment())            # e*A, for the positions as they are (unwrapped)
        print(calc.get_property('bec', atoms))      # (N, 3, 3): Z[j, a, b] = dP_a / dr_{j,b}, in e

Results: energy and free_energy (eV), forces (eV/A), stress (eV/A^3, ASE's sign, periodic cells only), dipole
(e*A) and bec (e) with a BEC model.  ASE's MD, optimisers and ase.vibrations.Infrared work on it.

The calculator starts ``zstar serve`` on a private unix socket (/tmp/ipi_zstar-<random>, owner-only permissions)
and speaks the protocol with zstar_ipi.IpiServer rather than ASE's SocketIOCalculator, because the latter drops
or rejects the extras string (the dipole and BECs) in some ASE versions.  It uses the CODATA constants that
ase.units uses (2014 in ASE 3.22), so the unit round trip is exact.  zstar is found as $ZSTAR (a command line,
e.g. "/path/to/zstar") or ``zstar`` on the PATH; pass command=[...] to choose.
"""
import os
import secrets
import shlex
import shutil
import subprocess
import tempfile

import numpy as np
from ase import units
from ase.calculators.calculator import Calculator, all_changes
from ase.stress import full_3x3_to_voigt_6_stress

from zstar_ipi import IpiServer, ProtocolError


def _codata():
    version = str(getattr(units, '__codata_version__', '2014'))
    return version if version in ('2014', '2018') else '2018'


class ZstarCalculator(Calculator):
    implemented_properties = ['energy', 'free_energy', 'forces', 'stress', 'dipole', 'bec']

    def __init__(self, ff, bec_model=None, command=None, threads=1, timeout=120.0, log=None, **kwargs):
        Calculator.__init__(self, **kwargs)
        self.ff = os.path.abspath(ff)
        self.bec_model = None if bec_model is None else os.path.abspath(bec_model)
        if command is None:
            command = shlex.split(os.environ.get('ZSTAR', 'zstar'))
        self.command = list(command)
        self.threads = threads
        self.timeout = timeout
        self.log = log
        self.codata = _codata()
        self.server = None
        self.process = None
        self._dir = None
        self._key = None
        self._log_path = None

    # --- the zstar serve process -------------------------------------------------------------------------------
    def _start(self, atoms):
        self._stop()
        self._dir = tempfile.mkdtemp(prefix='zstar-ase-')  # mode 0700
        template = os.path.join(self._dir, 'species.xyz')
        with open(template, 'w') as out:
            out.write('%d\n\n' % len(atoms))
            for s in atoms.get_chemical_symbols():
                out.write('%s 0 0 0\n' % s)
        pbc = 'none' if not atoms.pbc.any() else ''.join('T' if p else 'F' for p in atoms.pbc)
        name = 'zstar-' + secrets.token_hex(8)
        self.server = IpiServer(unixsocket=name, codata=self.codata, timeout=self.timeout)
        argv = self.command + ['serve', '--ff', self.ff, '--structure', template, '--unix', name, '--pbc', pbc,
                               '--codata', self.codata, '--threads', str(self.threads),
                               '--reconnect-timeout', '2']
        if self.bec_model is not None:
            argv += ['--bec-model', self.bec_model]
        self._log_path = self.log if self.log is not None else os.path.join(self._dir, 'serve.log')
        with open(self._log_path, 'a') as sink:
            self.process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=sink, stderr=sink)
        try:
            self.server.accept(timeout=self.timeout, process=self.process)
        except ProtocolError as e:
            raise self._failure(e) from e
        self._key = (tuple(atoms.numbers), tuple(bool(p) for p in atoms.pbc))

    def _stop(self):
        if self.server is not None:
            self.server.exit()
            self.server.close()
            self.server = None
        if self.process is not None:
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None

    def _failure(self, error):
        """An error that says what zstar serve said (it explains refused cells and unknown species)."""
        said = ''
        if self.process is not None:
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                pass
        try:
            with open(self._log_path) as f:
                lines = [line.strip() for line in f if line.startswith('zstar:')]
            said = lines[-1] if lines else ''
        except OSError:
            pass
        self._stop()
        return RuntimeError('zstar serve failed (%s)%s' % (error, ': ' + said if said else ''))

    def close(self):
        self._stop()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self._stop()
        except Exception:
            pass

    # --- ASE -------------------------------------------------------------------------------------------------
    def calculate(self, atoms=None, properties=('energy',), system_changes=all_changes):
        Calculator.calculate(self, atoms, properties, system_changes)
        atoms = self.atoms
        key = (tuple(atoms.numbers), tuple(bool(p) for p in atoms.pbc))
        if self.server is None or key != self._key:
            self._start(atoms)
        cell = atoms.cell.array.tolist() if atoms.pbc.any() else None
        try:
            r = self.server.calculate(atoms.positions.tolist(), cell)
        except (ProtocolError, OSError) as e:
            raise self._failure(e) from e
        self.results['energy'] = r['energy']
        self.results['free_energy'] = r['energy']
        self.results['forces'] = np.array(r['forces'])
        if atoms.pbc.any():
            virial = np.array(r['virial'])
            self.results['stress'] = -full_3x3_to_voigt_6_stress(virial) / atoms.get_volume()
        extras = r['extras']
        if 'dipole' in extras:
            bohr = self.server.bohr
            self.results['dipole'] = np.array(extras['dipole']) * bohr
            rows = np.array(extras['BEC'])  # (3N, 3): rows R_{j,b}, columns the dipole component a
            self.results['bec'] = rows.reshape(len(atoms), 3, 3).transpose(0, 2, 1).copy()
