"""Reliability: a client killed and resumed, the daemon killed mid-burst,
CURVE keys, malformed replay requests, a locked store. The real raqibd and
raqib on a temporary folder; raw requests through zreq."""
import collections
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import RAQIB, SLOW, free_port, run_client, wait_for
from reliability import (CheckedTest, article, count, integrity, kill_when_idle, rows,
                         start_again, zreq)


def read(path):
    with open(path) as f:
        return f.read()


def max_seq(d):
    return rows(d, 'SELECT coalesce(max(seq), 0) FROM events')[0][0]


def store_seqs(d):
    return [r[0] for r in rows(d, 'SELECT seq FROM events ORDER BY seq')]


class Dropper(threading.Thread):
    """Drops articles 0, 1, 2... into d's inbox, one every `every` seconds,
    in the background: at least `n`, and on until finish() is called (past
    n, five times slower), so that articles still arrive whenever the test
    acts however slow the machine is (a fixed 300 took 6 s; under load the
    test had not yet killed its second client by then). At most `most`."""

    def __init__(self, d, n, every, most=5000):
        super().__init__(daemon=True)
        self.d, self.n, self.every, self.most = d, n, every, most
        self.error = None
        self.dropped = 0
        self.enough = threading.Event()

    def finish(self):
        """Lets it end once n are dropped; returns how many it dropped."""
        self.enough.set()
        self.join(60 * SLOW)
        return self.dropped

    def run(self):
        try:
            due = time.monotonic()
            i = 0
            while i < self.most and (i < self.n or not self.enough.is_set()):
                self.d.drop('art-%04d.txt' % i, article(i))
                i += 1
                self.dropped = i
                due += self.every if i < self.n else 5 * self.every
                pause = due - time.monotonic()
                if pause > 0:
                    time.sleep(pause)
        except Exception as e:          # reported by the test
            self.error = e


class ResumeWatcher(threading.Thread):
    """Reads the resume file over and over while clients write it: it must
    always hold one whole line, a number, the store's id and the daemon's
    generation (rename makes the write atomic)."""

    def __init__(self, path):
        super().__init__(daemon=True)
        self.path = path
        self.values = []
        self.bad = []
        self.stop = threading.Event()

    def run(self):
        while not self.stop.is_set():
            try:
                with open(self.path, 'rb') as f:
                    data = f.read()
            except FileNotFoundError as e:
                self.bad.append(repr(e))
                continue
            fields = data[:-1].split(b' ')
            if data == b'0\n':                 # as the test wrote it
                fields += [b'0' * 32, b'0' * 16]
            if (not data.endswith(b'\n') or len(fields) != 3 or not fields[0].isdigit()
                    or len(fields[1]) != 32 or len(fields[2]) != 16):
                self.bad.append(data)
            else:
                v = int(fields[0])
                if not self.values or self.values[-1] != v:
                    self.values.append(v)
            time.sleep(0.0005)


