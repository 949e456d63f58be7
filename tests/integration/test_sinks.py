"""raqib sub's sinks against real receivers: --exec with real commands,
--webhook with a local HTTP server in every format, --alertmanager with
Debian's prometheus-alertmanager."""
import http.server
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import unittest
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (RAQIB, SLOW, DaemonTest, free_port, needs, seed_files,
                     wait_for)

# Receivers are on 127.0.0.1: a proxy from the environment must not be used.
for _v in ('no_proxy', 'NO_PROXY'):
    os.environ[_v] = ','.join(filter(None, ['127.0.0.1', 'localhost',
                                            os.environ.get(_v)]))
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))

FSI, RLI, PDI = '\u2068', '\u2067', '\u2069'
ALERTMANAGER = shutil.which('prometheus-alertmanager') or shutil.which('alertmanager')
VARS = ('RAQIB_TOPIC', 'RAQIB_TYPE', 'RAQIB_COUNTRY', 'RAQIB_ADMIN1', 'RAQIB_SEQ',
        'RAQIB_STORY', 'RAQIB_SUMMARY')

# A command that appends what it was given (stdin, RAQIB_* variables, its
# arguments) to the file named by its first argument, one JSON line per run.
RECORDER = r'''
import json, os, sys
data = sys.stdin.buffer.read()
rec = {"stdin": data.decode("utf-8"), "argv": sys.argv[2:],
       "env": {k: v for k, v in os.environ.items() if k.startswith("RAQIB_")}}
with open(sys.argv[1], "a", encoding="utf-8") as f:
    f.write(json.dumps(rec) + "\n")
'''


def raqib(*args, env=None, timeout=60):
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([RAQIB] + list(args), capture_output=True, text=True,
                          env=e, timeout=timeout * SLOW)


def sh_quote(s):
    return "'" + s.replace("'", "'\\''") + "'"


def story_severity(ev):
    """A story's: its report's, or its figures' when they say more."""
    sev = expected_severity(ev)
    for f in ev['story']['figures']:
        v = f['latest']
        if f['kind'] == 'killed' and (isinstance(v, str) or (isinstance(v, int) and v >= 10)):
            return 'critical'
        if isinstance(v, int) and v > 0 and sev == 'info':
            sev = 'warning'
    return sev


def expected_severity(ev):
    """The rule, written again: critical at >= 10 killed (the largest
    figure; a vague tens is 10), warning with any harm figure, else info."""
    killed = 0
    for c in ev['casualties']:
        if c['kind'] != 'killed':
            continue
        if isinstance(c['value'], int):
            n = c['value']
        elif c.get('vague') and 'عشر' in c['vague']:
            n = 10
        elif c.get('vague') and 'مئ' in c['vague']:
            n = 100
        elif c.get('vague') and 'آلا' in c['vague']:
            n = 1000
        else:
            n = 1
        killed = max(killed, n)
    if killed >= 10:
        return 'critical'
    harm = {'killed', 'wounded', 'kidnapped', 'captured', 'missing', 'combined'}
    if any(c['kind'] in harm and c['value'] != 0 for c in ev['casualties']):
        return 'warning'
    return 'info'


def topic_parts(ev):
    _, cc, admin1, typ = ev['topic'].split('.')
    return cc, admin1, typ


class SinkTest(DaemonTest):
    def seeded(self, d=None):
        """A running daemon with the five seeds stored; their events."""
        d = d or self.daemon().start()
        for f in seed_files():
            with open(f, 'rb') as fh:
                d.drop(os.path.basename(f), fh.read())
        wait_for(lambda: d.status()['documents'] == 5, 30, 'the seeds to be stored')
        events = self.query(d)
        self.assertGreaterEqual(len(events), 5)
        return d, events

    def conn(self, d):
        # delivery is under test: every report, not only a story's news
        return ['--connect', d.endpoint, '--replay', d.replay, '--stories', 'all']

    def read_resume(self, path):
        try:
            with open(path) as f:        # "SEQ STORE_ID"
                return int(f.read().split()[0])
        except FileNotFoundError:
            return None


