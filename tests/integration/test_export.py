"""Exports: raqib query --format csv|geojson, and raqibd's /events.geojson
and /events/stream, read back the way analysts' tools read them."""
import csv
import http.client
import io
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import DaemonTest, SLOW, needs, run_client, seed_files, wait_for

ACLED = ['event_id_cnty', 'event_date', 'year', 'time_precision', 'disorder_type',
         'event_type', 'sub_event_type', 'actor1', 'assoc_actor_1', 'actor2',
         'assoc_actor_2', 'interaction', 'civilian_targeting', 'iso', 'region',
         'country', 'admin1', 'admin2', 'admin3', 'location', 'latitude', 'longitude',
         'geo_precision', 'source', 'source_scale', 'notes', 'fatalities', 'tags',
         'timestamp']
RAQIB_COLS = ['seq', 'story', 'claimed_by', 'wounded', 'kidnapped', 'captured',
              'sentence_ar', 'doc_sha256']
SOFFICE = shutil.which('soffice') or shutil.which('libreoffice')
FILTERS = [('--region', 'ml/kidal'), ('--region', 'ml'), ('--type', 'armed_clash'),
           ('--keyword', 'فاغنر'), ('--actor', 'jnim'), ('--min-killed', '10'),
           ('--since', '5')]


def check_rfc7946(test, doc):
    """The rules of RFC 7946 a reader relies on."""
    test.assertEqual(doc['type'], 'FeatureCollection')
    test.assertNotIn('crs', doc, 'RFC 7946 removed crs: WGS 84 only')
    for f in doc['features']:
        test.assertEqual(f['type'], 'Feature')
        g = f['geometry']
        test.assertEqual(g['type'], 'Point')
        lon, lat = g['coordinates']
        test.assertTrue(-180 <= lon <= 180 and -90 <= lat <= 90, g)
        p = f['properties']
        test.assertIsInstance(p, dict)
        # longitude first: the event's own lon, lat
        test.assertAlmostEqual(lon, p['place']['lon'], places=4)
        test.assertAlmostEqual(lat, p['place']['lat'], places=4)
        for k in ('seq', 'type', 'sentence', 'summary', 'fatalities'):
            test.assertIn(k, p)


class ExportTest(DaemonTest):

    def seeded(self, **keys):
        d = self.daemon(**keys).start()
        for p in seed_files():
            with open(p, 'rb') as f:
                d.drop(os.path.basename(p), f.read())
        wait_for(lambda: d.sql('SELECT count(*) FROM documents').strip() == '5',
                 what='the five seeds to be stored')
        return d

    def export(self, d, fmt, *args):
        out = run_client('query', '--format', fmt, '--replay', d.replay, *args)
        self.assertEqual(out.returncode, 0, out.stderr)
        return out