class Resume(CheckedTest):

    def test_client_killed_twice_resumes_with_each_event_once(self):
        d = self.daemon().start()
        resume = os.path.join(self.tmp, 'sub.resume')
        with open(resume, 'w') as f:
            f.write('0\n')                  # from the first event on
        watcher = ResumeWatcher(resume)
        watcher.start()
        runs = [self.sub(d, '--resume', resume)]
        dropper = Dropper(d, 300, 0.02)
        dropper.start()
        starts = [0]
        for kill in range(2):
            run = runs[-1]
            run.wait_count(40, timeout=30)
            tries = kill_when_idle(run.proc)
            self.assertTrue(dropper.is_alive(), 'killed while articles still arrive')
            run.stop(signal.SIGKILL)
            printed = run.seqs()[-1]
            saved = int(read(resume).split()[0])
            self.assertEqual(saved, printed, 'killed in poll (after %d tries): the '
                             'resume file holds the last seq printed' % tries)
            # events go by while no client runs: the next must replay them
            wait_for(lambda: max_seq(d) >= saved + 30, 30, 'events while the client is down')
            starts.append(saved)
            runs.append(self.sub(d, '--resume', resume))
        dropped = dropper.finish()
        self.assertIsNone(dropper.error)
        self.assertFalse(dropper.is_alive())
        self.assertGreaterEqual(dropped, 300)
        wait_for(lambda: count(d, 'documents') == dropped, 60,
                 'the %d articles' % dropped)
        n = max_seq(d)
        self.assertEqual(store_seqs(d), list(range(1, n + 1)), 'the store has seqs 1..N')
        self.assertGreaterEqual(n, dropped, 'every article gives at least one event')
        wait_for(lambda: runs[-1].seqs() and runs[-1].seqs()[-1] == n, 30,
                 'the last client to catch up')
        wait_for(lambda: read(resume).split()[0] == str(n), 10, 'the resume file at N')
        runs[-1].stop()
        watcher.stop.set()
        watcher.join(5)

        union = [s for r in runs for s in r.seqs()]
        dups = sorted(s for s, c in collections.Counter(union).items() if c > 1)
        self.assertEqual(dups, [], 'no event printed twice')
        self.assertEqual(sorted(union), list(range(1, n + 1)), 'none missing')
        for r, start in zip(runs, starts):
            self.assertEqual(r.seqs()[0], start + 1, 'each run starts after the resume point')
            self.assertEqual(r.seqs(), list(range(start + 1, r.seqs()[-1] + 1)),
                             'each run prints in order without gaps')
        # what was printed is what is stored
        stored = {e['seq']: e for e in self.query(d)}
        self.assertEqual(len(stored), n)
        for r in runs:
            for e in r.events:
                self.assertEqual(e, stored[e['seq']])
        self.assertEqual(watcher.bad, [], 'the resume file was never empty or partial')
        self.assertEqual(watcher.values, sorted(watcher.values), 'it never went back')
        self.assertGreater(len(watcher.values), 3, 'it was read while it changed')


class Crash(CheckedTest):

    def test_kill9_mid_burst_stores_everything_once(self):
        d = self.daemon().start()
        resume = os.path.join(self.tmp, 'sub.resume')
        with open(resume, 'w') as f:
            f.write('0\n')
        s = self.sub(d, '--resume', resume)
        names = ['burst-%03d.txt' % i for i in range(200)]
        for i, name in enumerate(names):
            d.drop(name, article(i))
        wait_for(lambda: count(d, 'documents') >= 20, 30, 'the burst to start')
        d.stop(signal.SIGKILL)
        at_kill = count(d, 'documents')
        self.assertLess(at_kill, 200, 'killed in the middle of the burst')
        self.assertEqual(integrity(d), 'ok', 'the store is whole after kill -9')
        start_again(d)
        wait_for(lambda: count(d, 'documents') == 200, 60, 'all 200 files after restart')

        stored = rows(d, "SELECT path FROM files WHERE status = 'stored'")
        self.assertEqual(sorted(os.path.basename(p) for p, in stored), names)
        self.assertEqual(count(d, 'files'), 200)
        self.assertEqual(count(d, 'rejections'), 0)
        n = max_seq(d)
        self.assertEqual(store_seqs(d), list(range(1, n + 1)), 'seqs 1..N, no hole')
        # each document's events once: the same as a daemon that never crashed
        ref = self.daemon('ref')
        for name in names:
            shutil.copy(os.path.join(d.inbox, name), ref.inbox)
        ref.start()
        wait_for(lambda: count(ref, 'documents') == 200, 60, 'the reference run')
        per_doc = ('SELECT d.sha256, e.topic, e.type, json_extract(e.json, '
                   "'$.sentence') FROM events e JOIN documents d ON d.id = e.doc_id "
                   'ORDER BY 1, 2, 3, 4')
        self.assertEqual(rows(d, per_doc), rows(ref, per_doc),
                         'no document lost or doubled an event')
        # no file handled twice across the crash
        handled = collections.Counter(
            line.split('ingest: ', 1)[1].rsplit(': ', 1)[0]
            for line in d.log().splitlines() if ' event' in line and 'ingest: ' in line)
        self.assertEqual([p for p, c in handled.items() if c > 1], [])
        # the subscriber stayed through the crash: each event once, in order
        s.wait_count(n, timeout=40)
        time.sleep(0.3 * SLOW)
        self.assertEqual(s.seqs(), list(range(1, n + 1)))
        self.assertEqual(integrity(d), 'ok')
        self.assertEqual(d.stop(), 0)
        self.assertEqual(integrity(d), 'ok')


