"""Hostile input in the inbox: legacy encodings that must be decoded, bytes
that must be rejected, odd files and odd names, a flood of files. After
each: raqibd is still up and still works, the rejection is logged with its
reason and recorded in the store, and nothing stored before is lost."""
import hashlib
import os
import signal
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import SLOW, wait_for
from reliability import CheckedTest, _state, article, count, integrity, rows, seeds, start_again


def shown(name):
    """A file name as raqibd shows it: bytes that are not UTF-8, and
    control characters, as \\xNN."""
    b = os.fsencode(name)
    out, i = [], 0
    while i < len(b):
        c = None
        for n in (1, 2, 3, 4):
            try:
                c = b[i:i + n].decode('utf-8')
                break
            except UnicodeDecodeError:
                pass
        if c is None or ord(c) < 0x20 or ord(c) == 0x7f:
            out.append('\\x%02x' % b[i])
            i += 1
        else:
            out.append(c)
            i += n
    return ''.join(out)


def sha(data):
    return hashlib.sha256(data).hexdigest()


def seed_text(i):
    return seeds()[i].decode('utf-8')


class Hostile(CheckedTest):
    MAX = 16384                         # max_file_bytes: the seeds fit

    def setUp(self):
        super().setUp()
        self.d = self.daemon(watch={'max_file_bytes': str(self.MAX)}).start()
        self.n = 1000
        self.good('already-stored.txt')
        self.kept = self.shas()

    def shas(self):
        return {r[0] for r in rows(self.d, 'SELECT sha256 FROM documents')}

    def path(self, name):
        return os.path.join(os.fsencode(self.d.inbox), os.fsencode(name))

    def put(self, name, data, how='rename'):
        return self.d.drop(name, data, how)

    def good(self, name=None):
        """A new valid article: stored, and giving events."""
        d = self.d
        self.n += 1
        docs, events = count(d, 'documents'), count(d, 'events')
        name = name or 'good-%d.txt' % self.n
        d.drop(name, article(self.n))
        wait_for(lambda: count(d, 'documents') == docs + 1, 20, 'the article ' + name)
        self.assertGreater(count(d, 'events'), events, 'a good article gives events')

    def survived(self):
        self.assertTrue(self.d.alive(), 'raqibd is still running')
        self.good()
        self.assertLessEqual(self.kept, self.shas(), 'nothing stored before was lost')
        self.assertTrue(self.d.alive())

    def rejection(self, name):
        return rows(self.d, 'SELECT reason, detail FROM rejections WHERE '
                    'CAST(path AS BLOB) = ?', self.path(name))

    def rejected(self, name, reason, timeout=20):
        """name was rejected for reason: a log line and a row in the store.
        Returns the detail."""
        wait_for(lambda: self.rejection(name), timeout, 'the rejection of %r' % name)
        got = self.rejection(name)
        self.assertEqual([r[0] for r in got], [reason], name)
        line = 'ingest: rejected %s: %s' % (shown(self.path(name)), reason)
        self.assertIn(line, self.d.log())
        self.assertEqual(count(self.d, 'documents', 'WHERE path = ?',
                               shown(self.path(name))), 0, 'and not stored')
        return got[0][1]

    def pause(self):
        """SIGSTOP: inotify events queue in the kernel meanwhile."""
        self.d.send(signal.SIGSTOP)
        wait_for(lambda: _state(self.d.proc.pid) in ('T', 't'), what='raqibd to stop')

    def resume(self):
        self.d.send(signal.SIGCONT)

    def restart(self):
        self.assertEqual(self.d.stop(), 0)
        start_again(self.d)


