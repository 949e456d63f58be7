"""Helpers shared by test_reliability and test_hostile: unique articles,
store queries that tolerate a busy database, restarts, kills at a chosen
moment, and zreq (raw requests to the replay socket)."""
import json
import os
import platform
import re
import signal
import sqlite3
import subprocess
import time

from harness import ROOT, SLOW, DaemonTest, seed_files, wait_for

ZREQ = os.environ.get('RAQIB_ZREQ', os.path.join(ROOT, 'build', 'tests', 'integration',
                                                  'zreq'))
_SEEDS = []


SANITIZER = re.compile(r'AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|'
                       r'runtime error: ')


class CheckedTest(DaemonTest):
    """After each test, every client and daemon still running is stopped
    with SIGTERM: daemons must exit 0, and no sanitizer may have reported
    anything in a daemon's log or a client's stderr."""

    def tearDown(self):
        problems = []
        try:
            for s in self.subs:
                if s.proc.poll() is None:
                    s.stop()
                if SANITIZER.search(s.stderr):
                    problems.append('raqib sub: ' + s.stderr)
            for d in self.daemons:
                if d.proc is not None:
                    d.send(signal.SIGCONT)
                    rc = d.stop()
                    if rc != 0:
                        problems.append('raqibd exited %r on SIGTERM' % rc)
                if os.path.exists(d.logpath) and SANITIZER.search(d.log()):
                    problems.append('raqibd: ' + d.log()[-4000:])
        finally:
            super().tearDown()
        if problems:
            self.fail('\n'.join(problems))


def seeds():
    if not _SEEDS:
        for p in seed_files():
            with open(p, 'rb') as f:
                _SEEDS.append(f.read())
    return _SEEDS


def article(i):
    """A real article (a seed, so at least one event) made unique by a
    trailing line: no two i give the same SHA-256."""
    return seeds()[i % len(seeds())] + ('\n\nرقم المرجع %d\n' % i).encode()


def rows(d, query, *args):
    """Rows from the daemon's store, read on a connection of our own that
    waits out a writer; TEXT that is not UTF-8 (raw file names) survives
    as surrogates."""
    con = sqlite3.connect('file:%s?mode=rw' % d.store, uri=True, timeout=10 * SLOW)
    con.text_factory = lambda b: b.decode('utf-8', 'surrogateescape')
    try:
        return con.execute(query, args).fetchall()
    finally:
        con.close()


def count(d, table, where='', *args):
    return rows(d, 'SELECT count(*) FROM %s %s' % (table, where), *args)[0][0]


def integrity(d):
    out = subprocess.run(['sqlite3', d.store, 'PRAGMA integrity_check'],
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()


def start_again(d):
    """Starts a daemon that ran before: its log already says 'watching'."""
    mark = len(d.log())
    d.start(ready=False)
    wait_for(lambda: 'watching' in d.log()[mark:] or d.proc.poll() is not None,
             what='raqibd to start again')
    if d.proc.poll() is not None:
        raise AssertionError('raqibd exited: ' + d.log()[mark:])


def log_since(d, mark):
    return d.log()[mark:]


# poll(2) and ppoll(2): where raqib sub waits between batches
_IDLE_SYSCALLS = {'x86_64': ('7', '271'), 'aarch64': ('73',), 'arm64': ('73',),
                  'i686': ('168', '309'), 'riscv64': ('73',)}


def _state(pid):
    with open('/proc/%d/stat' % pid) as f:
        return f.read().rsplit(')', 1)[1].split()[0]


def kill_when_idle(proc, timeout=20):
    """SIGKILL, at a moment the client waits in poll(2) between batches.

    A consumer-side cursor cannot make output and position one atomic
    step: killed after a batch is written to stdout and before the resume
    file is renamed, a client necessarily prints that batch again. So the
    process is stopped (SIGSTOP), its main thread's system call read from
    /proc, and it is killed only when parked in poll -- otherwise let go
    and tried again a few milliseconds later. Returns the number of tries."""
    idle = _IDLE_SYSCALLS.get(platform.machine())
    deadline = time.monotonic() + timeout * SLOW
    tries = 0
    while True:
        tries += 1
        os.kill(proc.pid, signal.SIGSTOP)
        wait_for(lambda: _state(proc.pid) in ('T', 't', 'Z'), what='the client to stop')
        try:
            with open('/proc/%d/syscall' % proc.pid) as f:
                nr = f.read().split()[0]
        except OSError:
            nr = None
        if idle is None or nr is None or nr in idle or time.monotonic() > deadline:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            return tries
        os.kill(proc.pid, signal.SIGCONT)
        time.sleep(0.003 * tries)


def zreq(d, *frames, keys=(), timeout=5.0):
    """Sends one or more messages (frames, with '--next' between messages)
    to d's replay socket; returns zreq's exit code and the replies, each a
    list of frames with the JSON frames decoded."""
    out = subprocess.run([ZREQ, '-t', str(int(timeout * SLOW * 1000))] + list(keys) +
                         [d.replay] + list(frames), capture_output=True,
                         timeout=timeout * SLOW + 10)
    replies = []
    for line in out.stdout.decode('utf-8', 'replace').splitlines():
        msg = json.loads(line)
        replies.append([msg[0]] + [_maybe_json(f) for f in msg[1:]])
    return out.returncode, replies


def _maybe_json(s):
    try:
        return json.loads(s)
    except ValueError:
        return s
