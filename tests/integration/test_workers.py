"""Extraction workers: the real raqibd with its sandboxed worker processes,
killed, stopped and fed documents that crash them; the lexicon contract at
load and on SIGHUP; SIGHUP restarting the workers mid-burst."""
import collections
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import unittest
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import LEXICON, RAQIBD, SLOW, needs, wait_for
from reliability import CheckedTest, article, count, rows, start_again

HOOKS = os.environ.get('RAQIB_TEST_HOOKS', '').upper() in ('ON', '1', 'YES', 'TRUE')
KIDNAPPING = 'خطف مسلحون مجهولون ثلاثة مدنيين قرب مدينة كيدال شمالي مالي يوم الثلاثاء.\n'


def workers(d):
    """The pids of d's extraction workers: its children started with -X."""
    out = []
    for pid in os.listdir('/proc'):
        if not pid.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % pid) as f:
                stat = f.read()
            with open('/proc/%s/cmdline' % pid, 'rb') as f:
                argv = f.read().split(b'\0')
        except OSError:
            continue
        ppid = int(stat.rsplit(')', 1)[1].split()[1])
        if ppid == d.proc.pid and b'-X' in argv:
            out.append(int(pid))
    return sorted(out)


def proc_status(pid, key):
    with open('/proc/%d/status' % pid) as f:
        for line in f:
            if line.startswith(key + ':'):
                return line.split(':', 1)[1].strip()
    return None


def metric(d, name):
    url = 'http://127.0.0.1:%d/metrics' % d.hport
    with urllib.request.urlopen(url, timeout=10 * SLOW) as r:
        for line in r.read().decode().splitlines():
            if line.startswith(name + ' '):
                return float(line.split()[-1])
    return 0.0


def store_seqs(d):
    return [r[0] for r in rows(d, 'SELECT seq FROM events ORDER BY seq')]


def handled_twice(d):
    """Files the log says were stored more than once."""
    c = collections.Counter(
        line.split('ingest: ', 1)[1].rsplit(': ', 1)[0]
        for line in d.log().splitlines() if ' event' in line and 'ingest: ' in line)
    return [p for p, n in c.items() if n > 1]


def lexicon_without(dest, type_id):
    """A copy of the lexicon that lacks an event type everywhere: well
    formed JSON that names nothing unknown, but not what the rules need."""
    os.makedirs(dest)
    for f in os.listdir(LEXICON):
        if f.endswith('.json'):
            shutil.copy(os.path.join(LEXICON, f), dest)
    p = os.path.join(dest, 'event_types.json')
    with open(p) as f:
        j = json.load(f)
    j['event_types'] = [e for e in j['event_types'] if e['id'] != type_id]
    with open(p, 'w') as f:
        json.dump(j, f, ensure_ascii=False)
    p = os.path.join(dest, 'events.json')
    with open(p) as f:
        j = json.load(f)
    j['violent'] = [t for t in j['violent'] if t != type_id]
    j['triggers'] = [t for t in j['triggers'] if t['type'] != type_id]
    j['labels'].pop(type_id, None)
    for k in list(j['absorbs']):
        j['absorbs'][k] = [t for t in j['absorbs'][k] if t != type_id]
    j['absorbs'].pop(type_id, None)
    with open(p, 'w') as f:
        json.dump(j, f, ensure_ascii=False)
    return dest


class WorkerKilled(CheckedTest):

    def settled(self, d, pid):
        """Waits until the document a killed worker had is handled again,
        so that the next kill cannot land on its second try (which would
        rightly reject it)."""
        m = wait_for(lambda: re.search(r'extract worker %d (on (\S+): |lost '
                                       r'while idle|did not start)' % pid,
                                       d.log()), 30, 'worker %d logged' % pid)
        if m.group(2):
            name = os.path.basename(m.group(2))
            wait_for(lambda: name in [os.path.basename(p) for p, in
                                      rows(d, 'SELECT path FROM files')],
                     60, name + ' handled again')

    def test_segv_and_kill9_mid_burst_lose_nothing(self):
        d = self.daemon(extract={'workers': '2'}).start()
        pid = d.proc.pid
        s = self.sub(d, '--since', '0')   # joins late under load: replay covers it
        time.sleep(0.3 * SLOW)
        names = ['burst-%03d.txt' % i for i in range(300)]
        for i, name in enumerate(names):
            d.drop(name, article(i))
        killed = []
        for at, sig in ((30, signal.SIGSEGV), (120, signal.SIGKILL)):
            wait_for(lambda: count(d, 'documents') >= at, 60, '%d documents' % at)
            w = wait_for(lambda: workers(d), 30, 'a worker')[0]
            os.kill(w, sig)
            killed.append(w)
            self.assertLess(count(d, 'documents'), 300, 'killed mid-burst')
            self.settled(d, w)
        wait_for(lambda: count(d, 'files') == 300, 120, 'every file handled')
        self.assertTrue(d.alive())
        self.assertEqual(d.proc.pid, pid, 'the daemon itself never restarted')
        # each file ends stored, or rejected with a reason
        status = rows(d, 'SELECT path, status FROM files')
        self.assertEqual(sorted(os.path.basename(p) for p, _ in status), names)
        rejected = rows(d, 'SELECT reason FROM rejections')
        self.assertTrue(all(r for r, in rejected), 'every rejection has a reason')
        # a killed worker's document gets a second worker and is stored
        self.assertEqual(count(d, 'documents'), 300 - len(rejected))
        self.assertEqual(rejected, [])
        n = store_seqs(d)[-1]
        self.assertEqual(store_seqs(d), list(range(1, n + 1)), 'seqs 1..N, no gap')
        self.assertEqual(handled_twice(d), [], 'no document stored twice')
        s.wait_count(n, timeout=30)
        time.sleep(0.3 * SLOW)
        self.assertEqual(s.seqs(), list(range(1, n + 1)), 'each event once, in order')
        log = d.log()
        self.assertIn('worker killed by signal 11', log)
        self.assertIn('worker killed by signal 9', log)
        for w in killed:
            self.assertNotIn(w, workers(d))
        wait_for(lambda: len(workers(d)) == 2, 30, 'the workers replaced')
        self.assertGreaterEqual(metric(d, 'raqib_extract_worker_crashes_total'), 1)


