"""Test harness: the real raqibd on a temporary folder with real sockets, and
the real raqib client. Python 3 standard library only.

Binaries and the lexicon come from the environment CTest sets (RAQIBD,
RAQIB, RAQIB_LEXICON); run by hand, they default to ./build."""
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
RAQIBD = os.environ.get('RAQIBD', os.path.join(ROOT, 'build', 'daemon', 'raqibd'))
RAQIB = os.environ.get('RAQIB', os.path.join(ROOT, 'build', 'client', 'raqib'))
LEXICON = os.environ.get('RAQIB_LEXICON', os.path.join(ROOT, 'config', 'lexicon'))
SEEDS = os.path.join(ROOT, 'seeds')
# Sanitizer builds are slower: scale every wait.
SLOW = float(os.environ.get('RAQIB_TEST_SLOW', '1'))


def ephemeral_low():
    try:
        with open('/proc/sys/net/ipv4/ip_local_port_range') as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


_given = set()


def free_port():
    """A port nothing listens on, from below the kernel's ephemeral range:
    bind(0) and every outgoing connection take their ports from that range,
    and under load one of them took a port between this check and the
    daemon's bind (raqibd: "Address already in use")."""
    top = ephemeral_low()
    low = 10000 if top > 11000 else 1024
    for _ in range(1000):
        port = random.randrange(low, top)
        if port in _given:
            continue
        with socket.socket() as s:
            try:
                s.bind(('127.0.0.1', port))
            except OSError:
                continue
        _given.add(port)
        return port
    raise AssertionError('no free port in %d..%d' % (low, top))


def wait_for(pred, timeout=10.0, what='condition'):
    deadline = time.monotonic() + timeout * SLOW
    while time.monotonic() < deadline:
        v = pred()
        if v:
            return v
        time.sleep(0.02)
    raise AssertionError('timed out waiting for ' + what)


def needs(tool, why):
    """Skips a test or class when a tool is missing; with RAQIB_REQUIRE_TOOLS
    set (tools/test, CI) the test fails instead, so nothing passes unseen."""
    if tool or not os.environ.get('RAQIB_REQUIRE_TOOLS'):
        return unittest.skipUnless(tool, why)

    def fail(*args, **kw):
        raise AssertionError(why + ' (RAQIB_REQUIRE_TOOLS is set)')

    def wrap(obj):
        if isinstance(obj, type):
            obj.setUp = fail
            return obj
        return fail
    return wrap


def read_bytes(path):
    with open(path, 'rb') as f:
        return f.read()


def seed_files():
    return sorted(os.path.join(SEEDS, f) for f in os.listdir(SEEDS) if f.endswith('.txt'))


class Daemon:
    """raqibd with its own inbox, store and ports in a temporary folder."""

    def __init__(self, tmp, **keys):
        self.tmp = tmp
        self.inbox = os.path.join(tmp, 'inbox')
        os.makedirs(self.inbox, exist_ok=True)
        self.port = free_port()
        self.rport = free_port()
        self.hport = free_port()
        self.keys = {
            'watch': {'dir': 'inbox', 'max_file_bytes': '4194304'},
            'store': {'path': 'var/raqib.db'},
            'publish': {'endpoint': 'tcp://127.0.0.1:%d' % self.port,
                        'replay_endpoint': 'tcp://127.0.0.1:%d' % self.rport,
                        'heartbeat_seconds': '1'},
            'http': {'listen': '127.0.0.1:%d' % self.hport},
            'extract': {'lexicon': LEXICON},
            'log': {'level': 'info'},
        }
        for section, kv in keys.items():
            self.keys.setdefault(section, {}).update(kv)
        self.conf = os.path.join(tmp, 'raqibd.conf')
        self.write_config()
        self.proc = None
        self.logpath = os.path.join(tmp, 'raqibd.log')
        self.logf = None

    @property
    def endpoint(self):
        return self.keys['publish']['endpoint']

    @property
    def replay(self):
        return self.keys['publish']['replay_endpoint']

    @property
    def store(self):
        return os.path.join(self.tmp, self.keys['store']['path'])

    def write_config(self, text=None):
        if text is None:
            text = ''.join('[%s]\n%s\n' % (s, ''.join('%s = %s\n' % kv for kv in kv_.items()))
                           for s, kv_ in self.keys.items())
        with open(self.conf, 'w') as f:
            f.write(text)

    def start(self, ready=True, wrap=()):
        """wrap: a command raqibd runs under (another user, say)."""
        self.logf = open(self.logpath, 'a')
        self.proc = subprocess.Popen(list(wrap) + [RAQIBD, '-c', self.conf],
                                     stdout=self.logf, stderr=subprocess.STDOUT)
        if ready:
            wait_for(lambda: 'watching' in self.log() or self.proc.poll() is not None,
                     what='raqibd to start')
            if self.proc.poll() is not None:
                raise AssertionError('raqibd exited: ' + self.log())
        return self

    def log(self):
        with open(self.logpath, encoding='utf-8', errors='replace') as f:
            return f.read()

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def send(self, sig):
        self.proc.send_signal(sig)

    def stop(self, sig=signal.SIGTERM, timeout=10):
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout * SLOW)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        self.logf.close()
        self.proc = None
        return rc

    def drop(self, name, data, how='rename'):
        """Puts a file in the inbox: renamed in (atomic), or written in place.
        The name may be bytes that are not UTF-8."""
        if isinstance(data, str):
            data = data.encode('utf-8')
        inbox, name = os.fsencode(self.inbox), os.fsencode(name)
        final = os.path.join(inbox, name)
        if how == 'rename':
            tmp = os.path.join(inbox, b'.' + name.replace(b'/', b'_') + b'.part')
            with open(tmp, 'wb') as f:
                f.write(data)
            os.rename(tmp, final)
        else:
            with open(final, 'wb') as f:
                f.write(data)
        return final

    def sql(self, query):
        # the daemon may be writing or checkpointing: wait for the lock
        # instead of failing with SQLITE_BUSY (exit 5)
        out = subprocess.run(['sqlite3', '-cmd', '.timeout 10000', self.store,
                              query], capture_output=True, text=True,
                             check=True)
        return out.stdout

    def status(self):
        out = subprocess.run([RAQIB, 'status', '--json', '--replay', self.replay] +
                             self.client_keys(), capture_output=True, text=True,
                             timeout=10 * SLOW)
        if out.returncode != 0:
            raise AssertionError('raqib status: ' + out.stderr)
        return json.loads(out.stdout)

    def last_seq(self):
        return self.status()['last_seq']

    def client_keys(self):
        return []