class Encodings(Hostile):
    """Arabic in legacy encodings is decoded to the same text, and so the
    same events, as UTF-8: its UTF-8 twin is the document already stored."""

    def decoded(self, name, data, encoding, text):
        from harness import RAQIB
        import json
        import subprocess
        d = self.d
        self.put(name, data)
        wait_for(lambda: count(d, 'files', 'WHERE path LIKE ?', '%/' + name) == 1, 20, name)
        self.put(name + '.utf8', text.encode('utf-8'))
        wait_for(lambda: count(d, 'files', 'WHERE path LIKE ?', '%/' + name + '%') == 2, 20,
                 name + ' and its UTF-8 twin')
        got = rows(d, 'SELECT encoding, bytes FROM documents WHERE path LIKE ?', '%/' + name)
        self.assertEqual(got, [(encoding, len(data))], name)
        self.assertEqual(rows(d, 'SELECT status FROM files WHERE path LIKE ?',
                              '%/' + name + '.utf8'), [('duplicate',)],
                         name + ': its UTF-8 twin is the same text')
        q = ("SELECT e.topic, e.type, json_extract(e.json, '$.sentence'), "
             "json_extract(e.json, '$.doc.encoding') FROM events e JOIN documents d "
             'ON d.id = e.doc_id WHERE d.path LIKE ? ORDER BY e.seq')
        events = rows(d, q, '%/' + name)
        r = subprocess.run([RAQIB, '-c', d.conf, 'extract', '--json',
                            os.fsdecode(self.path(name + '.utf8'))],
                           capture_output=True, timeout=60)
        twin = [(e['topic'], e['type'], e['sentence'])
                for e in json.loads(r.stdout.decode())['events']]
        self.assertTrue(events, name + ' gives events')
        self.assertEqual([e[:3] for e in events], twin,
                         name + ': the same events as the UTF-8 text')
        self.assertEqual({e[3] for e in events}, {encoding})
        self.assertEqual(count(d, 'rejections'), 0)
        self.survived()

    def test_windows_1256(self):
        for i in range(len(seeds())):
            with self.subTest(seed=i):
                t = seed_text(i)
                self.decoded('cp1256-%d.txt' % i, t.encode('cp1256'), 'windows-1256', t)

    def test_iso_8859_6(self):
        for i in range(len(seeds())):
            with self.subTest(seed=i):
                # it has no curly quotes, guillemets or ellipsis: left out
                b = seed_text(i).encode('iso8859_6', errors='ignore')
                self.decoded('iso-%d.txt' % i, b, 'ISO-8859-6', b.decode('iso8859_6'))

    def test_utf16le_with_bom(self):
        t = seed_text(3)
        self.decoded('le-bom.txt', b'\xff\xfe' + t.encode('utf-16-le'), 'UTF-16LE', t)

    def test_utf16be_with_bom(self):
        t = seed_text(3)
        self.decoded('be-bom.txt', b'\xfe\xff' + t.encode('utf-16-be'), 'UTF-16BE', t)

    def test_utf16le_without_bom(self):
        t = seed_text(2)
        self.decoded('le.txt', t.encode('utf-16-le'), 'UTF-16LE', t)

    def test_utf16be_without_bom(self):
        t = seed_text(2)
        self.decoded('be.txt', t.encode('utf-16-be'), 'UTF-16BE', t)

    def test_utf8_with_bom(self):
        t = seed_text(4)
        self.decoded('bom.txt', b'\xef\xbb\xbf' + t.encode('utf-8'), 'UTF-8', t)


class Rejects(Hostile):
    """Input that is not an article: rejected with a reason, never stored."""

    def test_png(self):
        self.put('photo.png', b'\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR' + os.urandom(4000))
        self.rejected('photo.png', 'binary')
        self.survived()

    def test_elf(self):
        with open('/bin/true', 'rb') as f:
            elf = f.read(self.MAX - 1)
        self.assertTrue(elf.startswith(b'\x7fELF'))
        self.put('program', elf)
        self.rejected('program', 'binary')
        self.survived()

    def test_invalid_utf8(self):
        t = seeds()[0]
        self.put('broken.txt', t[:1000] + b'\xff' + t[1000:2000] + b'\xc3\x28' + t[2002:])
        detail = self.rejected('broken.txt', 'undecodable')
        self.assertIn('UTF-8', detail)
        self.survived()

    def test_overlong_and_surrogate_utf8(self):
        t = seeds()[1]
        # an overlong '/', and a UTF-16 surrogate encoded in UTF-8
        self.put('overlong.txt', t[:500] + b'\xc0\xaf' + t[500:1500] + b'\xed\xa0\x80' + t[1500:])
        self.rejected('overlong.txt', 'undecodable')
        self.survived()

    def test_latin1_is_not_taken_for_an_arabic_encoding(self):
        # neither UTF-8 nor an Arabic charset: not stored as mojibake
        text = ('Le président a déclaré à la presse que la réunion était '
                'terminée et que les négociations reprendraient. ') * 20
        self.put('french.txt', text.encode('latin-1'))
        self.rejected('french.txt', 'undecodable')
        self.survived()

    def test_control_characters(self):
        self.put('controls.txt', bytes(range(1, 32)) * 40)
        self.rejected('controls.txt', 'binary')
        self.survived()

    def test_nul_bytes_in_text(self):
        t = seeds()[0]
        self.put('nul.txt', t[:800] + b'\x00\x00' + t[800:])
        self.rejected('nul.txt', 'binary')
        self.survived()

    def test_nul_bytes_after_a_utf8_bom(self):
        # found by fuzzing: the text once ended at the NUL while its length
        # did not, and the engine read past the copy
        t = seeds()[0]
        self.put('bom-nul.txt', b'\xef\xbb\xbf' + t[:800] + b'\x00' + t[800:])
        self.rejected('bom-nul.txt', 'undecodable')
        self.survived()

    def test_utf16_bom_then_garbage(self):
        self.put('bom-junk.txt', b'\xff\xfe' + bytes([0xd8, 0x00] * 200) + os.urandom(301))
        self.rejected('bom-junk.txt', 'undecodable')
        self.survived()

    def test_empty(self):
        self.put('empty.txt', b'')
        self.rejected('empty.txt', 'empty')
        self.put('empty-in-place.txt', b'', how='write')
        self.rejected('empty-in-place.txt', 'empty')
        self.survived()

    def test_too_large(self):
        big = (seeds()[4] + b'\n') * 2
        self.assertGreater(len(big), self.MAX)
        self.put('big.txt', big)
        self.rejected('big.txt', 'too_large')
        # a sparse 10 GB file: refused by its size, never read
        tmp = os.path.join(self.d.inbox, '.huge.part')
        with open(tmp, 'wb') as f:
            f.truncate(10 << 30)
        os.rename(tmp, os.path.join(self.d.inbox, 'huge.txt'))
        self.rejected('huge.txt', 'too_large')
        self.survived()

    def test_rejected_once_and_not_again_after_restart(self):
        self.put('empty.txt', b'')
        self.rejected('empty.txt', 'empty')
        self.restart()
        self.survived()
        self.assertEqual(len(self.rejection('empty.txt')), 1)