class WorkerStopped(CheckedTest):

    def test_stopped_worker_times_out_and_the_rest_flows(self):
        d = self.daemon(extract={'workers': '2', 'timeout_ms': str(int(1500 * SLOW))})
        d.start()
        for i in range(20):
            d.drop('a-%03d.txt' % i, article(i))
        wait_for(lambda: count(d, 'documents') == 20, 60, 'the first articles')
        # a worker still loading its lexicon is never sent a document: stop
        # one that is ready (under load, one can be still loading here)
        wait_for(lambda: metric(d, 'raqib_extract_workers') == 2, 60,
                 'both workers ready')
        stopped = workers(d)[0]
        os.kill(stopped, signal.SIGSTOP)
        for i in range(20, 80):
            d.drop('a-%03d.txt' % i, article(i))
            time.sleep(0.01)
        wait_for(lambda: count(d, 'files') == 80, 60, 'every file handled')
        self.assertEqual(count(d, 'documents'), 80, 'the timed-out document was '
                         'tried again in a fresh worker and stored')
        self.assertIn('no answer within', d.log())
        self.assertNotIn(stopped, workers(d), 'the stopped worker was replaced')
        self.assertFalse(os.path.exists('/proc/%d' % stopped), 'and reaped')
        wait_for(lambda: len(workers(d)) == 2, 30, 'two workers again')
        self.assertEqual(metric(d, 'raqib_extract_worker_timeouts_total'), 1)
        n = store_seqs(d)[-1]
        self.assertEqual(store_seqs(d), list(range(1, n + 1)))


@needs(HOOKS, 'raqibd built without RAQIB_TEST_HOOKS')
class PoisonDocument(CheckedTest):

    def test_crashing_document_rejected_once_and_never_retried(self):
        d = self.daemon(extract={'workers': '2', 'timeout_ms': str(int(1000 * SLOW))})
        d.start()
        d.drop('crash.txt', article(0) + b'\nRAQIB-TEST-CRASH\n')
        d.drop('hang.txt', article(1) + b'\nRAQIB-TEST-HANG\n')
        d.drop('open.txt', article(2) + b'\nRAQIB-TEST-OPEN\n')
        for i in range(3, 13):
            d.drop('ok-%02d.txt' % i, article(i))
        wait_for(lambda: count(d, 'files') == 13, 60, 'every file handled')
        reasons = dict((os.path.basename(p), r) for p, r in rows(
            d, 'SELECT path, reason FROM rejections'))
        self.assertEqual(reasons, {'crash.txt': 'extract_crashed',
                                   'hang.txt': 'extract_timeout',
                                   'open.txt': 'extract_crashed'})
        self.assertEqual(count(d, 'documents'), 10)
        log = d.log()
        self.assertIn('rejected %s: extract_crashed: worker killed by signal 11'
                      % os.path.join(d.inbox, 'crash.txt'), log)
        # the sandbox: open(2) is not allowed, and kills the worker
        self.assertIn('rejected %s: extract_crashed: worker killed by signal 31'
                      % os.path.join(d.inbox, 'open.txt'), log)
        self.assertIn('extract_timeout: no answer within', log)
        self.assertEqual(metric(d, 'raqib_rejections_total{reason="extract_crashed"}'), 2)
        self.assertEqual(metric(d, 'raqib_rejections_total{reason="extract_timeout"}'), 1)
        self.assertEqual(log.count('crash.txt: worker killed'), 2, 'tried twice')
        # a restart does not try them again: no crash loop
        self.assertEqual(d.stop(), 0)
        mark = len(d.log())
        start_again(d)
        d.drop('after.txt', article(20))
        wait_for(lambda: count(d, 'documents') == 11, 30, 'a new article after restart')
        after = d.log()[mark:]
        self.assertNotIn('worker killed', after)
        self.assertNotIn('no answer within', after)
        self.assertEqual(count(d, 'rejections'), 3)


