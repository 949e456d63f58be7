"""One way to name a place, a type, an actor (issue 11, items 8-11, 14):
what filters accept and resolve to, keywords in either script, raqib list,
and the conventions of every command line. The real raqibd and raqib."""
import fcntl
import json
import os
import pty
import re
import shutil
import struct
import sys
import termios
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (LEXICON, RAQIB, RAQIBD, ROOT, SLOW, read_bytes, run_client, seed_files,
                     wait_for)
from reliability import CheckedTest, count

import subprocess

NIGER = ('قتل عشرة جنود نيجريين الاثنين في هجوم شنه مسلحون على موقع عسكري في '
         'منطقة تيلابيري غربي النيجر، بحسب وزارة الدفاع.\n')
PROTEST = 'تظاهر آلاف الأشخاص في نيامي للمطالبة برحيل القوات الأجنبية.\n'


def cells(s):
    """The cells a terminal gives s: none for marks and format characters,
    two for wide ones."""
    return sum(0 if unicodedata.category(c) in ('Mn', 'Me', 'Cf', 'Cc') else
               2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in s)


def cut(line, col):
    """line split where col cells of it end."""
    w = 0
    for i, c in enumerate(line):
        if w >= col:
            return line[:i], line[i:]
        w += cells(c)
    return line, ''

# where the real client looks for the installed config
RAQIBD_DEFAULT = subprocess.run([RAQIB, '--version'], capture_output=True,
                                text=True).stdout.split('default config ')[-1].rstrip(')\n')


def lexicon(name, key):
    with open(os.path.join(LEXICON, name), encoding='utf-8') as f:
        return json.load(f)[key]