class ExecSink(SinkTest):
    def setUp(self):
        super().setUp()
        self.rec = os.path.join(self.tmp, 'record.py')
        with open(self.rec, 'w') as f:
            f.write(RECORDER)
        self.out = os.path.join(self.tmp, 'runs.jsonl')

    def runs(self):
        try:
            with open(self.out, encoding='utf-8') as f:
                return [json.loads(l) for l in f if l.strip()]
        except FileNotFoundError:
            return []

    def record_cmd(self, extra=''):
        return '%s %s %s "$RAQIB_TYPE"%s' % (sh_quote(sys.executable), sh_quote(self.rec),
                                             sh_quote(self.out), extra)

    def test_event_on_stdin_and_variables_in_environment(self):
        d, events = self.seeded()
        # a stale value in raqib's own environment must not reach the command
        out = raqib('sub', '--exec', self.record_cmd(), '--quiet', '--since', '0',
                    '--count', str(len(events)), *self.conn(d),
                    env={'RAQIB_TOPIC': 'stale', 'RAQIB_SEQ': '-1'})
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stdout, '', 'the command\'s output goes to stderr')
        runs = self.runs()
        self.assertEqual([json.loads(r['stdin'])['seq'] for r in runs],
                         [e['seq'] for e in events], 'one run per event, in order')
        for r, ev in zip(runs, events):
            self.assertTrue(r['stdin'].endswith('\n'))
            self.assertEqual(r['stdin'].count('\n'), 1, 'one JSON line')
            self.assertEqual(json.loads(r['stdin']), ev)
            env = r['env']
            cc, admin1, typ = topic_parts(ev)
            self.assertEqual(env['RAQIB_TOPIC'], ev['topic'])
            self.assertEqual(env['RAQIB_TYPE'], ev['type'])
            self.assertEqual(env['RAQIB_COUNTRY'], cc)
            self.assertEqual(env['RAQIB_COUNTRY'], ev['place']['country'].lower())
            self.assertEqual(env['RAQIB_ADMIN1'], admin1)
            self.assertEqual(env['RAQIB_ADMIN1'], ev['place']['admin1_slug'] or '_')
            self.assertEqual(env['RAQIB_SEQ'], str(ev['seq']))
            self.assertEqual(env['RAQIB_STORY'], str(ev['story']['id']))
            s = env['RAQIB_SUMMARY']
            self.assertNotIn('\n', s)
            self.assertIn(ev['place']['name'], s)
            # not a terminal or a chat: no isolates unless --isolates
            self.assertNotIn(FSI, s)
            self.assertNotIn(PDI, s)
            self.assertIn(ev['place']['name_ar'], s.split(' / ', 1)[1])
            # "$RAQIB_TYPE" in the command line is the shell's expansion
            self.assertEqual(r['argv'], [ev['type']])

    def test_article_text_never_becomes_shell_syntax(self):
        d = self.daemon().start()
        marker = os.path.join(self.tmp, 'pwned')
        with open(seed_files()[4], encoding='utf-8') as f:
            text = f.read()
        evil = '$(touch %s) `touch %s` \'; touch %s; \'' % (marker, marker, marker)
        first, rest = text.split('\n', 1)
        d.drop('evil.txt', first + ' ' + evil + '\n' + rest)
        wait_for(lambda: d.status()['documents'] == 1, 30)
        events = self.query(d)
        self.assertTrue(any(evil in json.dumps(e, ensure_ascii=False) for e in events),
                        'the hostile text is in an event')
        cmd = 'printf "%s %s" "$RAQIB_SUMMARY" "$RAQIB_TOPIC" >/dev/null; ' + self.record_cmd()
        out = raqib('sub', '--exec', cmd, '--quiet', '--since', '0',
                    '--count', str(len(events)), *self.conn(d))
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(len(self.runs()), len(events))
        self.assertFalse(os.path.exists(marker))

    def test_failing_command_is_logged_and_the_stream_goes_on(self):
        d, events = self.seeded()
        seqs = [e['seq'] for e in events]
        resume = os.path.join(self.tmp, 'resume')
        with open(resume, 'w') as f:
            f.write('0\n')
        cmd = (self.record_cmd() + '; case "$RAQIB_SEQ" in %d) exit 3;; %d) kill -9 $$;; '
               'esac; exit 0' % (seqs[1], seqs[2]))
        out = raqib('sub', '--exec', cmd, '--quiet', '--resume', resume,
                    '--count', str(len(events)), *self.conn(d))
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn('seq %d: command exited with status 3' % seqs[1], out.stderr)
        self.assertRegex(out.stderr, r'seq %d: command killed by signal 9\b' % seqs[2])
        self.assertEqual(len(re.findall('raqib: exec:', out.stderr)), 2, out.stderr)
        self.assertEqual([json.loads(r['stdin'])['seq'] for r in self.runs()], seqs)
        self.assertEqual(self.read_resume(resume), seqs[-1])

    def test_command_over_its_time_limit_is_killed_with_what_it_started(self):
        d, events = self.seeded()
        seqs = [e['seq'] for e in events]
        pidfile = os.path.join(self.tmp, 'sleep.pid')
        cmd = ('if [ "$RAQIB_SEQ" = %d ]; then sleep 60 & echo $! > %s; wait; fi; %s'
               % (seqs[0], sh_quote(pidfile), self.record_cmd()))
        t0 = time.monotonic()
        out = raqib('sub', '--exec', cmd, '--quiet', '--since', '0', '--count', '2',
                    *self.conn(d), env={'RAQIB_EXEC_TIMEOUT': '1'})
        elapsed = time.monotonic() - t0
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertLess(elapsed, 15 * SLOW)
        self.assertRegex(out.stderr, r'seq %d: command killed by signal 15 .*time limit'
                         % seqs[0])
        # the next events ran; the timed-out one never got to record itself
        ran = [json.loads(r['stdin'])['seq'] for r in self.runs()]
        self.assertNotIn(seqs[0], ran)
        self.assertEqual(ran[0], seqs[1])
        with open(pidfile) as f:
            pid = int(f.read())

        def gone():
            try:
                with open('/proc/%d/stat' % pid) as f:
                    return f.read().rsplit(')', 1)[1].split()[0] in 'ZX'
            except FileNotFoundError:
                return True
        wait_for(gone, 5, 'the command\'s own child to be killed too')

    def test_stop_while_a_command_runs_resumes_at_that_event(self):
        d, events = self.seeded()
        seqs = [e['seq'] for e in events]
        resume = os.path.join(self.tmp, 'resume')
        with open(resume, 'w') as f:
            f.write('0\n')
        started = os.path.join(self.tmp, 'started')
        # The first command takes longer than the first retry's back-off
        # (1 s), as any does on a loaded machine: a client that counted the
        # back-off from before the batch retried the interrupted one on its
        # way out, ran every other command after being asked to stop, and
        # left the resume file at the last (13 instead of 1).
        cmd = ('if [ "$RAQIB_SEQ" = %d ]; then sleep 2; fi; %s; '
               'if [ "$RAQIB_SEQ" = %d ] && [ ! -e %s ]; then touch %s; sleep 60; fi'
               % (seqs[0], self.record_cmd(), seqs[1], sh_quote(started),
                  sh_quote(started)))
        s = self.sub(d, '--exec', cmd, '--quiet', '--resume', resume)
        wait_for(lambda: os.path.exists(started), 20, 'the second command')
        t0 = time.monotonic()
        self.assertEqual(s.stop(signal.SIGTERM), 0, s.stderr)
        self.assertLess(time.monotonic() - t0, 8 * SLOW, 'the command was asked to stop')
        ran = [json.loads(r['stdin'])['seq'] for r in self.runs()]
        self.assertEqual(ran, seqs[:2], 'no command started after the stop')
        # the first event is done, the second was cut short: resume before it
        self.assertEqual(self.read_resume(resume), seqs[0])
        s2 = self.sub(d, '--exec', cmd, '--quiet', '--resume', resume)
        wait_for(lambda: self.read_resume(resume) == seqs[-1], 30, 'the rest')
        self.assertEqual(s2.stop(), 0, s2.stderr)
        ran = [json.loads(r['stdin'])['seq'] for r in self.runs()]
        self.assertEqual(ran, [seqs[0], seqs[1]] + seqs[1:],
                         'nothing twice but the interrupted event')


