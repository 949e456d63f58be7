"""The whole path: raqibd on a temporary inbox, real sockets, the real client."""
import hashlib
import os
import re
import signal
import subprocess
import sys
import time
import unicodedata
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (RAQIB, RAQIBD, DaemonTest, read_bytes, run_client, seed_files,
                     wait_for)

TOPIC = re.compile(r'^ev\.([a-z]{2})\.(_|[a-z0-9-]+)\.([a-z_]+)$')
TYPES = {'armed_clash', 'ambush', 'attack_on_base', 'territory_change',
         'air_or_drone_strike', 'shelling', 'ied_explosion', 'suicide_bombing',
         'aircraft_downed', 'aircraft_crash', 'kidnapping', 'violence_against_civilians',
         'siege', 'arrest', 'coup', 'negotiation_or_agreement', 'protest',
         'troop_movement', 'statement', 'other'}
AR = '\u0600-\u06FF'


def norm_ar(s):
    """An independent normalisation: diacritics and tatweel out, letter
    variants unified (the same rules the engine documents)."""
    s = unicodedata.normalize('NFKC', s)
    s = re.sub('[\u064B-\u065F\u0670\u0640]', '', s)
    s = re.sub('[أإآٱ]', 'ا', s).replace('ى', 'ي').replace('ة', 'ه')
    return s


def has_word(sentence, word):
    """word as a whole word, possibly behind proclitics, after normalisation."""
    pat = r'(?<![%s])(?:[وف]?(?:[بكل])?(?:ال|ل)?)%s(?![%s])' % (AR, re.escape(norm_ar(word)), AR)
    return re.search(pat, norm_ar(sentence)) is not None