class Names(CheckedTest):

    def setUp(self):
        super().setUp()
        self.d = self.daemon().start()
        for f in seed_files():
            with open(f, 'rb') as fh:
                self.d.drop(os.path.basename(f), fh.read())
        self.d.drop('niger.txt', NIGER)
        self.d.drop('protest.txt', PROTEST)
        wait_for(lambda: count(self.d, 'documents') == 7, 30)
        self.all = self.query(self.d)

    def q(self, *args, rc=0):
        out = run_client('query', '--json', '--replay', self.d.replay, *args)
        self.assertEqual(out.returncode, rc, out.stderr)
        if rc:
            return out.stderr
        return [json.loads(l)['seq'] for l in out.stdout.splitlines()]

    def where(self, pred):
        return [e['seq'] for e in self.all if pred(e)]

    def test_a_country_name_means_the_country(self):
        niger = self.where(lambda e: e['topic'].startswith('ev.ne.'))
        self.assertTrue(niger, 'the Niger article gave an event')
        for name in ('niger', 'Niger', 'النيجر', 'ne', 'NE'):
            self.assertEqual(self.q('--region', name), niger, name)
        out = run_client('query', '--replay', self.d.replay, '--region', 'niger',
                         '--explain')
        self.assertIn('region niger \u2192 ev.ne. (Niger)', out.stderr)
        # Nigeria's Niger State is still there by its slug path
        self.assertEqual(self.q('--region', 'ng/niger'), [])

    def test_an_ambiguous_name_is_refused_with_its_candidates(self):
        err = self.q('--region', 'تينزاوتين', rc=2)
        self.assertIn('ambiguous region', err)
        self.assertIn('ml/kidal', err)
        self.assertIn('dz/tamanrasset', err)
        self.assertIn("see 'raqib query --help'", err)

    def test_codes_users_see_are_accepted(self):
        kidal = self.where(lambda e: e['topic'].startswith('ev.ml.kidal.'))
        self.assertTrue(kidal)
        self.assertEqual(self.q('--region', 'ML-8'), kidal)
        self.assertEqual(self.q('--region', 'ml/kidal'), kidal)
        unknown = self.where(lambda e: e['topic'].startswith('ev.ml._.'))
        self.assertTrue(unknown)
        self.assertEqual(self.q('--region', 'ml/_'), unknown)
        self.assertEqual(self.q('--region', 'xx'),
                         self.where(lambda e: e['topic'].startswith('ev.xx.')))

    def test_types_by_id_label_or_acled(self):
        ambush = self.where(lambda e: e['type'] == 'ambush')
        clash = self.where(lambda e: e['type'] == 'armed_clash')
        self.assertTrue(ambush and clash)
        for t in ('ambush', 'Ambush', 'AMBUSH'):
            self.assertEqual(self.q('--type', t), ambush, t)
        for t in ('armed_clash', 'armed-clash', 'Armed clash'):
            self.assertEqual(self.q('--type', t), clash, t)
        types = lexicon('event_types.json', 'event_types')
        battles = {t['id'] for t in types if t['acled_event_type'] == 'Battles'}
        want = self.where(lambda e: e['type'] in battles)
        self.assertGreater(len(want), len(clash))
        self.assertEqual(self.q('--type', 'Battles'), want)
        self.assertEqual(self.q('--type', 'battles'), want)
        err = self.q('--type', 'picnic', rc=2)
        self.assertIn('raqib list types', err)

    def test_acled_riots_mean_protest(self):
        # raqib tells no riot from a protest: ACLED's Riots, its sub-types
        # and the Demonstrations they fall under are taken for protest
        protest = self.where(lambda e: e['type'] == 'protest')
        self.assertTrue(protest, 'the protest article gave an event')
        for t in ('Riots', 'riots', 'Violent demonstration', 'Mob violence',
                  'Demonstrations', 'Protests'):
            self.assertEqual(self.q('--type', t), protest, t)
        out = run_client('query', '--json', '--explain', '--replay', self.d.replay,
                         '--type', 'Riots')
        self.assertIn("type Riots \u2192 protest (ACLED's Riots, which raqib files "
                      "under protest)", out.stderr)
        self.assertRegex(run_client('list', 'types').stdout, r'\nRiots +protest\n')

    def test_a_keyword_in_either_script_finds_the_same_events(self):
        wagner = self.q('--keyword', 'wagner')
        self.assertGreaterEqual(set(wagner), set(self.where(
            lambda e: any(a['id'] == 'wagner' for a in e['actors']))))
        self.assertTrue(wagner)
        for k in ('فاغنر', 'فاجنر', 'Wagner'):
            self.assertEqual(self.q('--keyword', k), wagner, k)
        tin = self.q('--keyword', 'Tinzaouaten')
        self.assertTrue(tin)
        self.assertEqual(self.q('--keyword', 'تينزاوتين'), tin)
        self.assertEqual(self.q('--keyword', 'تينزاواتن'), tin)
        # a keyword that names nothing still looks in the sentence
        border = self.where(lambda e: 'الحدود' in e['sentence'])
        self.assertTrue(border)
        self.assertEqual(self.q('--keyword', 'الحدود'), border)

    def test_list_shows_what_the_filters_accept(self):
        out = run_client('list', 'types')
        self.assertEqual(out.returncode, 0, out.stderr)
        listed = [l.split()[0] for l in out.stdout.split('\n\n')[0].splitlines()[1:]]
        self.assertEqual(listed, [t['id'] for t in lexicon('event_types.json',
                                                           'event_types')])
        for t in listed:
            self.q('--type', t)
        out = run_client('list', 'regions')
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertRegex(out.stdout, r'\n  ml/kidal +ML-8 +Kidal')
        self.assertRegex(out.stdout, r'\n  ml/_ ')
        self.assertRegex(out.stdout, r'\nxx ')
        for path in ('ml/kidal', 'bf/centre-nord', 'ne/tillaberi', 'ml/_', 'xx'):
            self.assertIn(path, out.stdout)
            self.q('--region', path)
        out = run_client('list', 'actors')
        self.assertEqual(out.returncode, 0, out.stderr)
        ids = [l.split()[0] for l in out.stdout.splitlines()[1:]]
        self.assertEqual(sorted(ids), sorted(a['id'] for a in lexicon('actors.json',
                                                                      'actors')))
        self.assert_columns(out.stdout)

    def assert_columns(self, text):
        # every field starts in its header's column, in the cells a
        # terminal gives the text (Arabic names before them included)
        lines = text.splitlines()
        head = lines[0]
        self.assertEqual(head.split(), ['ACTOR', 'KIND', 'ARABIC', 'NAMES'])
        cols = [head.index(h) for h in ('KIND', 'ARABIC', 'NAMES')]
        arabic = 0
        for line in lines[1:]:
            for col, what in zip(cols, ('KIND', 'ARABIC', 'NAMES')):
                before, after = cut(line, col)
                self.assertTrue(before.endswith('  '), (what, line))
                if what == 'ARABIC' and after[:1] != ' ':
                    arabic += 1
                    self.assertTrue('\u0600' <= after[0] <= '\u06ff', line)
                elif what != 'ARABIC':
                    self.assertNotEqual(after[:1], ' ', (what, line))
            names = cut(line, cols[2])[1].split(', ')
            self.assertEqual(len(names), len(set(names)), 'each name once: ' + line)
            self.assertFalse(line.rstrip().endswith(';'), line)
        self.assertGreater(arabic, 10, 'Arabic names in their column')
        out = run_client('list', 'places')
        self.assertEqual(out.returncode, 2)


