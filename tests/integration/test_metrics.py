"""raqibd's /metrics (checked by Prometheus' own promtool) and /healthz."""
import collections
import os
import re
import shutil
import subprocess
import sys
import threading
import unittest
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import RAQIB, SLOW, DaemonTest, needs, seed_files, wait_for

PROMTOOL = shutil.which('promtool')
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))
SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$')
LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')
BINARY = bytes(range(256)) * 16


def get(d, path):
    """(status, content type, body) of an HTTP GET to the daemon."""
    try:
        with NO_PROXY.open('http://127.0.0.1:%d%s' % (d.hport, path), timeout=5) as r:
            return r.status, r.headers.get('Content-Type', ''), r.read().decode('utf-8')
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get('Content-Type', ''), e.read().decode('utf-8')


def parse(text):
    """{(name, frozenset(labels)): value} of a text exposition."""
    out = {}
    for line in text.splitlines():
        if not line or line.startswith('#'):
            continue
        m = SAMPLE.match(line)
        if m is None:
            raise AssertionError('not a sample line: %r' % line)
        labels = frozenset(LABEL.findall(m.group(2) or ''))
        out[(m.group(1), labels)] = float(m.group(3))
    return out


def by_label(samples, name, label):
    return {dict(k[1])[label]: v for k, v in samples.items() if k[0] == name}


class Metrics(DaemonTest):
    def fill(self, d):
        """The seeds, one of them twice, a binary file and an empty one."""
        seeds = seed_files()
        for f in seeds:
            with open(f, 'rb') as fh:
                d.drop(os.path.basename(f), fh.read())
        with open(seeds[0], 'rb') as fh:
            d.drop('copy-of-the-first.txt', fh.read())
        d.drop('picture.txt', BINARY)
        d.drop('nothing.txt', b'')
        wait_for(lambda: d.status()['documents'] == len(seeds) and
                 d.status()['rejections'] == 2 and d.status()['duplicates'] == 1, 30,
                 'the files to be handled')
        return len(seeds)

    @needs(PROMTOOL, 'promtool is not installed: skipped')
    def test_metrics_pass_promtool_and_count_right(self):
        d = self.daemon().start()
        ndocs = self.fill(d)
        events = self.query(d)
        status, ctype, text = get(d, '/metrics')
        self.assertEqual(status, 200)
        self.assertTrue(ctype.startswith('text/plain; version=0.0.4'), ctype)
        check = subprocess.run([PROMTOOL, 'check', 'metrics'], input=text,
                               capture_output=True, text=True, timeout=30)
        self.assertEqual(check.returncode, 0, 'promtool: %s%s\n%s' % (
            check.stdout, check.stderr, text))
        m = parse(text)
        self.assertEqual(m[('raqib_documents_total', frozenset())], ndocs)
        self.assertEqual(by_label(m, 'raqib_rejections_total', 'reason'),
                         {'binary': 1, 'empty': 1})
        self.assertEqual(m[('raqib_duplicates_total', frozenset())], 1)
        want = collections.Counter(e['type'] for e in events)
        self.assertEqual(by_label(m, 'raqib_events_total', 'type'), dict(want))
        self.assertEqual(m[('raqib_published_total', frozenset())], len(events))
        last = max(e['seq'] for e in events)
        self.assertEqual(m[('raqib_last_seq', frozenset())], last)
        self.assertEqual(d.last_seq(), last)
        self.assertEqual(m[('raqib_queue_files', frozenset())], 0)
        # the histogram: cumulative buckets ending at the count
        buckets = sorted((float(le), v) for le, v in
                         by_label(m, 'raqib_extract_seconds_bucket', 'le').items())
        self.assertEqual(buckets[-1][0], float('inf'))
        self.assertEqual([v for _, v in buckets], sorted(v for _, v in buckets))
        self.assertEqual(buckets[-1][1], m[('raqib_extract_seconds_count', frozenset())])
        self.assertGreaterEqual(buckets[-1][1], ndocs)
        self.assertGreater(m[('raqib_store_bytes', frozenset())], 0)

    def test_healthz_and_other_paths(self):
        d = self.daemon().start()
        status, _, body = get(d, '/healthz')
        self.assertEqual((status, body), (200, 'ok last_seq=0\n'))
        self.fill(d)
        last = d.last_seq()
        self.assertGreater(last, 0)
        status, ctype, body = get(d, '/healthz')
        self.assertEqual((status, body), (200, 'ok last_seq=%d\n' % last))
        self.assertTrue(ctype.startswith('text/plain'))
        status, _, _ = get(d, '/nothing-here')
        self.assertEqual(status, 404)

    def test_healthz_does_not_hold_back_requests(self):
        # /healthz asked the replay socket for its ZMQ_EVENTS, which reads
        # the socket's wake-up signal: a request that arrived just before
        # then waited, unanswered, until another came (about one status
        # request in eight while /healthz was polled)
        d = self.daemon().start()
        stop = threading.Event()

        def poll():
            while not stop.is_set():
                get(d, '/healthz')
        pollers = [threading.Thread(target=poll, daemon=True) for _ in range(3)]
        for t in pollers:
            t.start()
        try:
            silent = 0
            for _ in range(60):
                out = subprocess.run([RAQIB, 'status', '--json', '--timeout',
                                      str(int(10 * SLOW)), '--replay', d.replay],
                                     capture_output=True, text=True, timeout=60 * SLOW)
                silent += out.returncode != 0
        finally:
            stop.set()
            for t in pollers:
                t.join(10)
        self.assertEqual(silent, 0, 'status requests left unanswered')

    def test_healthz_fails_when_the_store_is_corrupted(self):
        """The database, its WAL and its shared-memory index overwritten in
        place (same files, as a failing disk or a stray program would):
        the daemon's open connection can no longer read it. (Renaming,
        deleting, truncating or chmod-ing the files does not do it: SQLite
        keeps the open files and its page cache.)"""
        d = self.daemon().start()
        with open(seed_files()[0], 'rb') as fh:
            d.drop('one.txt', fh.read())
        wait_for(lambda: d.status()['documents'] == 1, 30)
        self.assertEqual(get(d, '/healthz')[0], 200)
        for ext in ('', '-wal', '-shm'):
            path = d.store + ext
            if os.path.exists(path):
                size = os.path.getsize(path)
                with open(path, 'r+b') as f:
                    f.write(b'\xa5' * size)
        status, _, body = get(d, '/healthz')
        self.assertEqual(status, 503, body)
        self.assertTrue(body.startswith('unhealthy: store'), body)
        self.assertTrue(d.alive(), 'a broken store does not kill the daemon')


if __name__ == '__main__':
    unittest.main()