class Sandbox(CheckedTest):

    def test_workers_run_under_seccomp(self):
        d = self.daemon(extract={'workers': '3'}).start()
        # ready: the lexicon is loaded and the filter on
        wait_for(lambda: metric(d, 'raqib_extract_workers') == 3, 30, '3 ready workers')
        ws = workers(d)
        self.assertEqual(len(ws), 3)
        for w in ws:
            self.assertEqual(proc_status(w, 'Seccomp'), '2', 'filter mode')
            self.assertEqual(proc_status(w, 'NoNewPrivs'), '1')
            with open('/proc/%d/limits' % w) as f:
                limits = f.read()
            self.assertRegex(limits, r'Max open files\s+0\s+0')
            self.assertRegex(limits, r'Max processes\s+0\s+0')

    def test_zero_workers_is_refused(self):
        d = self.daemon(extract={'workers': '0'})
        out = subprocess.run([RAQIBD, '-n', '-c', d.conf], capture_output=True, text=True)
        self.assertEqual(out.returncode, 1)
        self.assertRegex(out.stderr, r'raqibd\.conf:\d+: workers: "0" is not a number '
                         r'from 1 to 256')

    def test_default_is_one_worker_per_cpu(self):
        d = self.daemon()
        out = subprocess.run([RAQIBD, '-n', '-c', d.conf], capture_output=True, text=True)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn('workers = %d\n' % os.cpu_count(), out.stdout)
        self.assertIn('timeout_ms = 10000\n', out.stdout)


class LexiconContract(CheckedTest):

    def test_missing_rule_type_refused_by_check_and_by_hup(self):
        bad = lexicon_without(os.path.join(self.tmp, 'bad-lexicon'), 'kidnapping')
        d = self.daemon()
        good_conf = open(d.conf).read()
        d.keys['extract']['lexicon'] = bad
        d.write_config()
        out = subprocess.run([RAQIBD, '-n', '-c', d.conf], capture_output=True, text=True)
        self.assertEqual(out.returncode, 1)
        self.assertIn('%s/event_types.json: event type "kidnapping" is missing' % bad,
                      out.stderr)
        # a running daemon keeps its lexicon and its workers
        d.write_config(good_conf)
        d.start()
        before = wait_for(lambda: workers(d), 30, 'workers')
        d.write_config()
        mark = len(d.log())
        d.send(signal.SIGHUP)
        wait_for(lambda: 'reload refused' in d.log()[mark:], 10, 'the refusal')
        self.assertIn('event type "kidnapping" is missing', d.log()[mark:])
        self.assertEqual(workers(d), before, 'the workers were not restarted')
        d.drop('kidnap.txt', KIDNAPPING)
        wait_for(lambda: count(d, 'files') == 1, 30, 'the article')
        self.assertEqual(count(d, 'documents'), 1)
        self.assertEqual(count(d, 'rejections'), 0)
        self.assertTrue(d.alive())


class Reload(CheckedTest):

    def test_hup_restarts_workers_after_the_documents_in_hand(self):
        new = os.path.join(self.tmp, 'new-lexicon')
        shutil.copytree(LEXICON, new)
        d = self.daemon(extract={'workers': '2'}).start()
        old = wait_for(lambda: len(workers(d)) == 2 and workers(d), 30, 'workers')
        s = self.sub(d, '--since', '0')   # joins late under load: replay covers it
        time.sleep(0.3 * SLOW)
        for i in range(150):
            d.drop('r-%03d.txt' % i, article(i))
        wait_for(lambda: count(d, 'documents') >= 20, 60, 'the burst to start')
        d.keys['extract']['lexicon'] = new
        d.write_config()
        d.send(signal.SIGHUP)
        wait_for(lambda: 'reloaded' in d.log(), 10, 'the reload')
        self.assertLess(count(d, 'documents'), 150, 'reloaded mid-burst')
        wait_for(lambda: count(d, 'files') == 150, 120, 'every file handled')
        self.assertEqual(count(d, 'documents'), 150, 'none lost')
        self.assertEqual(count(d, 'rejections'), 0)
        self.assertEqual(handled_twice(d), [], 'none processed twice')
        self.assertNotIn('worker killed', d.log())
        new_workers = wait_for(lambda: len(workers(d)) == 2 and workers(d), 30,
                               'two new workers')
        self.assertEqual(set(new_workers) & set(old), set(), 'every worker replaced')
        for w in new_workers:
            with open('/proc/%d/cmdline' % w, 'rb') as f:
                self.assertIn(new.encode(), f.read().split(b'\0'))
        n = store_seqs(d)[-1]
        self.assertEqual(store_seqs(d), list(range(1, n + 1)))
        s.wait_count(n, timeout=30)
        time.sleep(0.3 * SLOW)
        self.assertEqual(s.seqs(), list(range(1, n + 1)))


if __name__ == '__main__':
    unittest.main()