class Sub:
    """raqib sub --json in the background; its events collected as they come."""

    def __init__(self, daemon, *args, keys=(), env=None):
        self.args = [RAQIB, 'sub', '--json', '--connect', daemon.endpoint, '--replay',
                     daemon.replay] + list(keys) + list(args)
        self.events = []
        self.stderr = ''
        self.lock = threading.Lock()
        e = dict(os.environ)
        e.update(env or {})
        self.proc = subprocess.Popen(self.args, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, env=e)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.errs = threading.Thread(target=self._read_err, daemon=True)
        self.errs.start()

    def _read(self):
        for line in self.proc.stdout:
            line = line.strip()
            if line:
                with self.lock:
                    self.events.append(json.loads(line))

    def _read_err(self):
        for line in self.proc.stderr:
            with self.lock:
                self.stderr += line

    def seqs(self):
        with self.lock:
            return [e['seq'] for e in self.events]

    def wait_count(self, n, timeout=15):
        try:
            wait_for(lambda: len(self.seqs()) >= n, timeout, '%d events' % n)
        except AssertionError as e:
            # what the client said and what it lacks explain a failure in CI
            got = set(self.seqs())
            missing = [q for q in range(1, n + 1) if q not in got]
            with self.lock:
                err = self.stderr[-4000:]
            raise AssertionError('%s: %d received, exit %s, missing %s; '
                                 'raqib sub said:\n%s' % (
                                     e, len(got), self.proc.poll(),
                                     missing[:20], err)) from None
        return self.seqs()

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            self.proc.wait(10 * SLOW)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.reader.join(5)
        self.errs.join(5)
        self.proc.stdout.close()
        self.proc.stderr.close()
        return self.proc.returncode


def run_client(*args, timeout=30):
    return subprocess.run([RAQIB] + list(args), capture_output=True, text=True,
                          timeout=timeout * SLOW)


class DaemonTest(unittest.TestCase):
    """A test case with a temporary folder and daemons that are stopped after."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix='raqib-test-')
        self.daemons = []
        self.subs = []

    def tearDown(self):
        for s in self.subs:
            s.stop(signal.SIGKILL)
        for d in self.daemons:
            if d.proc is not None:
                d.stop(signal.SIGKILL)
        if os.environ.get('RAQIB_KEEP_TMP'):
            print('kept', self.tmp)
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def daemon(self, sub='d', **keys):
        d = Daemon(os.path.join(self.tmp, sub), **keys)
        self.daemons.append(d)
        return d

    def sub(self, d, *args, **kw):
        s = Sub(d, *args, **kw)
        self.subs.append(s)
        return s

    def query(self, d, *args):
        out = run_client('query', '--json', '--replay', d.replay, *args)
        self.assertEqual(out.returncode, 0, out.stderr)
        return [json.loads(l) for l in out.stdout.splitlines() if l.strip()]