class Csv(ExportTest):

    def test_acled_columns_rows_and_arabic_read_back(self):
        d = self.seeded()
        events = self.query(d)
        out = self.export(d, 'csv')
        self.assertTrue(out.stdout.startswith(','.join(ACLED + RAQIB_COLS)))
        rows = list(csv.DictReader(io.StringIO(out.stdout, newline='')))
        self.assertEqual(list(rows[0].keys()), ACLED + RAQIB_COLS)
        self.assertEqual([int(r['seq']) for r in rows], [e['seq'] for e in events])
        for r, e in zip(rows, events):
            self.assertEqual(r['sentence_ar'], e['sentence'], 'Arabic intact')
            self.assertEqual(r['doc_sha256'], e['doc']['sha256'])
            self.assertEqual(r['event_type'], e['acled']['event_type'] or '')
            self.assertEqual(r['country'], e['place']['country_name'] or '')
            self.assertEqual(r['iso'], '466' if e['place']['country'] == 'ML' else r['iso'])
            self.assertEqual(int(r['year']), int(r['event_date'][:4]))
            self.assertIn(r['time_precision'], ('1', '2', '3'))
            self.assertIn(r['geo_precision'], ('1', '2', '3'))
            self.assertTrue(r['event_id_cnty'].endswith(str(e['seq'])))
            if e['place']['lat'] is not None:
                self.assertAlmostEqual(float(r['latitude']), e['place']['lat'], 4)
                self.assertAlmostEqual(float(r['longitude']), e['place']['lon'], 4)
            self.assertGreaterEqual(int(r['fatalities']), 0)
        # the Tinzaouaten battle: "dozens" (عشرات) of Wagner killed is 10
        tinza = [r for r in rows if r['location'] == 'Tinzaouaten' and
                 r['sub_event_type'] == 'Armed clash']
        self.assertTrue(tinza)
        self.assertTrue(all(r['region'] == 'Western Africa' for r in rows
                            if r['country'] == 'Mali'))

    def test_every_filter_gives_the_rows_json_gives(self):
        d = self.seeded()
        for flag, value in FILTERS:
            want = [e['seq'] for e in self.query(d, flag, value)]
            out = self.export(d, 'csv', flag, value)
            got = [int(r['seq']) for r in csv.DictReader(io.StringIO(out.stdout,
                                                                     newline=''))]
            self.assertEqual(got, want, '%s %s' % (flag, value))
        self.assertTrue(any(self.query(d, f, v) != self.query(d) for f, v in FILTERS),
                        'the filters select')

    def test_sqlite3_imports_it(self):
        d = self.seeded()
        events = self.query(d)
        path = os.path.join(self.tmp, 'events.csv')
        with open(path, 'w', encoding='utf-8', newline='') as f:
            f.write(self.export(d, 'csv').stdout)
        db = os.path.join(self.tmp, 'import.db')
        subprocess.run(['sqlite3', db, '.import --csv %s acled' % path], check=True,
                       capture_output=True, text=True)
        con = sqlite3.connect(db)
        cols = [r[1] for r in con.execute('PRAGMA table_info(acled)')]
        self.assertEqual(cols, ACLED + RAQIB_COLS)
        got = con.execute('SELECT seq, sentence_ar FROM acled ORDER BY CAST(seq AS '
                          'INTEGER)').fetchall()
        con.close()
        self.assertEqual([(str(e['seq']), e['sentence']) for e in events], got)

    def test_since_a_time(self):
        d = self.seeded()
        n = len(self.query(d))
        self.assertEqual(len(self.query(d, '--since', '1h')), n)
        self.assertEqual(len(self.query(d, '--since', '2000-01-01')), n)
        self.assertEqual(self.query(d, '--since', '2099-01-01'), [])
        # stored later: only the new article's events
        time.sleep(1.1)
        mark = time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())
        d.drop('late.txt', 'قتل مسلحون خمسة جنود ماليين في كمين قرب كيدال يوم الأحد.\n')
        wait_for(lambda: d.sql('SELECT count(*) FROM documents').strip() == '6')
        late = self.query(d, '--since', mark)
        self.assertTrue(late)
        self.assertTrue(all(e['seq'] > n for e in late))
        for bad in ('yesterday', '2h30', '2024-13-01'):
            out = run_client('query', '--since', bad, '--replay', d.replay)
            self.assertEqual(out.returncode, 2, bad)
            self.assertIn('--since', out.stderr)
        out = run_client('query', '--format', 'xlsx', '--replay', d.replay)
        self.assertEqual(out.returncode, 2)


def xlsx_rows(path):
    """The first sheet of an .xlsx as rows of cell texts (numbers as
    written), from its XML: what Calc made of each cell."""
    ns = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}
    with zipfile.ZipFile(path) as z:
        shared = []
        if 'xl/sharedStrings.xml' in z.namelist():
            for si in ET.fromstring(z.read('xl/sharedStrings.xml')).findall('m:si', ns):
                shared.append(''.join(t.text or '' for t in si.iter(
                    '{%s}t' % ns['m'])))
        sheet = ET.fromstring(z.read('xl/worksheets/sheet1.xml'))
    rows = []
    for row in sheet.find('m:sheetData', ns).findall('m:row', ns):
        cells = {}
        for c in row.findall('m:c', ns):
            letters = re.match(r'[A-Z]+', c.get('r')).group(0)
            col = 0
            for ch in letters:
                col = col * 26 + ord(ch) - ord('A') + 1
            v = c.find('m:v', ns)
            if c.get('t') == 's':
                cells[col - 1] = shared[int(v.text)]
            elif c.get('t') == 'inlineStr':
                cells[col - 1] = ''.join(t.text or '' for t in c.iter('{%s}t' % ns['m']))
            elif v is not None:
                cells[col - 1] = float(v.text)
        rows.append([cells.get(i, '') for i in range(max(cells) + 1 if cells else 0)])
    return rows