class Pipeline(DaemonTest):

    def drop_seeds(self, d):
        for p in seed_files():
            with open(p, 'rb') as f:
                d.drop(os.path.basename(p), f.read())
        wait_for(lambda: d.sql('SELECT count(*) FROM documents').strip() == '5',
                 what='the five seeds to be stored')

    def test_seeds_give_valid_events_in_order(self):
        d = self.daemon().start()
        # a subscriber that joins after the first event (a slow, loaded or
        # sanitizer run) starts from there: --since 0 replays what it missed
        s = self.sub(d, '--since', '0')
        time.sleep(0.3)
        self.drop_seeds(d)
        n = int(d.sql('SELECT count(*) FROM events').strip())
        self.assertGreaterEqual(n, 5, 'the seeds report several incidents')
        seqs = s.wait_count(n)
        self.assertEqual(seqs, list(range(1, n + 1)), 'every event once, in order')
        shas = {hashlib.sha256(read_bytes(p)).hexdigest() for p in seed_files()}
        for ev in s.events:
            m = TOPIC.match(ev['topic'])
            self.assertIsNotNone(m, ev['topic'])
            self.assertEqual(ev['schema'], 'raqib.event/1')
            self.assertIn(ev['type'], TYPES)
            self.assertEqual(m.group(3), ev['type'])
            self.assertEqual(m.group(1), ev['place']['country'].lower())
            self.assertNotEqual(m.group(1), 'xx', 'the seeds are all placed')
            self.assertIn(ev['doc']['sha256'], shas)
            self.assertTrue(ev['sentence'])
            self.assertIn('id', ev['story'])
            for k in ('acled', 'date', 'actors', 'casualties', 'claimed_by', 'sources'):
                self.assertIn(k, ev)
        # the topics carry real regions: the Kidal battles are under ev.ml.kidal.
        self.assertTrue(any(e['topic'].startswith('ev.ml.kidal.') for e in s.events))
        self.assertEqual(d.sql('PRAGMA integrity_check').strip(), 'ok')

    def test_region_and_keyword_deliver_exactly_the_matching_events(self):
        d = self.daemon().start()
        self.drop_seeds(d)
        every = self.query(d)
        self.assertGreater(len(every), 0)
        kidal = {e['seq'] for e in every if e['topic'].startswith('ev.ml.kidal.')}
        self.assertTrue(kidal and kidal != {e['seq'] for e in every},
                        'the seeds have events in and outside Kidal')
        for region in ('ml/kidal', 'كيدال', 'Kidal'):
            got = {e['seq'] for e in self.query(d, '--region', region)}
            self.assertEqual(got, kidal, region)
        self.assertEqual({e['seq'] for e in self.query(d, '--region', 'ml')},
                         {e['seq'] for e in every if e['topic'].startswith('ev.ml.')})
        self.assertEqual(self.query(d, '--region', 'ne/agadez'), [])
        # a keyword in either script: events with the actor, or whose
        # sentence names it (any spelling)
        by_actor = {e['seq'] for e in every if any(a['id'] == 'wagner' for a in e['actors'])}
        named = {e['seq'] for e in every if has_word(e['sentence'], 'فاغنر') or
                 has_word(e['sentence'], 'فاجنر')}
        wagner = {e['seq'] for e in self.query(d, '--keyword', 'فاغنر')}
        self.assertTrue(wagner and wagner != {e['seq'] for e in every})
        self.assertEqual(wagner, by_actor | named)
        self.assertEqual({e['seq'] for e in self.query(d, '--keyword', 'wagner')}, wagner)
        # different kinds narrow: Kidal and Wagner
        self.assertEqual({e['seq'] for e in self.query(d, '--region', 'ml/kidal',
                                                      '--keyword', 'فاغنر')},
                         kidal & wagner)
        # the live subscription filters the same way
        s = self.sub(d, '--region', 'ml/kidal', '--since', '0')
        s.wait_count(len(kidal))
        time.sleep(0.5)
        self.assertEqual(set(s.seqs()), kidal)

    def test_unknown_region_is_a_usage_error(self):
        d = self.daemon().start()
        out = run_client('sub', '--replay', d.replay, '--region', 'zz/nowhere')
        self.assertEqual(out.returncode, 2)
        self.assertIn('unknown region', out.stderr)

    def test_written_in_place_and_renamed_both_count(self):
        d = self.daemon().start()
        seeds = seed_files()
        for name, seed, how in (('in-place.txt', seeds[0], 'write'),
                                ('renamed.txt', seeds[1], 'rename')):
            with open(seed, 'rb') as f:
                d.drop(name, f.read(), how=how)
        wait_for(lambda: d.sql('SELECT count(*) FROM documents').strip() == '2',
                 what='both files')
        paths = d.sql('SELECT path FROM documents ORDER BY path')
        self.assertIn('in-place.txt', paths)
        self.assertIn('renamed.txt', paths)

    def test_names_being_written_are_ignored(self):
        d = self.daemon().start()
        body = read_bytes(seed_files()[0])
        for name in ('.hidden', 'draft.tmp', 'upload.part', 'backup.txt~'):
            d.drop(name, body, how='write')
        d.drop('real.txt', read_bytes(seed_files()[1]))
        wait_for(lambda: d.sql('SELECT count(*) FROM documents').strip() == '1')
        time.sleep(0.5)
        self.assertEqual(d.sql('SELECT path FROM documents').count('\n'), 1)
        self.assertIn('real.txt', d.sql('SELECT path FROM documents'))

    def test_same_content_twice_is_processed_once(self):
        d = self.daemon().start()
        body = read_bytes(seed_files()[3])
        d.drop('first.txt', body)
        wait_for(lambda: d.sql('SELECT count(*) FROM documents').strip() == '1')
        events = d.sql('SELECT count(*) FROM events').strip()
        d.drop('second.txt', body)
        wait_for(lambda: 'second.txt' in d.sql("SELECT path FROM files WHERE "
                                                 "status = 'duplicate'"))
        self.assertEqual(d.sql('SELECT count(*) FROM documents').strip(), '1')
        self.assertEqual(d.sql('SELECT count(*) FROM events').strip(), events)
        self.assertIn('not processed again', d.log())

    def test_restart_processes_only_new_files(self):
        d = self.daemon().start()
        self.drop_seeds(d)
        last = d.last_seq()
        self.assertEqual(d.stop(), 0)
        # one new file while it was down
        with open(seed_files()[0], 'rb') as f:
            d.drop('new.txt', f.read().replace('جدّدت'.encode(), b'\xd8\xac'))
        before = d.log().count('ingest:')
        d.start()
        wait_for(lambda: d.sql('SELECT count(*) FROM documents').strip() == '6')
        time.sleep(0.5)
        lines = d.log().count('ingest:') - before
        self.assertEqual(lines, 1, 'only the new file is processed after restart')
        self.assertGreater(d.last_seq(), last, 'seqs continue')
        seqs = [int(x) for x in d.sql('SELECT seq FROM events ORDER BY seq').split()]
        self.assertEqual(seqs, list(range(1, len(seqs) + 1)))

    def test_sighup_with_broken_config_keeps_running(self):
        d = self.daemon().start()
        good = read_bytes(d.conf).decode()
        d.write_config(good + '[watch]\nbogus_key = 1\n')
        d.send(signal.SIGHUP)
        wait_for(lambda: 'reload refused' in d.log(), what='the refusal')
        self.assertRegex(d.log(), r'raqibd\.conf:\d+: ')
        self.assertTrue(d.alive())
        d.write_config(good.replace("lexicon = ", "lexicon = /nonexistent"))
        d.send(signal.SIGHUP)
        wait_for(lambda: d.log().count('reload refused') == 2)
        self.assertIn('lexicon', d.log().split('reload refused')[-1])
        self.assertTrue(d.alive())
        # and it still works
        d.drop('after.txt', read_bytes(seed_files()[2]))
        wait_for(lambda: d.sql('SELECT count(*) FROM documents').strip() == '1')
        d.write_config(good.replace('level = info', 'level = debug'))
        d.send(signal.SIGHUP)
        wait_for(lambda: 'reloaded' in d.log())
        self.assertEqual(d.stop(), 0, 'SIGTERM exits 0')

    def test_config_check(self):
        d = self.daemon()
        out = subprocess.run([RAQIBD, '-n', '-c', d.conf], capture_output=True, text=True)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn('configuration OK', out.stderr)
        self.assertIn('heartbeat_seconds = 1', out.stdout)
        d.write_config('[watch]\ndir = x\n[publish]\nheartbeat_seconds = soon\n')
        out = subprocess.run([RAQIBD, '-n', '-c', d.conf], capture_output=True, text=True)
        self.assertEqual(out.returncode, 1)
        self.assertRegex(out.stderr, r'raqibd\.conf:4: heartbeat_seconds: "soon" is not a number')
        d.write_config('')
        # every key has a default, and -n checks what start-up would: the
        # default watch folder, ../seeds beside the config, must exist
        out = subprocess.run([RAQIBD, '-n', '-c', d.conf], capture_output=True, text=True)
        self.assertEqual(out.returncode, 1)
        self.assertIn('[watch] dir', out.stderr)
        os.makedirs(os.path.join(os.path.dirname(d.tmp), 'seeds'))
        out = subprocess.run([RAQIBD, '-n', '-c', d.conf], capture_output=True, text=True)
        self.assertEqual(out.returncode, 0, 'an empty file is valid: every key has a default')

    def test_non_loopback_without_curve_is_refused(self):
        d = self.daemon(publish={'endpoint': 'tcp://0.0.0.0:%d' % 7999})
        d.start(ready=False)
        rc = d.proc.wait(10)
        self.assertNotEqual(rc, 0)
        self.assertIn('without CURVE', d.log())
        d2 = self.daemon('d2', publish={'endpoint': 'tcp://0.0.0.0:%d' % d.port,
                                        'allow_insecure': 'yes'})
        d2.start()
        self.assertTrue(d2.alive())


if __name__ == '__main__':
    unittest.main(verbosity=2)