class OddFiles(Hostile):
    """Things in the inbox that are not plain files, or not there for long."""

    def outside(self, name, data):
        p = os.path.join(self.tmp, name)
        with open(p, 'wb') as f:
            f.write(data)
        return p

    def test_symlink_renamed_in_is_not_followed(self):
        target = self.outside('target.txt', article(1))
        link = os.path.join(self.tmp, 'link')
        os.symlink(target, link)
        os.rename(link, os.path.join(self.d.inbox, 'link.txt'))
        self.rejected('link.txt', 'symlink')
        self.survived()
        self.assertNotIn(sha(article(1)), self.shas(), 'the target was not read')

    def test_symlink_made_in_place_is_not_followed(self):
        # a symlink made in the inbox is never closed after writing: it is
        # found by the scan at start-up, and refused there
        target = self.outside('target.txt', article(2))
        os.symlink(target, os.path.join(self.d.inbox, 'direct.txt'))
        os.symlink('/etc/passwd', os.path.join(self.d.inbox, 'passwd.txt'))
        self.good()
        self.restart()
        self.rejected('direct.txt', 'symlink')
        self.rejected('passwd.txt', 'symlink')
        self.survived()
        self.assertNotIn(sha(article(2)), self.shas(), 'the target was not read')

    def test_fifo(self):
        fifo = os.path.join(self.tmp, 'fifo')
        os.mkfifo(fifo)
        os.rename(fifo, os.path.join(self.d.inbox, 'pipe.txt'))
        detail = self.rejected('pipe.txt', 'not_regular')
        self.assertIn('fifo', detail)
        self.survived()                 # not blocked on the fifo
        # one made in place, with no writer, found at start-up
        os.mkfifo(os.path.join(self.d.inbox, 'pipe2.txt'))
        self.restart()
        self.rejected('pipe2.txt', 'not_regular')
        self.survived()

    def test_fifo_holding_data(self):
        # a fifo with an article waiting in it, renamed in: raqibd looks at
        # what it is before reading, so it neither blocks nor reads it
        fifo = os.path.join(self.tmp, 'fifo')
        os.mkfifo(fifo)
        fd = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)
        data = article(5)[:4000]
        try:
            os.write(fd, data)
            os.rename(fifo, os.path.join(self.d.inbox, 'full.txt'))
            wait_for(lambda: self.rejection('full.txt'), 20, 'the rejection')
            self.assertEqual(self.rejection('full.txt')[0][0], 'not_regular')
            self.survived()
            self.assertEqual(os.read(fd, 8192), data, 'the data was left alone')
        finally:
            os.close(fd)
        self.survived()

    def test_directory(self):
        os.mkdir(os.path.join(self.d.inbox, 'folder.txt'))
        moved = os.path.join(self.tmp, 'moved')
        os.mkdir(moved)
        with open(os.path.join(moved, 'inside.txt'), 'wb') as f:
            f.write(article(3))
        os.rename(moved, os.path.join(self.d.inbox, 'moved.txt'))
        self.survived()
        self.restart()
        self.survived()
        self.assertEqual(count(self.d, 'documents', "WHERE path LIKE '%folder.txt%' OR "
                               "path LIKE '%moved.txt%'"), 0)
        self.assertEqual(count(self.d, 'rejections'), 0, 'folders are ignored')

    def test_deleted_before_it_is_read(self):
        self.pause()
        p = self.put('gone.txt', article(4), how='write')
        os.unlink(p)
        self.resume()
        self.rejected('gone.txt', 'vanished')
        self.survived()

    def test_truncated_before_it_is_read(self):
        self.pause()
        p = self.put('cut.txt', article(4), how='write')
        os.truncate(p, 0)
        self.resume()
        self.rejected('cut.txt', 'empty')
        self.survived()

    def test_write_and_delete_race(self):
        # unpaused: raqibd reads each file or finds it gone, and never both
        names = ['race-%03d.txt' % i for i in range(100)]
        for i, name in enumerate(names):
            p = self.put(name, article(2000 + i), how='write')
            os.unlink(p)
        for name in names:
            wait_for(lambda: count(self.d, 'documents', 'WHERE path LIKE ?', '%/' + name) +
                     len(self.rejection(name)) > 0, 20, name)
        time.sleep(0.2 * SLOW)
        for name in names:
            stored = count(self.d, 'documents', 'WHERE path LIKE ?', '%/' + name)
            gone = self.rejection(name)
            self.assertEqual(stored + len(gone), 1, name)
            if gone:
                self.assertEqual(gone[0][0], 'vanished')
        self.survived()

    def test_partial_write_then_rename(self):
        body = article(6)
        half = len(body) // 2
        part = self.put('story.txt.part', body[:half], how='write')
        self.good()                     # handled after the .part: it was ignored
        self.assertEqual(count(self.d, 'files', "WHERE path LIKE '%story%'"), 0)
        self.assertEqual(count(self.d, 'rejections'), 0)
        with open(part, 'ab') as f:
            f.write(body[half:])
        os.rename(part, self.path('story.txt'))
        wait_for(lambda: count(self.d, 'documents', "WHERE path LIKE '%/story.txt'") == 1)
        self.good()
        self.assertEqual(rows(self.d, "SELECT bytes FROM documents WHERE path LIKE '%story%'"),
                         [(len(body),)], 'once, whole')
        self.assertEqual(self.d.log().count('/story.txt: '), 1)
        self.survived()

    def test_odd_names(self):
        names = [b'\xff\xfe latin \xe9t\xe9.txt', b'with spaces and \xd9\x85\xd8\xb1.txt',
                 b'new\nline.txt', b'-rf.txt', b'--help', b'tab\tand\x1bescape.txt',
                 b'quote"and\\back.txt']
        for i, name in enumerate(names):
            self.put(name, article(3000 + i))
        wait_for(lambda: count(self.d, 'documents') == 1 + len(names), 20, 'the odd names')
        paths = {r[0] for r in rows(self.d, 'SELECT path FROM documents')}
        # a group's documents are logged once it commits, one after another
        wait_for(lambda: all(shown(self.path(n)) + ': ' in self.d.log() for n in names), 20,
                 'the odd names logged')
        log = self.d.log()
        for name in names:
            want = shown(self.path(name))
            self.assertIn(want, paths, 'the stored path is shown safely')
            self.assertIn(want + ': ', log)
            self.assertNotIn('\n', want)
            self.assertNotIn('\x1b', want)
        self.assertIn('\\xff\\xfe latin \\xe9t\\xe9.txt', log)
        self.assertIn('new\\x0aline.txt', log)
        self.assertIn('with spaces and مر.txt', log)
        self.assertNotIn('\x1b', log, 'no raw control character reaches the log')
        # the published events carry the safe path too
        docpaths = {r[0] for r in rows(self.d, "SELECT json_extract(json, '$.doc.path') "
                                       'FROM events')}
        self.assertIn(shown(self.path(b'new\nline.txt')), docpaths)
        # a rejected file whose name tries to forge a log line
        forged = b'x\n2030-01-01 00:00:00.000 raqibd info: ingest: forged.txt: 9 events'
        self.put(forged, b'')
        self.rejected(forged, 'empty')
        self.assertFalse(any(l.startswith('2030-01-01') for l in self.d.log().splitlines()),
                         'a name cannot start a log line')
        self.survived()