@needs(SOFFICE, 'LibreOffice Calc (libreoffice-calc-nogui) is not installed')
class LibreOffice(ExportTest):
    """The CSV as an analyst opens it: LibreOffice Calc's CSV import
    (comma, double quote, UTF-8), saved as .xlsx and read back cell by cell."""

    def test_calc_reads_columns_rows_and_arabic(self):
        d = self.seeded()
        events = self.query(d)
        path = os.path.join(self.tmp, 'events.csv')
        with open(path, 'w', encoding='utf-8', newline='') as f:
            f.write(self.export(d, 'csv').stdout)
        out_dir = os.path.join(self.tmp, 'calc')
        # a profile of its own: no other soffice's lock or settings
        profile = 'file://' + os.path.join(self.tmp, 'lo-profile')
        r = subprocess.run([SOFFICE, '-env:UserInstallation=' + profile, '--headless',
                            '--infilter=CSV:44,34,76,1', '--convert-to', 'xlsx',
                            '--outdir', out_dir, path], capture_output=True,
                           text=True, timeout=300 * SLOW)
        xlsx = os.path.join(out_dir, 'events.xlsx')
        self.assertTrue(os.path.exists(xlsx), 'soffice: %s %s' % (r.stdout, r.stderr))
        rows = xlsx_rows(xlsx)
        self.assertEqual(rows[0], ACLED + RAQIB_COLS)
        self.assertEqual(len(rows) - 1, len(events))
        sentence = rows[0].index('sentence_ar')
        for row, e in zip(rows[1:], events):
            self.assertEqual(int(row[rows[0].index('seq')]), e['seq'])
            self.assertEqual(row[sentence], e['sentence'], 'Arabic intact')
            self.assertEqual(row[rows[0].index('doc_sha256')], e['doc']['sha256'])
            if e['place']['lat'] is not None:
                # a number to Calc, not text: the column sums and sorts
                self.assertAlmostEqual(row[rows[0].index('latitude')],
                                       e['place']['lat'], 4)
        self.assertTrue(any(re.search('[\u0600-\u06ff]', row[sentence])
                            for row in rows[1:]))


class GeoJson(ExportTest):

    def test_rfc7946_and_unlocated_events_counted(self):
        d = self.seeded()
        d.drop('nowhere.txt', 'قتل مسلحون خمسة جنود في كمين يوم الأحد.\n')
        wait_for(lambda: d.sql('SELECT count(*) FROM documents').strip() == '6')
        events = self.query(d)
        out = self.export(d, 'geojson')
        doc = json.loads(out.stdout)
        check_rfc7946(self, doc)
        located = [e['seq'] for e in events if e['place'] and e['place']['lat'] is not None]
        self.assertEqual([f['properties']['seq'] for f in doc['features']], located)
        missing = len(events) - len(located)
        self.assertGreater(missing, 0, 'an event without coordinates')
        self.assertIn('%d event(s) without coordinates' % missing, out.stderr)
        # with a filter
        want = [e['seq'] for e in self.query(d, '--region', 'ml/kidal')
                if e['place']['lat'] is not None]
        doc = json.loads(self.export(d, 'geojson', '--region', 'ml/kidal').stdout)
        self.assertEqual([f['properties']['seq'] for f in doc['features']], want)


def get(d, path, headers=None):
    req = urllib.request.Request('http://127.0.0.1:%d%s' % (d.hport, path),
                                 headers=headers or {})
    with urllib.request.urlopen(req, timeout=10 * SLOW) as r:
        return r.status, dict(r.headers), r.read()


class SseReader:
    """GET /events/stream; events as (id, data) as they come."""

    def __init__(self, d, path='/events/stream', headers=None):
        self.conn = http.client.HTTPConnection('127.0.0.1', d.hport, timeout=10 * SLOW)
        self.conn.request('GET', path, headers=headers or {})
        self.resp = self.conn.getresponse()

    def next(self):
        ident, data = None, []
        while True:
            line = self.resp.readline()
            if not line:
                raise AssertionError('the stream ended')
            line = line.decode('utf-8').rstrip('\n')
            if line == '':
                if data:
                    return int(ident), json.loads('\n'.join(data))
                continue
            if line.startswith('id: '):
                ident = line[4:]
            elif line.startswith('data: '):
                data.append(line[6:])

    def close(self):
        self.conn.close()


