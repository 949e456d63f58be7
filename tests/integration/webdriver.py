"""A W3C WebDriver client for Debian's chromium-driver, standard library
only: a real headless Chromium for the map's tests."""
import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

from harness import free_port, wait_for, SLOW

CHROMEDRIVER = shutil.which('chromedriver') or '/usr/bin/chromedriver'
CHROMIUM = shutil.which('chromium') or '/usr/bin/chromium'


def available():
    return os.access(CHROMEDRIVER, os.X_OK) and os.access(CHROMIUM, os.X_OK)


class Browser:
    def __init__(self, width=1400, height=900):
        self.port = free_port()
        self.profile = tempfile.mkdtemp(prefix='raqib-chromium-')
        self.log = open(os.path.join(self.profile, 'chromedriver.log'), 'w')
        self.proc = subprocess.Popen([CHROMEDRIVER, '--port=%d' % self.port],
                                     stdout=self.log, stderr=subprocess.STDOUT)
        self.base = 'http://127.0.0.1:%d' % self.port
        wait_for(self._ready, 20, 'chromedriver')
        # DevTools over a pipe, not ws://localhost:PORT: a machine without
        # /etc/hosts (a fresh debootstrap) cannot resolve localhost, and
        # chromedriver then fails with "unable to connect to renderer"
        caps = {'capabilities': {'alwaysMatch': {
            'browserName': 'chrome',
            'goog:chromeOptions': {
                'binary': CHROMIUM,
                'args': ['--headless=new', '--no-sandbox', '--disable-gpu',
                         '--disable-dev-shm-usage', '--no-first-run',
                         '--remote-debugging-pipe',
                         '--user-data-dir=' + os.path.join(self.profile, 'p'),
                         '--window-size=%d,%d' % (width, height)],
            }}}}
        self.session = self._call('POST', '/session', caps, timeout=60)['sessionId']

    def _ready(self):
        try:
            return self._call('GET', '/status', timeout=2)['ready']
        except (OSError, urllib.error.URLError):
            return False

    def _call(self, method, path, body=None, timeout=30):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={'Content-Type': 'application/json'})
        try:
            with urllib.request.urlopen(req, timeout=timeout * SLOW) as r:
                return json.loads(r.read())['value']
        except urllib.error.HTTPError as e:
            raise AssertionError('webdriver %s %s: %s' % (method, path, e.read()[:500]))

    def _s(self, method, path, body=None):
        return self._call(method, '/session/%s%s' % (self.session, path), body)

    def get(self, url):
        self._s('POST', '/url', {'url': url})

    def js(self, script, *args):
        return self._s('POST', '/execute/sync', {'script': script, 'args': list(args)})

    def screenshot(self, path):
        with open(path, 'wb') as f:
            f.write(base64.b64decode(self._s('GET', '/screenshot')))

    def logs(self):
        try:
            return self._s('POST', '/se/log', {'type': 'browser'})
        except AssertionError:
            return []

    def close(self):
        try:
            self._call('DELETE', '/session/' + self.session, timeout=10)
        except Exception:
            pass
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()
        shutil.rmtree(self.profile, ignore_errors=True)