class Receiver:
    """A webhook endpoint: records each POST; answers `fail` for the first
    `fail_first` of them."""

    def __init__(self, port=0, fail_first=0, fail=503):
        self.posts = []
        self.lock = threading.Lock()
        self.fail_first = fail_first
        recv = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                n = int(self.headers.get('Content-Length', 0))
                body = self.rfile.read(n)
                with recv.lock:
                    failed = len(recv.posts) < recv.fail_first
                    recv.posts.append({'path': self.path, 'headers': dict(self.headers),
                                       'body': json.loads(body.decode('utf-8')),
                                       'ok': not failed})
                code = fail if failed else 200
                reply = b'{"error":"try later"}' if failed else b'ok'
                self.send_response(code)
                self.send_header('Content-Length', str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *a):
                pass

        self.server = http.server.ThreadingHTTPServer(('127.0.0.1', port), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path='/hook'):
        return 'http://127.0.0.1:%d%s' % (self.port, path)

    def accepted(self):
        with self.lock:
            return [p for p in self.posts if p['ok']]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


SEQ_LINE = re.compile(r'^\*{1,2}#(\d+) ', re.M)


def md_escape(s, fmt):
    """How the formats say text must be escaped."""
    s = re.sub(r'[\n\r\t]', ' ', s)
    if fmt == 'slack':
        return s.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')
    s = re.sub(r'([\\*_~`|\[\]<>#])', r'\\\1', s)
    if fmt == 'mattermost':
        s = s.replace('@', '@\u200b')
    return s