class Flood(Hostile):
    """10,000 files at once, while raqibd is stopped (SIGSTOP): the kernel's
    inotify queue overflows for certain, and the rescan must find every
    file."""

    N = 10000

    def test_ten_thousand_files_at_once(self):
        d = self.d
        with open('/proc/sys/fs/inotify/max_queued_events') as f:
            queue = int(f.read())
        inbox = d.inbox
        self.pause()
        try:
            for i in range(self.N):
                # dotfile written (one event), renamed in (another)
                tmp = os.path.join(inbox, '.f%05d' % i)
                with open(tmp, 'w', encoding='utf-8') as f:
                    f.write('أعلنت بلدية المدينة في بيانها رقم %d افتتاح سوق جديد '
                            'للخضار والفواكه في وسط المدينة يوم الأحد.\n' % i)
                os.rename(tmp, os.path.join(inbox, 'f%05d.txt' % i))
        finally:
            self.resume()
        if 2 * self.N > queue:
            wait_for(lambda: 'inotify queue overflow' in d.log(), 30, 'the overflow')
        wait_for(lambda: count(d, 'files', "WHERE path LIKE '%/f_____.txt'") == self.N,
                 100, 'all %d files' % self.N)
        self.assertEqual(count(d, 'documents', "WHERE path LIKE '%/f_____.txt'"), self.N)
        self.assertEqual(count(d, 'files', "WHERE status != 'stored'"), 0)
        self.assertEqual(count(d, 'rejections'), 0)
        self.assertEqual(integrity(d), 'ok')
        self.survived()


