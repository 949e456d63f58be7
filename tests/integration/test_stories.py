"""Stories through the real daemon and client: ten reports of one incident
are one story with an update each time the toll or the claim changes; an
article counts once, with its own toll, and "dozens" is no update;
another incident in the same town on another day is another story; copies
(re-encoded, CRLF, one word changed) raise no alert; a store made before
stories opens and keeps its events."""
import json
import os
import subprocess
import unittest

from harness import DaemonTest, run_client, wait_for

HERE = os.path.dirname(os.path.abspath(__file__))
STORIES = os.path.join(HERE, 'stories')


def report(name):
    with open(os.path.join(STORIES, name), encoding='utf-8') as f:
        return f.read()


def figures(ev):
    return [(f['kind'], f['now'], f['was'])
            for f in (ev['story']['update'] or {}).get('figures', [])]


class StoryTest(DaemonTest):
    def setUp(self):
        super().setUp()
        self.d = self.daemon().start()
        self.all = self.sub(self.d, '--since', '0')

    def feed(self, names):
        """Drops each report and waits for its event, so that they reach
        the story in order, as a day's wires do."""
        events = []
        for name in names:
            n = len(self.all.seqs())
            self.d.drop(name, report(name))
            self.all.wait_count(n + 1, 20)
            with self.all.lock:
                events.append(self.all.events[-1])
        return events


class OneIncident(StoryTest):
    def test_ten_reports_one_story_and_its_updates(self):
        names = ['r%02d.txt' % i for i in range(1, 11)]
        evs = self.feed(names)
        ids = {e['story']['id'] for e in evs}
        self.assertEqual(ids, {evs[0]['seq']}, 'one story, named by its first seq')
        self.assertEqual([e['story']['first'] for e in evs], [True] + [False] * 9)
        self.assertEqual([e['story']['reports'] for e in evs], list(range(1, 11)))
        ups = {n: e['story']['update'] for n, e in zip(names, evs)}
        # the toll revisions, with the previous values
        self.assertEqual(figures(evs[3]), [('killed', 41, 22)])
        self.assertEqual(figures(evs[8]), [('killed', 45, 41)])
        # a new claimant
        self.assertEqual(ups['r06.txt']['changed'], ['claimed_by'])
        self.assertEqual(ups['r06.txt']['claimed_by'], {'now': ['jnim'], 'was': []})
        # the rest say nothing new
        for n in ['r02.txt', 'r03.txt', 'r05.txt', 'r07.txt', 'r08.txt', 'r10.txt']:
            self.assertIsNone(ups[n], n)
        # what the story knows: the latest figure and the range
        fig = [f for f in evs[-1]['story']['figures'] if f['kind'] == 'killed'][0]
        self.assertEqual((fig['latest'], fig['min'], fig['max']), (45, 22, 45))
        self.assertIn('place: Ansongo', evs[1]['story']['why'])
        # why each event joined is in the store
        rows = self.d.sql('SELECT count(*), count(DISTINCT story) FROM story_reports')
        self.assertEqual(rows.strip(), '10|1')

        # people and sinks see the first report and the updates only
        out = run_client('sub', '--since', '0', '--count', '4', '--connect',
                         self.d.endpoint, '--replay', self.d.replay)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn('Update: Ambush — Ansongo, Mali — now 41 killed (was 22), 4 reports',
                      out.stdout)
        self.assertIn('now 45 killed (was 41), 9 reports', out.stdout)
        seqs = [int(l.split()[0][1:]) for l in out.stdout.splitlines() if l.startswith('#')]
        self.assertEqual(seqs, [evs[i]['seq'] for i in (0, 3, 5, 8)])
        new = self.sub(self.d, '--since', '0', '--stories', 'new')
        upd = self.sub(self.d, '--since', '0', '--stories', 'updates')
        upd.wait_count(4)
        new.wait_count(1)
        self.assertEqual(upd.seqs(), seqs)
        self.assertEqual(new.seqs(), [evs[0]['seq']])

        # raqib query --stories: the reports and the figures over time
        out = run_client('query', '--stories', '--json', '--replay', self.d.replay)
        self.assertEqual(out.returncode, 0, out.stderr)
        stories = [json.loads(l) for l in out.stdout.splitlines()]
        self.assertEqual(len(stories), 1)
        self.assertEqual([r['seq'] for r in stories[0]['reports']], [e['seq'] for e in evs])
        self.assertEqual([h['value'] for h in stories[0]['history']],
                         [22, 22, 22, 41, 41, 41, 41, 41, 45, 45])
        self.assertEqual(stories[0]['reports'][0]['outlet'], 'r01')
        text = run_client('query', '--stories', '--replay', self.d.replay).stdout
        self.assertIn('latest 45, range 22-45', text)

    def test_same_town_other_days_are_other_stories(self):
        evs = self.feed(['r01.txt', 'r02.txt', 'other-day.txt', 'market.txt', 'r04.txt'])
        first, again, other, market, toll = evs
        self.assertEqual(again['story']['id'], first['story']['id'])
        self.assertTrue(other['story']['first'])
        self.assertTrue(market['story']['first'])
        self.assertEqual(len({first['story']['id'], other['story']['id'],
                              market['story']['id']}), 3)
        self.assertIn('different days', other['story']['why'])
        # the undated toll revision belongs to the ambush it names
        self.assertIn(toll['story']['id'], {first['story']['id'], other['story']['id']})
        self.assertEqual(figures(toll)[0][1], 41)


