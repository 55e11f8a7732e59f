"""The server side of the i-PI socket protocol, in plain Python (standard library only).

It is what i-PI and ASE's SocketIOCalculator do when they talk to a force provider ("driver") such as
``zstar serve``: listen on a socket, and for every structure send STATUS / INIT / POSDATA / GETFORCE and read
energy, forces, virial and the "extras" string back.  zstar's ASE calculator (zstar_ase.py) and its tests use
it.  Units on the wire are atomic (Bohr, Hartree); this module speaks Angstrom and eV.  Layouts (docs/ENGINES.md):

* the cell goes as i-PI's matrix h, whose columns are the lattice vectors, stored row by row:
  wire[3*k + i] = component k of lattice vector i (then the inverse of h, which drivers ignore);
* positions and forces go atom by atom (x1, y1, z1, x2, ...);
* the virial comes back as a matrix stored column by column: wire[3*b + a] = W[a][b], with
  W = -dE/d(strain) (ASE: virial = -volume * stress).

Security: a unix socket is created with owner-only permissions (umask 077, then chmod 600), in /tmp/ipi_NAME as
i-PI and ASE name it; every size the client announces is checked before anything is read into memory.
"""
import json
import math
import os
import socket
import struct
import time

CODATA = {
    # year: (Bohr radius in Angstrom, Hartree energy in eV), as zstar serve --codata YEAR uses them
    '2018': (0.529177210903, 27.211386245988),
    '2014': (0.52917721067, 27.21138602),
}
HEADER_LENGTH = 12
UNIX_PREFIX = '/tmp/ipi_'
MAX_EXTRAS_BYTES = 1 << 28


class ProtocolError(RuntimeError):
    """The client sent something the protocol does not allow, or closed the connection."""


def unix_socket_path(name):
    """The file i-PI and ASE use for the unix socket NAME."""
    if not name or '/' in name or '\0' in name:
        raise ValueError('a unix socket name has no "/" (the socket is %sNAME): %r' % (UNIX_PREFIX, name))
    return UNIX_PREFIX + name


def _inverse3(m):
    a, b, c, d, e, f, g, h, i = m
    det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)
    if det == 0:
        return [0.0] * 9
    inv = [e * i - f * h, c * h - b * i, b * f - c * e,
           f * g - d * i, a * i - c * g, c * d - a * f,
           d * h - e * g, b * g - a * h, a * e - b * d]
    return [v / det for v in inv]