class WebhookSink(SinkTest):
    def setUp(self):
        super().setUp()
        self.receivers = []

    def tearDown(self):
        for r in self.receivers:
            r.close()
        super().tearDown()

    def receiver(self, **kw):
        r = Receiver(**kw)
        self.receivers.append(r)
        return r

    def message_seqs(self, fmt, body):
        if fmt == 'generic':
            return [e['seq'] for e in body['events']]
        text = body['content' if fmt == 'discord' else 'text']
        return [int(x) for x in SEQ_LINE.findall(text)]

    def check_chat(self, fmt, body, by_seq):
        key = 'content' if fmt == 'discord' else 'text'
        expected_keys = {'slack': {'text', 'mrkdwn'}, 'mattermost': {'text', 'username'},
                         'discord': {'content', 'username', 'allowed_mentions'}}[fmt]
        self.assertEqual(set(body), expected_keys)
        text = body[key]
        self.assertIsInstance(text, str)
        self.assertNotIn('\ufffd', text)
        if fmt == 'mattermost':
            self.assertEqual(body['username'], 'raqib')
        if fmt == 'discord':
            self.assertLessEqual(len(text), 2000)
            self.assertEqual(body['allowed_mentions'], {'parse': []})
        for seq in self.message_seqs(fmt, body):
            ev = by_seq[seq]
            # each alert: its summary line, then its sentence quoted and
            # isolated (cut short, with an ellipsis, only for Discord)
            block = text[text.index('#%d ' % seq):]
            head, quote = block.split('\n', 2)[:2]
            self.assertIn(md_escape(ev['place']['name'], fmt), head)
            self.assertIn(FSI + '', head)
            self.assertTrue(quote.startswith('> ' + RLI), quote)
            self.assertTrue(quote.endswith(PDI), quote)
            sentence = quote[3:-1]
            if sentence.endswith('\u2026') and not ev['sentence'].endswith('\u2026'):
                # cut short, at a character, after a fair share: short alerts
                # leave their room to long ones, so a cut alert has at least
                # an even split of the message (less its markup: bold marks,
                # "> ", isolates, newlines); the cut is not a fixed size, as
                # a summary and a story's update line take room first
                self.assertTrue(md_escape(ev['sentence'], fmt).startswith(sentence[:-1]))
                n = len(self.message_seqs(fmt, body))
                if len(sentence) < 1000:
                    end = block.find('\n\n#')
                    alert = block if end < 0 else block[:end]
                    header = len('**raqib: %d alerts**\n\n' % n) if n > 1 else 0
                    self.assertGreaterEqual(len(alert) + 12, (2000 - header) // n)
            else:
                self.assertEqual(sentence, md_escape(ev['sentence'], fmt))

    def test_every_format_has_its_shape_and_batches_events(self):
        d, events = self.seeded()
        by_seq = {e['seq']: e for e in events}
        for fmt in ('slack', 'mattermost', 'discord', 'generic'):
            with self.subTest(format=fmt):
                r = self.receiver()
                out = raqib('sub', '--webhook', r.url(), '--format', fmt, '--quiet',
                            '--since', '0', '--count', str(len(events)), *self.conn(d))
                self.assertEqual(out.returncode, 0, out.stderr)
                posts = r.accepted()
                self.assertTrue(posts)
                self.assertLess(len(posts), len(events), 'events are batched')
                seqs = []
                for p in posts:
                    self.assertEqual(p['path'], '/hook')
                    self.assertTrue(p['headers']['Content-Type'].startswith(
                        'application/json'))
                    seqs += self.message_seqs(fmt, p['body'])
                    if fmt == 'generic':
                        self.assertEqual(set(p['body']), {'schema', 'events'})
                        self.assertEqual(p['body']['schema'], 'raqib.alerts/1')
                        for e in p['body']['events']:
                            self.assertEqual(e, by_seq[e['seq']])
                    else:
                        self.check_chat(fmt, p['body'], by_seq)
                self.assertEqual(seqs, sorted(by_seq), 'each event once, in order')

    def test_a_story_update_leaves_the_sentence_its_room(self):
        """A report that changes its story has a long line of detail (what
        changed); in a full Discord message the details give way before the
        sentence does: every alert keeps its quoted sentence."""
        d, events = self.seeded()
        by_seq = {e['seq']: e for e in events}
        updates = [e['seq'] for e in events if (e.get('story') or {}).get('update')]
        self.assertGreaterEqual(len(updates), 2, 'the seeds give story updates')
        r = self.receiver()
        out = raqib('sub', '--webhook', r.url(), '--format', 'discord', '--quiet',
                    '--rate-limit', '6', '--since', str(updates[0] - 1), '--count', '5',
                    *self.conn(d))
        self.assertEqual(out.returncode, 0, out.stderr)
        posts = r.accepted()
        self.assertTrue(posts)
        for p in posts:
            self.check_chat('discord', p['body'], by_seq)

    def test_long_and_hostile_text_is_cut_and_escaped(self):
        d = self.daemon().start()
        with open(seed_files()[4], encoding='utf-8') as f:
            first = f.read().split('\n')[0]
        tail = 'وأضاف المصدر أن الهجوم وقع قرب الحدود مع الجزائر في منطقة صحراوية نائية '
        # (no "!": it would end the sentence)
        hostile = ' @everyone <http://example.org|click> **bold** [link](http://example.org) & '
        d.drop('long.txt', first + hostile + '، ' + tail * 40 + '.\n')
        wait_for(lambda: d.status()['documents'] == 1, 30)
        events = self.query(d)
        long = [e for e in events if len(e['sentence']) > 2000 and '@everyone' in e['sentence']]
        self.assertTrue(long, 'the article gives an event with a long, hostile sentence')
        by_seq = {e['seq']: e for e in events}
        for fmt in ('discord', 'slack', 'mattermost'):
            with self.subTest(format=fmt):
                r = self.receiver()
                out = raqib('sub', '--webhook', r.url(), '--format', fmt, '--quiet',
                            '--since', '0', '--count', str(len(events)), *self.conn(d))
                self.assertEqual(out.returncode, 0, out.stderr)
                text = ''.join(p['body'].get('content', p['body'].get('text', ''))
                               for p in r.accepted())
                for p in r.accepted():
                    self.check_chat(fmt, p['body'], by_seq)
                self.assertIn('\u2026' + PDI, text, 'the long sentence is cut')
                if fmt == 'slack':
                    self.assertIn('&lt;http://example.org|click&gt; **bold** '
                                  '[link](http://example.org) &amp;', text)
                    self.assertNotIn('<http', text)
                else:
                    self.assertIn(r'\<http://example.org\|click\> \*\*bold\*\* '
                                  r'\[link\](http://example.org) &', text)
                if fmt == 'mattermost':
                    self.assertIn('@\u200beveryone', text)

    def test_a_live_burst_becomes_few_messages(self):
        d = self.daemon().start()
        r = self.receiver()
        s = self.sub(d, '--webhook', r.url(), '--format', 'slack', '--quiet',
                     '--rate-limit', '2', '--since', '0')
        for f in seed_files():
            with open(f, 'rb') as fh:
                d.drop(os.path.basename(f), fh.read())
        wait_for(lambda: d.status()['documents'] == 5, 30)
        events = self.query(d)
        want = sorted(e['seq'] for e in events)
        wait_for(lambda: sorted(sum((self.message_seqs('slack', p['body'])
                                     for p in r.accepted()), [])) == want, 30 * SLOW,
                 'every event at the receiver')
        posts = r.accepted()
        self.assertLessEqual(len(posts), 3, 'a burst is one or two messages, not %d'
                             % len(events))
        self.assertEqual(s.stop(), 0, s.stderr)

    def test_receiver_down_then_up_loses_nothing(self):
        d = self.daemon().start()
        port = free_port()      # nothing listens here yet
        resume = os.path.join(self.tmp, 'resume')
        with open(resume, 'w') as f:
            f.write('0\n')
        s = self.sub(d, '--webhook', 'http://127.0.0.1:%d/hook' % port, '--format',
                     'generic', '--quiet', '--rate-limit', '1', '--resume', resume)
        for f in seed_files():
            with open(f, 'rb') as fh:
                d.drop(os.path.basename(f), fh.read())
        wait_for(lambda: d.status()['documents'] == 5, 30)
        events = self.query(d)
        wait_for(lambda: s.stderr.count('retrying in') >= 2, 20, 'failed attempts')
        self.assertRegex(s.stderr, r'raqib: webhook: 127\.0\.0\.1: .*retrying in')
        self.assertNotIn('/hook', s.stderr, 'the URL path (a secret) is not logged')
        self.assertEqual(self.read_resume(resume), 0, 'nothing was delivered')
        r = self.receiver(port=port)
        want = sorted(e['seq'] for e in events)
        wait_for(lambda: self.read_resume(resume) == want[-1], 40,
                 'the resume file to reach the last event')
        got = sum((p['body']['events'] for p in r.accepted()), [])
        self.assertEqual(sorted(e['seq'] for e in got), want, 'each event exactly once')
        self.assertEqual(s.stop(), 0, s.stderr)

    def test_http_errors_are_retried(self):
        d, events = self.seeded()
        r = self.receiver(fail_first=2, fail=503)
        out = raqib('sub', '--webhook', r.url(), '--format', 'mattermost', '--quiet',
                    '--since', '0', '--count', str(len(events)), *self.conn(d))
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stderr.count('HTTP 503'), 2, out.stderr)
        self.assertIn('try later', out.stderr)
        self.assertGreaterEqual(len(r.posts), 3)
        seqs = sum((self.message_seqs('mattermost', p['body']) for p in r.accepted()), [])
        self.assertEqual(seqs, [e['seq'] for e in events])

    def test_bad_url_or_format_is_a_usage_error(self):
        for args, why in ((['--webhook', 'ftp://example.org/x'], 'http'),
                          (['--webhook', 'example.org/hook'], 'URL'),
                          (['--webhook', 'http://example.org/x', '--format', 'telegram'],
                           'telegram'),
                          (['--alertmanager', 'gopher://example.org'], 'http')):
            with self.subTest(args=args):
                out = raqib('sub', *args, '--connect', 'tcp://127.0.0.1:1',
                            '--replay', 'tcp://127.0.0.1:1', timeout=10)
                self.assertEqual(out.returncode, 2, out.stderr)
                self.assertIn(why, out.stderr)