class OneArticle(StoryTest):
    def test_an_article_counts_once_and_dozens_are_no_update(self):
        first, dozens, history = self.feed(['r01.txt', 'dozens.txt',
                                            'toll-history.txt'])
        self.assertEqual({e['story']['id'] for e in (first, dozens, history)},
                         {first['seq']})
        # dozens wounded: the story keeps them, but no figure changed
        self.assertIsNone(dozens['story']['update'])
        wounded = [f for f in dozens['story']['figures'] if f['kind'] == 'wounded']
        self.assertEqual(wounded[0]['latest'], 'عشرات')
        # the article's toll, not the history of tolls it recalls (22, 30)
        self.assertEqual(figures(history), [('killed', 41, 22)])
        killed = [f for f in history['story']['figures'] if f['kind'] == 'killed']
        self.assertEqual((killed[0]['latest'], killed[0]['max']), (41, 41))


class Copies(StoryTest):
    def test_copies_raise_no_alert(self):
        text = report('r01.txt')
        (orig,) = self.feed(['r01.txt'])
        upd = self.sub(self.d, '--since', '0', '--stories', 'updates')
        upd.wait_count(1)
        # the same text in other bytes: the document already stored
        self.d.drop('cp1256.txt', text.encode('cp1256'))
        self.d.drop('utf16.txt', text.encode('utf-16'))
        self.d.drop('crlf.txt', text.replace('\n', '\r\n') + '\r\n')
        wait_for(lambda: self.d.log().count('has the text of a stored document') == 3,
                 20, 'three copies recognised')
        # one word changed: a near-copy joins the original's story
        n = len(self.all.seqs())
        self.d.drop('edited.txt', text.replace('أمنية', 'عسكرية'))
        self.all.wait_count(n + 1)
        with self.all.lock:
            copy = self.all.events[-1]
        self.assertEqual(copy['story']['id'], orig['story']['id'])
        self.assertIsNone(copy['story']['update'])
        self.assertEqual(copy['story']['copy_of']['seq'], orig['seq'])
        self.assertGreater(copy['story']['copy_of']['similarity'], 0.5)
        self.assertIn('near-copy', copy['story']['why'])
        # a later report proves the feed is past them: still one alert
        (later,) = self.feed(['r04.txt'])
        upd.wait_count(2)
        self.assertEqual(upd.seqs(), [orig['seq'], later['seq']])
        self.assertEqual(self.d.sql('SELECT count(*) FROM documents').strip(), '3')


class Migration(DaemonTest):
    def test_a_store_from_before_stories_opens_and_keeps_its_events(self):
        d = self.daemon().start()
        all_ = self.sub(d, '--since', '0')
        d.drop('r01.txt', report('r01.txt'))
        all_.wait_count(1)
        all_.stop()
        self.assertEqual(d.stop(), 0)
        # what main's raqibd makes: schema version 1, no story tables
        subprocess.run(['sqlite3', d.store, 'DROP TABLE stories; DROP TABLE '
                        'story_reports; DROP TABLE doc_prints; DROP TABLE doc_bands; '
                        'PRAGMA user_version = 1;'], check=True)
        d.start(ready=False)
        wait_for(lambda: d.sql('PRAGMA user_version').strip() == '2', 20,
                 'the store to be migrated')
        s = self.sub(d, '--since', '0')
        d.drop('r04.txt', report('r04.txt'))
        s.wait_count(2)
        self.assertEqual(len(self.query(d)), 2)
        with s.lock:
            self.assertEqual(s.events[0]['story']['id'], s.events[0]['seq'])
            self.assertIsNotNone(s.events[1]['story']['why'])


if __name__ == '__main__':
    unittest.main()
