"""Every raqib command the README shows, run as written against live
daemons (one plain, one with CURVE for the commands that name keys): the
README and the commands agree. Endpoints come from -c (the README's
commands use the defaults), HOST is the CURVE daemon, and paths outside a
temporary folder are moved into it; nothing else is changed."""
import os
import re
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import LEXICON, RAQIB, ROOT, SLOW, seed_files, wait_for
from reliability import CheckedTest, count
from test_sinks import Receiver


def readme_commands():
    with open(os.path.join(ROOT, 'README.md'), encoding='utf-8') as f:
        text = f.read()
    out = []
    for block in re.findall(r'```sh\n(.*?)```', text, re.S):
        for line in block.replace('\\\n', ' ').splitlines():
            line = re.sub(r'\s+#.*$', '', line.strip())
            if re.search(r'(^|\| )raqib ', line):
                out.append(line)
    return out


class Readme(CheckedTest):

    def setUp(self):
        super().setUp()
        self.work = os.path.join(self.tmp, 'repo')
        self.home = os.path.join(self.tmp, 'home')
        for d in (self.work, os.path.join(self.home, '.local', 'state'),
                  os.path.join(self.tmp, 'var', 'lib', 'raqib'),
                  os.path.join(self.tmp, 'var', 'log', 'raqib'),
                  os.path.join(self.tmp, 'etc', 'raqib')):
            os.makedirs(d)
        os.symlink(os.path.join(ROOT, 'seeds'), os.path.join(self.work, 'seeds'))
        os.makedirs(os.path.join(self.work, 'tests', 'eval'))
        os.symlink(os.path.join(ROOT, 'tests', 'eval', 'gold'),
                   os.path.join(self.work, 'tests', 'eval', 'gold'))
        shutil.copy(seed_files()[0], os.path.join(self.work, 'article.txt'))
        self.receiver = Receiver()
        self.addCleanup(self.receiver.close)
        self.d = self.daemon('plain').start()
        for f in seed_files():
            shutil.copy(f, self.d.inbox)
        wait_for(lambda: count(self.d, 'documents') == 5, 30)

    def shell(self, line):
        line = line.replace('fetch-news |', 'cat article.txt |')
        # webhooks go to a local receiver, never to the real services
        line = re.sub(r'https://(hooks\.slack\.com|chat\.example\.org)',
                      self.receiver.url(''), line)
        for path in ('/var/lib/raqib/', '/var/log/raqib/', '/etc/raqib/'):
            line = line.replace(path, self.tmp + path)
        if getattr(self, 'curve', None):
            line = line.replace('tcp://HOST:7450', self.curve.endpoint)
            line = line.replace('tcp://HOST:7451', self.curve.replay)
        return re.sub(r'(^|\| )raqib ', r'\1"$RAQIB" -c "$CONF" ', line)

    def run_line(self, line):
        env = dict(os.environ, HOME=self.home, RAQIB=RAQIB, CONF=self.d.conf,
                   RAQIB_LEXICON=LEXICON, RAQIB_EXEC_TIMEOUT='2')
        cmd = self.shell(line)
        p = subprocess.Popen(['sh', '-c', 'exec ' + cmd if '|' not in cmd else cmd],
                             cwd=self.work, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, start_new_session=True)
        live = re.search(r'raqib sub\b', line) is not None
        try:
            out, err = p.communicate(timeout=(3 if live else 60) * SLOW)
        except subprocess.TimeoutExpired:
            if not live:
                raise
            os.killpg(p.pid, signal.SIGTERM)
            out, err = p.communicate(timeout=30 * SLOW)
            self.assertEqual(p.returncode, 0, '%s: %s' % (line, err))
            self.assertNotIn("--help'", err, line)
            return out, err
        self.assertEqual(p.returncode, 0, '%s exited %s: %s' % (line, p.returncode, err))
        return out, err

    def test_every_readme_command_runs(self):
        lines = readme_commands()
        self.assertGreater(len(lines), 15)
        keys = [l for l in lines if ' keygen ' in l]
        curve = [l for l in lines if 'HOST' in l]
        for line in keys:
            with self.subTest(line):
                self.run_line(line)
        # the CURVE daemon: the README's server key, alice's and a feeder's
        subprocess.run([RAQIB, 'keygen', os.path.join(self.work, 'feeder')], check=True,
                       capture_output=True)
        auth = os.path.join(self.tmp, 'clients')
        os.makedirs(auth)
        for name in ('alice', 'feeder'):
            shutil.copy(os.path.join(self.work, name + '.pub'), auth)
        shutil.copy(os.path.join(self.tmp, 'etc', 'raqib', 'server.pub'), self.work)
        self.curve = self.daemon('curve', publish={
            'curve_secret_key': os.path.join(self.tmp, 'etc', 'raqib', 'server.key'),
            'curve_authorized_keys': auth}).start()
        ran = []
        for line in lines:
            if line in keys:
                continue
            with self.subTest(line):
                out, err = self.run_line(line)
                ran.append(line)
                if ' query ' in line:
                    # what it printed, or the file it was sent to
                    to = re.search(r'> (\S+)$', line)
                    if to:
                        with open(os.path.join(self.work, to.group(1)),
                                  encoding='utf-8') as f:
                            out = f.read()
                    self.assertTrue(out.strip(), line)
                if ' submit ' in line:
                    self.assertIn(' stored seqs ', out, line)
        self.assertEqual(len(ran) + len(keys), len(lines))
        self.assertTrue(curve)
        self.assertGreater(count(self.curve, 'documents'), 0, 'a submit over CURVE')


if __name__ == '__main__':
    import unittest
    unittest.main(verbosity=2)