class Alertmanager:
    """prometheus-alertmanager on a random port, alone (no cluster)."""

    def __init__(self, tmp, port=None):
        self.tmp = tmp
        self.port = port or free_port()
        os.makedirs(tmp, exist_ok=True)
        self.conf = os.path.join(tmp, 'alertmanager.yml')
        with open(self.conf, 'w') as f:
            f.write("route:\n  receiver: 'null'\nreceivers:\n  - name: 'null'\n")
        self.proc = None

    def start(self, storage):
        self.log = open(os.path.join(self.tmp, 'alertmanager.log'), 'a')
        self.proc = subprocess.Popen(
            [ALERTMANAGER, '--config.file=' + self.conf,
             '--storage.path=' + os.path.join(self.tmp, storage),
             '--web.listen-address=127.0.0.1:%d' % self.port,
             '--cluster.listen-address='], stdout=self.log, stderr=subprocess.STDOUT)
        wait_for(self.ready, 20, 'alertmanager to be ready')
        return self

    def ready(self):
        if self.proc.poll() is not None:
            raise AssertionError('alertmanager exited')
        try:
            return NO_PROXY.open(self.url('/-/ready'), timeout=2).status == 200
        except OSError:
            return False

    def url(self, path=''):
        return 'http://127.0.0.1:%d%s' % (self.port, path)

    def alerts(self):
        with NO_PROXY.open(self.url('/api/v2/alerts'), timeout=5) as r:
            return json.loads(r.read().decode('utf-8'))

    def by_story(self):
        return {int(a['labels']['story']): a for a in self.alerts()
                if a['labels'].get('alertname') == 'RaqibEvent' and
                a['status']['state'] == 'active'}

    def stop(self):
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None
            self.log.close()