class Conventions(CheckedTest):

    def test_raqibd_long_options(self):
        for opt in ('--help', '-h'):
            out = subprocess.run([RAQIBD, opt], capture_output=True, text=True)
            self.assertEqual(out.returncode, 0, out.stderr)
            self.assertIn('--config', out.stdout)
            self.assertIn('exit codes', out.stdout)
        out = subprocess.run([RAQIBD, '--version'], capture_output=True, text=True)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertTrue(out.stdout.startswith('raqibd '))
        # the client reads the config the daemon reads by default
        client = run_client('--version')
        self.assertEqual(out.stdout.split('(')[1], client.stdout.split('(')[1])
        out = subprocess.run([RAQIBD, '--bogus'], capture_output=True, text=True)
        self.assertEqual(out.returncode, 2)
        self.assertEqual(out.stderr.splitlines()[-1], "see 'raqibd --help'")
        self.assertLessEqual(len(out.stderr.splitlines()), 2)

    def test_usage_errors_are_one_line_and_a_pointer(self):
        conn = ['--connect', 'tcp://127.0.0.1:1', '--replay', 'tcp://127.0.0.1:1']
        cases = [
            (['sub', '--bogus'], 'bogus'),
            (['sub', '--format', 'slack'], '--webhook'),
            (['sub', '--rate-limit', '5'], '--webhook'),
            (['sub', '--quiet'], 'nowhere'),
            (['sub', '--exec', ''], 'command'),
            (['sub', '--keyword', ''], 'empty'),
            (['sub', '--on-new-store', 'live'], '--resume'),
            (['sub', '--on-new-store', 'later', '--resume', 'x'], 'later'),
            (['sub', 'extra'], 'extra'),
            (['sub', '--count', '-1'], '--count'),
            (['query', '--resume', 'x'], 'raqib sub'),
            (['query', '--format', 'xlsx'], 'xlsx'),
            (['query', '--since', 'yesterday'], 'yesterday'),
            (['query', 'extra'], 'extra'),
            (['status', '--timeout', '0'], 'timeout'),
            (['keygen'], 'NAME'),
            (['eval', '--min-f1', '2'], '--min-f1'),
            (['eval', '--stories', '--min-f1', '2'], '--min-f1'),
            (['nosuchcommand'], 'nosuchcommand'),
        ]
        for args, why in cases:
            with self.subTest(args=args):
                out = run_client(*args, *(conn if args[0] in ('sub', 'query') else []))
                self.assertEqual(out.returncode, 2, out.stderr)
                lines = out.stderr.splitlines()
                self.assertEqual(len(lines), 2, out.stderr)
                self.assertIn(why, lines[0])
                if args[0] != 'nosuchcommand':
                    self.assertTrue(lines[0].startswith('raqib %s: ' % args[0]), lines[0])
                self.assertRegex(lines[1], r"^see 'raqib( \w+)? --help'$")
                self.assertEqual(out.stdout, '')

    def test_every_help_tells_exit_codes(self):
        for cmd in ([], ['sub'], ['query'], ['status'], ['extract'], ['eval'],
                    ['keygen'], ['list']):
            out = run_client(*cmd, '--help')
            self.assertEqual(out.returncode, 0, cmd)
            self.assertIn('exit codes: 0 ok, 1 runtime failure, 2 usage error',
                          out.stdout, cmd)
        out = run_client('sub', '--help')
        for var in ('RAQIB_TOPIC', 'RAQIB_TYPE', 'RAQIB_COUNTRY', 'RAQIB_ADMIN1',
                    'RAQIB_SEQ', 'RAQIB_STORY', 'RAQIB_SUMMARY'):
            self.assertIn(var, out.stdout)
        out = run_client('submit', '--help')
        self.assertRegex(out.stdout, r'exit codes: 0 every article stored, 1 one was not')
        self.assertIn('--version', run_client('--help').stdout)

    def test_every_option_a_help_names_is_accepted(self):
        # the options each --help lists (at the start of a line, or after
        # a comma there) are ones its command takes; a bogus one after them
        # stops the command before it would connect
        for cmd in (['sub'], ['query'], ['status'], ['extract'], ['eval'],
                    ['eval', '--stories'], ['keygen'], ['list'], ['submit']):
            text = run_client(*cmd, '--help').stdout
            opts = set(re.findall(r'^\s+(?:-\w, )?(--[a-z][a-z0-9-]*)', text, re.M))
            opts |= set(re.findall(r'^\s+--[a-z-]+ \w+, (--[a-z][a-z0-9-]*)', text, re.M))
            self.assertTrue(opts or cmd == ['list'], cmd)
            for opt in sorted(opts - {'--help'}):
                with self.subTest(cmd=cmd, opt=opt):
                    out = run_client(*cmd, opt, '--zz-bogus', '--zz-bogus', timeout=10)
                    self.assertEqual(out.returncode, 2, out.stderr)
                    self.assertNotIn("unrecognized option '%s" % opt, out.stderr)
                    # a usage error of the command's own: one line and a pointer
                    self.assertEqual(out.stderr.splitlines()[-1],
                                     "see 'raqib %s --help'" % cmd[0])

    def test_without_c_the_installed_config(self):
        # raqib_etc is raqib built with its installed raqibd.conf in the
        # build tree: the daemon's config put there is read without -c
        etc = os.environ.get('RAQIB_ETC', os.path.join(ROOT, 'build', 'client',
                                                       'raqib_etc'))
        d = self.daemon().start()
        d.drop('a.txt', read_bytes(seed_files()[0]))
        wait_for(lambda: count(d, 'documents') == 1)
        n = d.last_seq()
        version = subprocess.run([etc, '--version'], capture_output=True, text=True)
        path = re.search(r'\(default config (.*)\)', version.stdout).group(1)
        self.assertNotEqual(path, RAQIBD_DEFAULT, 'a copy of its own')
        self.assertIn(path, subprocess.run([etc, '--help'], capture_output=True,
                                           text=True).stdout)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        shutil.copy(d.conf, path)
        self.addCleanup(os.unlink, path)
        out = subprocess.run([etc, 'status', '--json'], capture_output=True, text=True,
                             timeout=30 * SLOW)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(json.loads(out.stdout)['last_seq'], n)
        out = subprocess.run([etc, 'query', '--json'], capture_output=True, text=True,
                             timeout=30 * SLOW)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(len(out.stdout.splitlines()), n)
        # -c wins over it
        other = self.daemon('other')
        out = subprocess.run([etc, 'status', '--json', '--timeout', '1', '-c', other.conf],
                             capture_output=True, text=True, timeout=30 * SLOW)
        self.assertEqual(out.returncode, 1)
        self.assertIn(other.replay, out.stderr)

    def test_config_after_the_command(self):
        d = self.daemon().start()
        d.drop('a.txt', read_bytes(seed_files()[0]))
        wait_for(lambda: count(d, 'documents') == 1)
        n = d.last_seq()
        for args in (['-c', d.conf, 'query', '--json'], ['query', '--json', '-c', d.conf],
                     ['query', '--json', '--config', d.conf]):
            out = run_client(*args)
            self.assertEqual(out.returncode, 0, out.stderr)
            self.assertEqual(len(out.stdout.splitlines()), n, args)
        out = run_client('status', '-c', d.conf)
        self.assertEqual(out.returncode, 0, out.stderr)