class IpiServer:
    """Listens for one i-PI client and asks it for energies and forces.

    unixsocket: a name (the socket is /tmp/ipi_NAME), or None for an internet socket on host:port
    (port 0 picks a free one; see .port).  codata: '2018' or '2014', the constants the client must use too.
    """

    def __init__(self, unixsocket=None, port=0, host='127.0.0.1', codata='2018', timeout=None):
        self.bohr, self.hartree = CODATA[str(codata)]
        self.timeout = timeout
        self.path = None
        self.connection = None
        self._initialised = False
        if unixsocket is not None:
            self.path = unix_socket_path(unixsocket)
            self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            old = os.umask(0o077)
            try:
                self.listener.bind(self.path)
            finally:
                os.umask(old)
            os.chmod(self.path, 0o600)
        else:
            self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self.listener.bind((host, port))
        self.listener.listen(1)

    @property
    def port(self):
        return self.listener.getsockname()[1] if self.path is None else None

    def accept(self, timeout=60.0, process=None):
        """Waits for the client; when `process` (a Popen) is given, fails early if it exits."""
        deadline = time.monotonic() + timeout
        self.listener.settimeout(0.2)
        while True:
            try:
                conn, _ = self.listener.accept()
                break
            except socket.timeout:
                if process is not None and process.poll() is not None:
                    raise ProtocolError('the client exited with status %d before connecting' % process.returncode)
                if time.monotonic() > deadline:
                    raise ProtocolError('no client connected within %g s' % timeout)
        conn.settimeout(self.timeout)
        if self.path is None:
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.connection = conn
        self._initialised = False

    # --- wire primitives -------------------------------------------------------------------------------------
    def _send(self, data):
        self.connection.sendall(data)

    def _header(self, text):
        self._send(text.encode('ascii').ljust(HEADER_LENGTH))

    def _recv(self, n):
        chunks = []
        left = n
        while left > 0:
            chunk = self.connection.recv(min(left, 1 << 20))
            if not chunk:
                raise ProtocolError('the client closed the connection')
            chunks.append(chunk)
            left -= len(chunk)
        return b''.join(chunks)

    def _recv_header(self):
        return self._recv(HEADER_LENGTH).decode('ascii', 'replace').strip()

    def _recv_int(self):
        return struct.unpack('<i', self._recv(4))[0]

    def _recv_doubles(self, n):
        return list(struct.unpack('<%dd' % n, self._recv(8 * n)))

    def status(self):
        self._header('STATUS')
        return self._recv_header()

    def init(self, bead=0, parameters=' '):
        data = parameters.encode('ascii')
        self._header('INIT')
        self._send(struct.pack('<ii', bead, len(data)) + data)
        self._initialised = True

    # --- one evaluation --------------------------------------------------------------------------------------
    def calculate(self, positions, cell=None):
        """Energy (eV), forces (eV/A, one [x, y, z] per atom), virial (eV, 3x3 rows, -dE/d strain) and the extras
        (a dict parsed from the client's JSON, or {} when it sent none) for positions in Angstrom (one [x, y, z]
        per atom) and lattice vectors as rows (Angstrom; None for none)."""
        flat = [float(v) for p in positions for v in p]
        lattice = [0.0] * 9 if cell is None else [float(v) for row in cell for v in row]
        reply = self.status()
        if reply == 'NEEDINIT':
            self.init()
            reply = self.status()
        if reply != 'READY':
            raise ProtocolError('expected READY, got %r' % reply)
        h = [lattice[3 * i + k] / self.bohr for k in range(3) for i in range(3)]  # h[k][i] = component k of a_i
        ih = _inverse3(h)
        natoms = len(flat) // 3
        self._header('POSDATA')
        self._send(struct.pack('<9d', *h) + struct.pack('<9d', *ih) + struct.pack('<i', natoms)
                   + struct.pack('<%dd' % len(flat), *[v / self.bohr for v in flat]))
        reply = self.status()
        if reply != 'HAVEDATA':
            raise ProtocolError('expected HAVEDATA, got %r' % reply)
        self._header('GETFORCE')
        reply = self._recv_header()
        if reply != 'FORCEREADY':
            raise ProtocolError('expected FORCEREADY, got %r' % reply)
        energy = self._recv_doubles(1)[0] * self.hartree
        n = self._recv_int()
        if n != natoms:
            raise ProtocolError('the client returned %d atoms for %d' % (n, natoms))
        f = self._recv_doubles(3 * n)
        force_unit = self.hartree / self.bohr
        forces = [[f[3 * j + k] * force_unit for k in range(3)] for j in range(n)]
        wire = self._recv_doubles(9)
        virial = [[wire[3 * b + a] * self.hartree for b in range(3)] for a in range(3)]
        nbytes = self._recv_int()
        if nbytes < 0 or nbytes > MAX_EXTRAS_BYTES:
            raise ProtocolError('the client announced %d bytes of extras' % nbytes)
        raw = self._recv(nbytes).decode('utf-8') if nbytes else ''
        extras = json.loads(raw) if raw.strip() else {}
        for v in [energy] + f + wire:
            if not math.isfinite(v):
                raise ProtocolError('the client sent a non-finite number')
        return {'energy': energy, 'forces': forces, 'virial': virial, 'extras': extras, 'raw': raw}

    def exit(self):
        """Tells the client to stop (it exits 0)."""
        if self.connection is not None:
            try:
                self._header('EXIT')
            except OSError:
                pass

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None
        self.listener.close()
        if self.path is not None and os.path.exists(self.path):
            os.unlink(self.path)
            self.path = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