if __name__ == '__main__':
    unittest.main(verbosity=2)


class OneReading(Hostile):
    """raqib extract reads a file as raqibd does: the same encodings, the
    same events, the same rejections with the same reasons."""

    def extract(self, name):
        from harness import RAQIB
        import json
        import subprocess
        r = subprocess.run([RAQIB, '-c', self.d.conf, 'extract', '--json',
                            os.fsdecode(self.path(name))],
                           capture_output=True, timeout=60)
        out = [json.loads(l) for l in r.stdout.decode().splitlines() if l.strip()]
        return r.returncode, out, r.stderr.decode()

    def test_decoded_files_give_the_daemons_events(self):
        # one line apiece: the same text would be one document
        text = seed_text(0)
        cases = {'w1256.txt': (text + '\nنسخة أولى').encode('cp1256'),
                 'u16.txt': b'\xff\xfe' + (text + '\nنسخة ثانية').encode('utf-16-le'),
                 'u16be.txt': (text + '\nنسخة ثالثة').encode('utf-16-be'),
                 'plain.txt': (text + '\nنسخة رابعة').encode('utf-8') + b'\n'}
        for name, data in cases.items():
            self.put(name, data)
        d = self.d
        wait_for(lambda: count(d, 'documents', 'WHERE path LIKE ?', '%/u16be.txt') == 1 and
                 count(d, 'documents') >= len(cases), 30, 'the four files stored')
        q = ("SELECT e.type, json_extract(e.json, '$.sentence'), d.encoding FROM events e "
             'JOIN documents d ON d.id = e.doc_id WHERE d.path LIKE ? ORDER BY e.seq')
        for name in cases:
            daemon = rows(d, q, '%/' + name)
            rc, out, err = self.extract(name)
            self.assertEqual(rc, 0, err)
            self.assertTrue(daemon, name + ': the daemon found events')
            self.assertEqual([(e['type'], e['sentence']) for e in out[0]['events']],
                             [r[:2] for r in daemon], name + ': the same events')
            self.assertEqual(out[0]['doc']['encoding'], daemon[0][2], name)

    def test_rejections_have_the_daemons_reasons(self):
        t = seeds()[0]
        cases = {'photo.png': b'\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR' + os.urandom(4000),
                 'broken.txt': t[:1000] + b'\xff' + t[1000:2000] + b'\xc3\x28' + t[2002:],
                 'nothing.txt': b'',
                 'latin1.txt': 'Le café est très bon, à Bamako. '.encode('latin-1') * 20}
        for name, data in cases.items():
            self.put(name, data)
        for name in cases:
            wait_for(lambda: self.rejection(name), 20, 'the rejection of ' + name)
            reason = self.rejection(name)[0][0]
            rc, out, err = self.extract(name)
            self.assertEqual(rc, 1, name)
            self.assertEqual(out, [], name)
            self.assertIn('rejected (%s)' % reason, err, name)
        os.symlink('/etc/hostname', os.path.join(self.d.inbox, 'link.txt'))
        rc, out, err = self.extract('link.txt')
        self.assertEqual(rc, 1)
        self.assertIn('rejected (symlink)', err)
        self.survived()