class HumanOutput(CheckedTest):
    """Item 18: an alert says when it came, from where, who did what to
    whom and whose figures they are; it wraps at words; --oneline; no
    isolates outside a terminal unless asked."""

    ISOLATES = ('\u2066', '\u2067', '\u2068', '\u2069')

    def setUp(self):
        super().setUp()
        self.d = self.daemon().start()
        for f in seed_files():
            with open(f, 'rb') as fh:
                self.d.drop(os.path.basename(f), fh.read())
        wait_for(lambda: count(self.d, 'documents') == 5, 30)
        self.events = self.query(self.d)

    def text(self, *args):
        env = dict(os.environ)
        env.pop('COLUMNS', None)
        out = subprocess.run([RAQIB, 'query', '--replay', self.d.replay] + list(args),
                             capture_output=True, text=True, env=env, timeout=60)
        self.assertEqual(out.returncode, 0, out.stderr)
        return out.stdout

    def blocks(self, text):
        return {int(b.split(' ', 1)[0][1:]): b for b in text.strip().split('\n\n')}

    def lines(self, ev, block):
        """The block's lines from the summary on: a report that changed its
        story starts with what changed (main's stories)."""
        lines = block.split('\n')
        if (ev.get('story') or {}).get('update'):
            self.assertTrue(lines[0].startswith('#%d Update: ' % ev['seq']), lines[0])
            return lines[1:]
        return lines

    def test_an_alert_says_what_an_analyst_needs(self):
        blocks = self.blocks(self.text())
        self.assertEqual(set(blocks), {e['seq'] for e in self.events})
        for ev in self.events:
            b = blocks[ev['seq']]
            lines = self.lines(ev, b)
            self.assertIn(ev['topic'], lines[1])
            at = ev['doc']['received_at']
            self.assertIn('received %s %s UTC' % (at[:10], at[11:16]), lines[2])
            self.assertIn(os.path.basename(ev['doc']['path']), lines[2])
            if ev['doc'].get('title'):
                self.assertIn(ev['doc']['title'], lines[2])
            for s in ev['sources']:
                self.assertIn(s, lines[2])
            roles = {a['role'] for a in ev['actors']}
            self.assertEqual('by ' in lines[1], 'perpetrator' in roles)
            self.assertEqual('against ' in lines[1], 'target' in roles)
            self.assertNotRegex(b, r'(?<![\w-])--\d\d', 'a date without a year is said so')
            if (ev['date']['start'] or '').startswith('--'):
                self.assertIn('(year not given)', lines[1])
            for ch in self.ISOLATES:
                self.assertNotIn(ch, b, 'no isolates outside a terminal')
            # the sentence wrapped at words, within 80 columns
            body = lines[3:]
            self.assertEqual(' '.join(l.strip() for l in body), ' '.join(ev['sentence'].split()))
            for l in body:
                self.assertLessEqual(len(l), 80, l)
        # whose figures: a figure with a side names it
        whose = [e for e in self.events if any(c.get('who') for c in e['casualties'])]
        self.assertTrue(whose)
        for ev in whose:
            self.assertIn(' among ', self.lines(ev, blocks[ev['seq']])[0])

    def test_a_terminal_gets_isolates_and_its_width(self):
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 60, 0, 0))
        env = dict(os.environ)
        env.pop('COLUMNS', None)
        p = subprocess.Popen([RAQIB, 'query', '--replay', self.d.replay], stdout=slave,
                             stderr=subprocess.PIPE, env=env)
        os.close(slave)
        out = b''
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:                     # EIO: the client has gone
                break
            if not chunk:
                break
            out += chunk
        os.close(master)
        self.assertEqual(p.wait(60 * SLOW), 0, p.stderr.read())
        p.stderr.close()
        text = out.decode().replace('\r\n', '\n')
        self.assertEqual(set(self.blocks(text)), {e['seq'] for e in self.events})
        self.assertIn('\u2068', text, 'Arabic runs isolated at a terminal')
        plain = ''.join(ch for ch in text if ch not in self.ISOLATES)
        for ev in self.events:
            body = self.lines(ev, self.blocks(plain)[ev['seq']])[3:]
            self.assertEqual(' '.join(l.strip() for l in body),
                             ' '.join(ev['sentence'].split()))
            for l in body:
                self.assertLessEqual(len(l), 60, 'wrapped to the terminal: ' + l)

    def test_oneline_and_isolates_when_asked(self):
        lines = self.text('--oneline').splitlines()
        self.assertEqual(len(lines), len(self.events))
        for l, ev in zip(lines, self.events):
            self.assertTrue(l.startswith('#%d ' % ev['seq']), l)
            self.assertTrue(l.endswith(ev['topic']), l)
        text = self.text('--isolates')
        self.assertIn('\u2068', text)
        self.assertIn('\u2067', text)


if __name__ == '__main__':
    import unittest
    unittest.main(verbosity=2)