@needs(ALERTMANAGER, 'prometheus-alertmanager is not installed: skipped')
class AlertmanagerSink(SinkTest):
    def setUp(self):
        super().setUp()
        self.ams = []

    def tearDown(self):
        for a in self.ams:
            a.stop()
        super().tearDown()

    def alertmanager(self, port=None, storage='am'):
        a = Alertmanager(os.path.join(self.tmp, 'alertmanager'), port)
        self.ams.append(a)
        return a.start(storage)

    def check_alerts(self, am, events):
        """One alert per story, as its latest report has it."""
        latest = {e['story']['id']: e for e in events}
        got = am.by_story()
        self.assertEqual(sorted(got), sorted(latest))
        for ev in latest.values():
            a = got[ev['story']['id']]
            place = ev['story']['place']
            cc = place['country'].lower() if place['country'] else 'xx'
            admin1 = place['admin1_slug'] or '_'
            self.assertEqual(a['labels'], {
                'alertname': 'RaqibEvent', 'type': ev['story']['type'], 'country': cc,
                'admin1': admin1, 'severity': story_severity(ev),
                'story': str(ev['story']['id'])})
            self.assertEqual(a['status']['state'], 'active')
            ann = a['annotations']
            self.assertEqual(ann['seq'], str(ev['seq']))
            self.assertEqual(ann['reports'], str(ev['story']['reports']))
            report = ann.get('report', ann['summary'])
            if ev['story']['update'] is not None:
                self.assertTrue(ann['summary'].startswith('Update: '), ann['summary'])
            self.assertIn(ev['place']['name'], report)
            self.assertIn(ev['place']['name_ar'], report)
            self.assertTrue(ann['description'].startswith(ev['sentence']))
            for src in ev['sources']:
                self.assertIn(src, ann['description'])
            self.assertEqual(ann['topic'], ev['topic'])
            self.assertEqual(a['startsAt'], ev['doc']['received_at'])
            t0 = time.mktime(time.strptime(a['startsAt'][:19], '%Y-%m-%dT%H:%M:%S'))
            t1 = time.mktime(time.strptime(a['endsAt'][:19], '%Y-%m-%dT%H:%M:%S'))
            self.assertEqual(t1 - t0, 6 * 3600)

    def test_events_become_alerts_with_labels_and_are_repeated(self):
        d, events = self.seeded()
        am = self.alertmanager()
        self.assertGreaterEqual(len({expected_severity(e) for e in events}), 2,
                                'the seeds cover more than one severity')
        s = self.sub(d, '--alertmanager', am.url('/'), '--quiet', '--since', '0')
        stories = {e['story']['id'] for e in events}
        self.assertLess(len(stories), len(events), 'the seeds report one incident twice')
        wait_for(lambda: {str(a['annotations']['seq']) for a in am.by_story().values()} ==
                 {str(e['seq']) for e in {e['story']['id']: e for e in events}.values()},
                 20, 'each story\'s alert with its latest report')
        self.check_alerts(am, events)
        # Alertmanager forgets alerts when it restarts; raqib says them again
        am.stop()
        am2 = self.alertmanager(port=am.port, storage='am2')
        self.assertEqual(am2.by_story(), {})
        wait_for(lambda: len(am2.by_story()) == len(stories), 80, 'the alerts repeated')
        self.check_alerts(am2, events)
        self.assertEqual(s.proc.poll(), None, s.stderr)
        self.assertEqual(s.stop(), 0, s.stderr)
        self.assertNotIn('raqib: alertmanager', s.stderr)

    def test_full_api_url_and_a_down_alertmanager(self):
        d, events = self.seeded()
        port = free_port()
        resume = os.path.join(self.tmp, 'resume')
        with open(resume, 'w') as f:
            f.write('0\n')
        s = self.sub(d, '--alertmanager', 'http://127.0.0.1:%d/api/v2/alerts' % port,
                     '--quiet', '--resume', resume)
        wait_for(lambda: 'retrying in' in s.stderr, 20, 'a failed attempt')
        self.assertIn('raqib: alertmanager: 127.0.0.1:', s.stderr)
        self.assertEqual(self.read_resume(resume), 0)
        am = self.alertmanager(port=port)
        wait_for(lambda: self.read_resume(resume) == events[-1]['seq'], 30,
                 'delivery once it is up')
        self.check_alerts(am, events)
        self.assertEqual(s.stop(), 0, s.stderr)


if __name__ == '__main__':
    unittest.main()