class Curve(CheckedTest):

    def setUp(self):
        super().setUp()
        self.keys = os.path.join(self.tmp, 'keys')
        self.auth = os.path.join(self.tmp, 'authorized')
        os.makedirs(self.keys)
        os.makedirs(self.auth)
        for name in ('server', 'alice', 'mallory'):
            out = run_client('keygen', os.path.join(self.keys, name))
            self.assertEqual(out.returncode, 0, out.stderr)
        shutil.copy(self.key('alice', 'pub'), self.auth)

    def key(self, name, kind):
        return os.path.join(self.keys, '%s.%s' % (name, kind))

    def as_(self, name):
        return ['--server-key', self.key('server', 'pub'), '--key', self.key(name, 'key')]

    def curve_daemon(self, sub='d', **publish):
        publish.update(curve_secret_key=self.key('server', 'key'),
                       curve_authorized_keys=self.auth)
        d = self.daemon(sub, publish=publish)
        d.client_keys = lambda: self.as_('alice')
        return d

    def pub(self, name):
        with open(self.key(name, 'pub')) as f:
            return f.read().strip()

    def test_keygen_writes_a_secret_and_a_public_key(self):
        st = os.stat(self.key('alice', 'key'))
        self.assertEqual(st.st_mode & 0o777, 0o600)
        for kind in ('key', 'pub'):
            with open(self.key('alice', kind)) as f:
                lines = f.read().split('\n')
            self.assertEqual(len(lines), 2)
            self.assertEqual(len(lines[0]), 40)
        self.assertNotEqual(self.pub('alice'), self.pub('mallory'))
        out = run_client('keygen', os.path.join(self.keys, 'alice'))
        self.assertEqual(out.returncode, 1, 'an existing key is not overwritten')

    def test_only_authorised_keys_get_in(self):
        d = self.curve_daemon().start()
        self.assertIn('CURVE on', d.log())
        d.drop('one.txt', article(0))
        wait_for(lambda: count(d, 'documents') == 1)
        first = max_seq(d)
        alice = self.sub(d, '--since', '0', keys=self.as_('alice'))
        mallory = self.sub(d, '--since', '0', keys=self.as_('mallory'))
        anon = self.sub(d, '--since', '0')
        alice.wait_count(first)                         # replay
        wait_for(lambda: 'with key ' + self.pub('mallory') in d.log(),
                 what='mallory to be refused')
        # mallory and the anonymous client, asking at once, in parallel
        slow = [subprocess.Popen([RAQIB, 'query', '--json', '--replay', d.replay] + k,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for k in (self.as_('mallory'), [])]
        d.drop('two.txt', article(1))
        wait_for(lambda: count(d, 'documents') == 2)
        n = max_seq(d)
        alice.wait_count(n)                             # live
        self.assertEqual(alice.seqs(), list(range(1, n + 1)))
        status = run_client('status', '--json', '--replay', d.replay,
                            *self.as_('mallory'))
        self.assertNotEqual(status.returncode, 0, 'status refuses mallory')
        self.assertEqual(status.stdout, '')
        rc, replies = zreq(d, 'raqib.replay/1', '{"after": 0}',
                           keys=['-s', self.key('server', 'pub'), '-k',
                                 self.key('mallory', 'key')], timeout=2)
        self.assertEqual((rc, replies), (3, []), 'a raw request with her key: nothing')
        rc, replies = zreq(d, 'raqib.replay/1', '{"after": 0}', timeout=2)
        self.assertEqual((rc, replies), (3, []), 'a raw request without a key: nothing')
        for p, why in zip(slow, ("refused this client's key", 'requires CURVE')):
            out, err = p.communicate(timeout=30 * SLOW)
            self.assertEqual(out, '', 'a query without an authorised key gets nothing')
            self.assertEqual(p.returncode, 1, 'and fails: ' + err)
            self.assertIn(why, err, 'and says why')
        # the subscribers are told too, and stop rather than wait in silence
        for s, why in ((mallory, "refused this client's key"), (anon, 'requires CURVE')):
            wait_for(lambda: s.proc.poll() is not None, what='a refused client to stop')
            self.assertEqual(s.proc.returncode, 1)
            s.stop()
            self.assertIn(why, s.stderr)
        self.assertEqual(mallory.events, [], 'mallory received nothing, live or replayed')
        self.assertEqual(anon.events, [], 'a client without a key received nothing')
        self.assertEqual(len(self.query(d, *self.as_('alice'))), n)
        self.assertTrue(d.status()['curve'])

    def test_sighup_reloads_the_authorised_keys(self):
        d = self.curve_daemon().start()
        d.drop('one.txt', article(0))
        wait_for(lambda: count(d, 'documents') == 1)
        out = run_client('status', '--replay', d.replay, '--timeout', '1', *self.as_('mallory'))
        self.assertNotEqual(out.returncode, 0)
        # mallory joins, and a file that is not a key is ignored
        shutil.copy(self.key('mallory', 'pub'), self.auth)
        with open(os.path.join(self.auth, 'junk.pub'), 'w') as f:
            f.write('not a key\n')
        mark = len(d.log())
        d.send(signal.SIGHUP)
        wait_for(lambda: 'reloaded' in d.log()[mark:], what='the reload')
        self.assertIn('2 authorised client keys', d.log()[mark:])
        self.assertIn('ignoring', d.log()[mark:])
        mallory = self.sub(d, '--since', '0', keys=self.as_('mallory'))
        mallory.wait_count(max_seq(d))
        d.drop('two.txt', article(1))
        wait_for(lambda: count(d, 'documents') == 2)
        n = max_seq(d)
        self.assertEqual(mallory.wait_count(n), list(range(1, n + 1)), 'live too')
        # alice is revoked while connected: her session ends, and new
        # connections with her key are refused; mallory's goes on
        alice = self.sub(d, '--since', '0', keys=self.as_('alice'))
        alice.wait_count(n)
        os.unlink(os.path.join(self.auth, 'alice.pub'))
        mark = len(d.log())
        d.send(signal.SIGHUP)
        wait_for(lambda: 'reloaded' in d.log()[mark:], what='the second reload')
        self.assertIn('1 authorised client key ', d.log()[mark:])
        self.assertIn('dropping every connection', d.log()[mark:])
        wait_for(lambda: alice.proc.poll() is not None, what='alice to be cut off')
        self.assertEqual(alice.proc.returncode, 1)
        d.drop('three.txt', article(2))
        wait_for(lambda: count(d, 'documents') == 3)
        n3 = max_seq(d)
        self.assertEqual(mallory.wait_count(n3), list(range(1, n3 + 1)),
                         'mallory reconnected and missed nothing')
        alice.stop()
        self.assertIn("refused this client's key", alice.stderr)
        self.assertEqual(alice.seqs(), list(range(1, n + 1)), 'alice got nothing new')
        out = run_client('status', '--replay', d.replay, '--timeout', '1', *self.as_('alice'))
        self.assertNotEqual(out.returncode, 0, 'alice is out')
        out = run_client('status', '--replay', d.replay, '--timeout', '3',
                         *self.as_('mallory'))
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertTrue(d.alive())

    def test_non_loopback_with_curve_needs_no_allow_insecure(self):
        # test_pipeline covers refusal without CURVE and allow_insecure = yes
        d = self.curve_daemon(endpoint='tcp://0.0.0.0:%d' % free_port(),
                              replay_endpoint='tcp://0.0.0.0:%d' % free_port())
        d.start()
        d.keys['publish']['endpoint'] = d.endpoint.replace('0.0.0.0', '127.0.0.1')
        d.keys['publish']['replay_endpoint'] = d.replay.replace('0.0.0.0', '127.0.0.1')
        s = self.sub(d, '--since', '0', keys=self.as_('alice'))
        d.drop('one.txt', article(0))
        wait_for(lambda: count(d, 'documents') == 1)
        s.wait_count(max_seq(d))


class MalformedReplay(CheckedTest):
    """Bad requests on the replay socket: an error reply and a log line
    each, never a crash, and good requests still answered."""

    BAD = [
        ('not JSON', ['raqib.replay/1', 'after=0']),
        ('JSON, not an object', ['raqib.replay/1', '[0]']),
        ('empty body', ['raqib.replay/1', '']),
        ('no after', ['raqib.replay/1', '{"id": "x"}']),
        ('negative after', ['raqib.replay/1', '{"after": -1}']),
        ('after as a string', ['raqib.replay/1', '{"after": "0"}']),
        ('after as a real', ['raqib.replay/1', '{"after": 1.5}']),
        ('after too big for 64 bits', ['raqib.replay/1', '{"after": 99999999999999999999999}']),
        ('after null', ['raqib.replay/1', '{"after": null}']),
        ('until before after', ['raqib.replay/1', '{"after": 5, "until": 2}']),
        ('until as a string', ['raqib.replay/1', '{"after": 0, "until": "9"}']),
        ('limit 0', ['raqib.replay/1', '{"after": 0, "limit": 0}']),
        ('limit over the maximum', ['raqib.replay/1', '{"after": 0, "limit": 1001}']),
        ('limit as a string', ['raqib.replay/1', '{"after": 0, "limit": "10"}']),
        ('prefixes not an array', ['raqib.replay/1', '{"after": 0, "prefixes": "ev."}']),
        ('a prefix not a string', ['raqib.replay/1', '{"after": 0, "prefixes": [7]}']),
        ('an empty prefix', ['raqib.replay/1', '{"after": 0, "prefixes": [""]}']),
        ('a prefix with a space', ['raqib.replay/1', '{"after": 0, "prefixes": ["ev. ml"]}']),
        ('a prefix with a control', ['raqib.replay/1', '{"after": 0, "prefixes": ["ev.\\n"]}']),
        ('a prefix too long', ['raqib.replay/1',
                               '{"after": 0, "prefixes": ["%s"]}' % ('e' * 200)]),
        ('too many prefixes', ['raqib.replay/1', '{"after": 0, "prefixes": [%s]}' %
                               ', '.join('"ev.%d."' % i for i in range(65))]),
        ('id not a string', ['raqib.replay/1', '{"after": 0, "id": 5}']),
        ('id too long', ['raqib.replay/1', '{"after": 0, "id": "%s"}' % ('i' * 65)]),
        ('an unknown key', ['raqib.replay/1', '{"after": 0, "from": 3}']),
        ('a key twice', ['raqib.replay/1', '{"after": 0, "after": 1}']),
        ('nested 8000 deep', ['raqib.replay/1', '[' * 8000 + ']' * 8000]),
        ('a request name only', ['raqib.replay/1']),
        ('three frames', ['raqib.replay/1', '{"after": 0}', 'extra']),
        ('four frames', ['raqib.replay/1', '{"after": 0}', 'x', 'y']),
        ('an unknown request', ['raqib.replay/2', '{"after": 0}']),
        ('an empty request name', ['', '{"after": 0}']),
        ('a request name of 100 bytes', ['r' * 100, '{"after": 0}']),
        ('a long name alone', ['r' * 100]),
    ]

    def setUp(self):
        super().setUp()
        self.d = self.daemon().start()
        for i in range(5):
            self.d.drop('s%d.txt' % i, article(i))
        wait_for(lambda: count(self.d, 'documents') == 5)
        self.n = max_seq(self.d)

    def assert_refused(self, what, *frames):
        d = self.d
        mark = len(d.log())
        rc, replies = zreq(d, *frames)
        self.assertEqual(rc, 0, what + ': a reply')
        self.assertEqual(len(replies), 1, what)
        self.assertEqual(replies[0][0], 'error', what)
        self.assertEqual(len(replies[0]), 2, what)
        self.assertIsInstance(replies[0][1], dict, what)
        self.assertTrue(replies[0][1].get('error'), what)
        wait_for(lambda: 'warning: publish: ' in d.log()[mark:], what=what + ': a log line')
        self.assertTrue(d.alive(), what)
        return replies[0][1]['error']

    def assert_answers(self):
        rc, replies = zreq(self.d, 'raqib.replay/1', '{"after": 0, "id": "ok"}')
        self.assertEqual(rc, 0)
        self.assertEqual([r[0] for r in replies], ['event'] * self.n + ['end'])
        self.assertEqual([r[2]['seq'] for r in replies[:-1]], list(range(1, self.n + 1)))
        end = dict(replies[-1][1])
        self.assertRegex(end.pop('store_id'), '^[0-9a-f]{32}$')
        self.assertRegex(end.pop('generation'), '^[0-9a-f]{16}$')
        self.assertEqual(end, {'id': 'ok', 'last_seq': self.n, 'head': self.n, 'more': False})

    def test_each_malformed_request_gets_an_error(self):
        for what, frames in self.BAD:
            with self.subTest(what):
                self.assert_refused(what, *frames)
        self.assert_answers()
        self.assertEqual(self.d.status()['last_seq'], self.n)
        self.assertEqual(len(self.query(self.d)), self.n)

    def test_oversize_and_binary_bodies(self):
        big = os.path.join(self.tmp, 'big.json')
        with open(big, 'w') as f:
            f.write('{"after": 0, "id": "%s"}' % ('x' * 20000))
        err = self.assert_refused('a body over 16384 bytes', 'raqib.replay/1', 'file:' + big)
        self.assertIn('too large', err)
        huge = os.path.join(self.tmp, 'huge.json')
        with open(huge, 'wb') as f:
            f.write(b'{' * (4 << 20))
        self.assert_refused('a body of 4 MiB', 'raqib.replay/1', 'file:' + huge)
        nul = os.path.join(self.tmp, 'nul.json')
        with open(nul, 'wb') as f:
            f.write(b'{"after": 0}\x00{"after": 5}')
        self.assert_refused('a NUL inside the body', 'raqib.replay/1', 'file:' + nul)
        junk = os.path.join(self.tmp, 'junk')
        with open(junk, 'wb') as f:
            f.write(bytes(range(256)) * 4)
        self.assert_refused('binary bytes', 'raqib.replay/1', 'file:' + junk)
        self.assert_answers()

    def test_a_bad_request_does_not_swallow_the_next(self):
        # a malformed message must be read to its end and no further: the
        # request queued behind it (here from the same client) is answered
        for bad in (['r' * 100], ['r' * 100, 'body'], ['raqib.replay/1', '{}', 'x'],
                    ['raqib.replay/1']):
            rc, replies = zreq(self.d, *bad, '--next', 'raqib.replay/1',
                               '{"after": 0, "id": "next", "limit": 1}')
            self.assertEqual(rc, 0, '%r then a good request: both answered' % bad[:2])
            self.assertEqual(replies[0][0], 'error')
            self.assertEqual(replies[-1][0], 'end')
            self.assertEqual(replies[-1][1]['id'], 'next')
        self.assertTrue(self.d.alive())
        self.assert_answers()


class StoreBusy(CheckedTest):
    """Another process holds the store's write lock. In WAL mode BEGIN
    EXCLUSIVE and BEGIN IMMEDIATE both take the one writer lock (readers go
    on), which is what raqibd's BEGIN IMMEDIATE waits for: its 2 s busy
    timeout runs out, it logs and retries, and nothing is dropped."""

    def test_a_locked_store_is_retried_not_dropped(self):
        d = self.daemon().start()
        d.drop('first.txt', article(0))
        wait_for(lambda: count(d, 'documents') == 1)
        s = self.sub(d, '--since', '0')
        lock = sqlite3.connect(d.store, isolation_level=None, timeout=0)
        try:
            lock.execute('BEGIN EXCLUSIVE')
            mark = len(d.log())
            d.drop('second.txt', article(1))
            d.drop('empty.txt', b'')        # a rejection needs the store too
            wait_for(lambda: 'will retry' in d.log()[mark:], 20, 'the retry to be logged')
            self.assertRegex(d.log()[mark:], r'second\.txt: store busy or full \(.*locked')
            self.assertEqual(count(d, 'documents'), 1, 'nothing stored under the lock')
            self.assertTrue(d.alive())
        finally:
            lock.execute('ROLLBACK')
            lock.close()
        wait_for(lambda: count(d, 'documents') == 2, 30, 'the article after the lock')
        wait_for(lambda: count(d, 'rejections', "WHERE reason = 'empty'") == 1, 30,
                 'the rejection after the lock')
        n = max_seq(d)
        self.assertEqual(store_seqs(d), list(range(1, n + 1)))
        self.assertEqual(s.wait_count(n), list(range(1, n + 1)), 'published once stored')
        self.assertEqual(count(d, 'files', "WHERE path LIKE '%second.txt' AND status = 'stored'"),
                         1)


if __name__ == '__main__':
    unittest.main(verbosity=2)
