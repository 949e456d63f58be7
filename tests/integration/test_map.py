"""The live map in a real headless Chromium (Debian's chromium and
chromium-driver): markers for the stored events, a new article's without a
reload, and hostile article text that stays text. A screenshot is kept in
$RAQIB_ARTIFACTS (build/artifacts under CTest)."""
import json
import os
import sys
import time
import unittest
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import DaemonTest, ROOT, SLOW, needs, seed_files, wait_for
import webdriver

ARTIFACTS = os.environ.get('RAQIB_ARTIFACTS', os.path.join(ROOT, 'build', 'artifacts'))
LEAFLET = '/usr/share/javascript/leaflet/leaflet.js'

HOSTILE = ('هجوم على كيدال\n\nقتل مسلحون خمسة جنود ماليين في كمين قرب كيدال يوم الأحد '
           '<script>window.__pwned=1</script> <img src=x onerror="window.__pwned=2"> '
           '</li></ol><b id="injected">bold</b> حسب مصادر محلية.\n')
SIXTH = ('كمين في ميناكا\n\nقتل مسلحون ثلاثة جنود نيجريين في كمين قرب ميناكا '
         'يوم الاثنين، حسب مصادر أمنية.\n')


@needs(webdriver.available() and os.path.exists(LEAFLET),
       'needs chromium, chromium-driver and libjs-leaflet (tools/setup --test)')
class Map(DaemonTest):

    def setUp(self):
        super().setUp()
        self.browser = None

    def tearDown(self):
        if self.browser is not None:
            self.browser.close()
        super().tearDown()

    def located(self, d):
        with urllib.request.urlopen('http://127.0.0.1:%d/events.geojson' % d.hport,
                                    timeout=10 * SLOW) as r:
            return [f['properties']['seq'] for f in json.loads(r.read())['features']]

    def markers(self):
        return self.browser.js(
            "return Array.from(document.querySelectorAll('path.raqib-marker'))"
            ".map(p => Number(p.getAttribute('data-seq'))).sort((a, b) => a - b)")

    def test_markers_live_updates_and_hostile_text(self):
        d = self.daemon().start()
        for p in seed_files():
            with open(p, 'rb') as f:
                d.drop(os.path.basename(p), f.read())
        wait_for(lambda: d.sql('SELECT count(*) FROM documents').strip() == '5')
        located = self.located(d)
        self.assertGreater(len(located), 5)
        self.browser = webdriver.Browser()
        self.browser.get('http://127.0.0.1:%d/map' % d.hport)
        # a marker for each located event
        wait_for(lambda: self.markers() == located, 20, 'a marker per located event')
        wait_for(lambda: self.browser.js(
            "return document.getElementById('status').textContent.startsWith('live')"),
            10, 'the stream to open')
        self.assertEqual(self.browser.js(
            "return document.querySelectorAll('#list li').length"), len(located))
        # a sixth article appears without a reload
        t0 = time.monotonic()
        d.drop('sixth.txt', SIXTH)
        wait_for(lambda: len(self.markers()) > len(located), 10, 'the sixth article')
        print('sixth article on the map after %.2f s' % (time.monotonic() - t0))
        located = self.located(d)
        self.assertEqual(self.markers(), located)
        # hostile text: shown as text, never run or parsed
        d.drop('hostile.txt', HOSTILE)
        wait_for(lambda: len(self.markers()) > len(located), 10, 'the hostile article')
        seq = max(self.markers())
        b = self.browser
        self.assertIsNone(b.js('return window.__pwned === undefined ? null : window.__pwned'))
        self.assertEqual(b.js("return document.querySelectorAll('img[src=\"x\"], #injected')"
                              ".length"), 0)
        self.assertEqual(b.js("return document.scripts.length"), 2)
        item = b.js("return document.querySelector('#list li[data-seq=\"%d\"]').textContent"
                    % seq)
        self.assertIn('<script>window.__pwned=1</script>', item)
        # the click shows the detail: sentence, summary, actors, figures
        b.js("document.querySelector('#list li[data-seq=\"%d\"]').click()" % seq)
        wait_for(lambda: b.js("return !!document.querySelector('.leaflet-popup .popup')"),
                 5, 'the popup')
        popup = b.js("return document.querySelector('.leaflet-popup .popup').textContent")
        self.assertIn('<img src=x onerror="window.__pwned=2">', popup)
        self.assertIn('Armed clash', popup)
        self.assertIn('Malian Armed Forces (FAMa)', popup)
        self.assertIn('killed', popup)
        self.assertEqual(b.js("return document.querySelector('.leaflet-popup .ar').dir"), 'rtl')
        self.assertIsNone(b.js('return window.__pwned === undefined ? null : window.__pwned'))
        self.assertEqual(b.js('return window.raqib.violations'), [],
                         'nothing the Content-Security-Policy had to block')
        b.js("document.querySelector('.leaflet-popup-close-button').click()")
        # Arabic runs right to left in the list too
        self.assertEqual(b.js("return getComputedStyle(document.querySelector("
                              "'#list li .ar')).direction"), 'rtl')
        # the filters: a type, then a country, then all again
        with urllib.request.urlopen('http://127.0.0.1:%d/events.geojson' % d.hport,
                                    timeout=10 * SLOW) as r:
            feats = [f['properties'] for f in json.loads(r.read())['features']]
        for sel, key in (('type', lambda p: p['type']),
                         ('country', lambda p: p['place']['country'])):
            value = key(feats[0])
            b.js("const s = document.getElementById(arguments[0]); s.value = arguments[1];"
                 "s.dispatchEvent(new Event('change'))", sel, value)
            want = sorted(p['seq'] for p in feats if key(p) == value)
            self.assertEqual(self.markers(), want, '%s = %s' % (sel, value))
            self.assertEqual(b.js("return Array.from(document.querySelectorAll('#list li'))"
                                  ".filter(li => !li.hidden).length"), len(want))
            b.js("const s = document.getElementById(arguments[0]); s.value = '';"
                 "s.dispatchEvent(new Event('change'))", sel)
        self.assertEqual(self.markers(), sorted(p['seq'] for p in feats))
        self.assertTrue(d.alive())
        os.makedirs(ARTIFACTS, exist_ok=True)
        b.js("map.setView([16, 0], 5)")    # the theatre, as the page opens
        time.sleep(0.5)
        shot = os.path.join(ARTIFACTS, 'map.png')
        b.screenshot(shot)
        print('screenshot:', shot)


if __name__ == '__main__':
    unittest.main()