class Http(ExportTest):

    def test_events_geojson_filters(self):
        d = self.seeded()
        events = self.query(d)
        status, headers, body = get(d, '/events.geojson')
        self.assertEqual(status, 200)
        self.assertTrue(headers['Content-Type'].startswith('application/geo+json'))
        doc = json.loads(body)
        check_rfc7946(self, doc)
        located = [e for e in events if e['place']['lat'] is not None]
        self.assertEqual([f['properties']['seq'] for f in doc['features']],
                         [e['seq'] for e in located])
        for q, keep in (('region=ml/kidal', lambda e: e['topic'].startswith('ev.ml.kidal.')),
                        ('type=armed_clash,ambush', lambda e: e['type'] in ('armed_clash', 'ambush')),
                        ('since=5', lambda e: e['seq'] > 5)):
            doc = json.loads(get(d, '/events.geojson?' + q)[2])
            self.assertEqual([f['properties']['seq'] for f in doc['features']],
                             [e['seq'] for e in located if keep(e)], q)
        doc = json.loads(get(d, '/events.geojson?limit=2')[2])
        self.assertEqual([f['properties']['seq'] for f in doc['features']],
                         [e['seq'] for e in located][-2:], 'the newest two')
        for bad in ('limit=0', 'region=<x>', 'type=A;B', 'since=soon', 'colour=red'):
            with self.assertRaises(urllib.error.HTTPError) as cm:
                get(d, '/events.geojson?' + bad)
            self.assertEqual(cm.exception.code, 400, bad)
        self.assertTrue(d.alive())
        self.assertIn('/events.geojson', d.log())

    def test_stream_live_and_resumed(self):
        d = self.seeded()
        events = self.query(d)
        head = events[-1]['seq']
        s = SseReader(d, '/events/stream?after=%d' % (head - 2))
        self.assertEqual(s.resp.status, 200)
        self.assertTrue(s.resp.getheader('Content-Type').startswith('text/event-stream'))
        got = [s.next(), s.next()]
        self.assertEqual([i for i, _ in got], [head - 1, head])
        self.assertEqual(got[1][1], events[-1], 'one raqib.event/1 per event')
        # a new article arrives live
        d.drop('late.txt', 'قتل مسلحون خمسة جنود ماليين في كمين قرب كيدال يوم الأحد.\n')
        ident, ev = s.next()
        self.assertEqual(ident, head + 1)
        self.assertEqual(ev['seq'], head + 1)
        s.close()
        # a browser coming back says where it was
        s = SseReader(d, headers={'Last-Event-ID': str(head - 1)})
        self.assertEqual([s.next()[0], s.next()[0]], [head, head + 1])
        s.close()
        # filtered, and as features for the map
        s = SseReader(d, '/events/stream?after=0&region=ml/kidal&format=feature')
        i, f = s.next()
        self.assertEqual(f['type'], 'Feature')
        self.assertTrue(f['properties']['topic'].startswith('ev.ml.kidal.'))
        s.close()


def rss_kb(pid):
    with open('/proc/%d/status' % pid) as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1])
    return 0


class SlowReader(ExportTest):
    """A client that does not read costs the daemon a bounded buffer, not the
    whole answer; one that reads gets every event, in order."""

    def test_bounded_per_client(self):
        d = self.seeded()
        d.stop()
        # 40 MB of JSON: copies of the seeds' events
        one = int(d.sql('SELECT sum(length(json)) FROM events').strip())
        d.sql("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
              "WHERE i < %d) INSERT INTO events(doc_id, topic, type, story, "
              "place_key, received_at, json) SELECT doc_id, topic, type, story, "
              "place_key, received_at, json FROM n, (SELECT * FROM events "
              "ORDER BY seq); UPDATE events SET json = json_set(json, '$.seq', seq);"
              % ((40 << 20) // one))
        total = int(d.sql('SELECT count(*) FROM events').strip())
        data = int(d.sql('SELECT sum(length(json)) FROM events').strip())
        self.assertGreater(data, 30 << 20)
        # ASan keeps freed memory in quarantine: that is not what is measured
        asan = os.environ.get('ASAN_OPTIONS')
        if asan is not None:
            os.environ['ASAN_OPTIONS'] = asan + ':quarantine_size_mb=0'
        try:
            d.start()
        finally:
            if asan is not None:
                os.environ['ASAN_OPTIONS'] = asan

        def up():
            try:
                return get(d, '/healthz')[0] == 200
            except OSError:
                return False
        wait_for(up, what='the restarted daemon')
        before = rss_kb(d.proc.pid)
        slow = []
        for path in ('/events/stream?after=0', '/events.geojson?limit=100000') * 2:
            s = socket.create_connection(('127.0.0.1', d.hport))
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            s.sendall(b'GET ' + path.encode() + b' HTTP/1.1\r\nHost: x\r\n\r\n')
            slow.append(s)
        time.sleep(2 * SLOW)
        grown = rss_kb(d.proc.pid) - before
        # (under AddressSanitizer too: its quarantine is off for this daemon)
        self.assertLess(grown, 24 << 10, 'four stalled clients grew the '
                        'daemon by %d KB for %d MB of events' % (grown, data >> 20))
        self.assertEqual(get(d, '/healthz')[0], 200, 'the daemon still serves')
        s = SseReader(d, '/events/stream?after=0')
        for want in range(1, total + 1):
            ident, ev = s.next()
            self.assertEqual((ident, ev['seq']), (want, want))
        s.close()
        for c in slow:
            c.close()
        self.assertTrue(d.alive())
