#!/usr/bin/env python3
"""Export speed: raqib query over a store of N events (copies of the sample
articles' events), per format, through the real daemon and client. Prints a
table; not a test.

    tests/bench/bench_query.py -d build-rel/daemon/raqibd -c build-rel/client/raqib \
        [-n 100000] [--runs 3] [--sub 8400]

--sub N also times `raqib sub --since 0 --count N --json`, the delivery
loop query used to share, for comparison."""
import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def wait(pred, what, timeout=60):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return
        time.sleep(0.05)
    sys.exit('bench: timed out waiting for ' + what)


def daemon_cpu(pid):
    with open('/proc/%d/stat' % pid) as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')


def sql(db, q):
    return subprocess.run(['sqlite3', db, q], check=True, capture_output=True,
                          text=True).stdout.strip()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('-d', '--daemon', required=True)
    ap.add_argument('-c', '--client', required=True)
    ap.add_argument('-n', '--events', type=int, default=100000)
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('--sub', type=int, default=0)
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix='raqib-bench-')
    inbox = os.path.join(tmp, 'inbox')
    os.mkdir(inbox)
    rport = port()
    conf = os.path.join(tmp, 'raqibd.conf')
    with open(conf, 'w') as f:
        f.write('[watch]\ndir = inbox\n[store]\npath = raqib.db\n[publish]\n'
                'endpoint = tcp://127.0.0.1:%d\nreplay_endpoint = tcp://127.0.0.1:%d\n'
                '[http]\nlisten = 127.0.0.1:%d\n[extract]\nlexicon = %s\n'
                % (port(), rport, port(), os.path.join(ROOT, 'config', 'lexicon')))
    db = os.path.join(tmp, 'raqib.db')
    log = open(os.path.join(tmp, 'raqibd.log'), 'w')
    d = subprocess.Popen([a.daemon, '-c', conf], stdout=log, stderr=log)
    seeds = sorted(p for p in os.listdir(os.path.join(ROOT, 'seeds')) if p.endswith('.txt'))
    for p in seeds:
        shutil.copy(os.path.join(ROOT, 'seeds', p), inbox)
    wait(lambda: os.path.exists(db) and sql(db, 'SELECT count(*) FROM documents') ==
         str(len(seeds)), 'the seeds')
    d.terminate()
    d.wait()
    per = int(sql(db, 'SELECT count(*) FROM events'))
    copies = -(-a.events // per) - 1
    sql(db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE "
        "i < %d) INSERT INTO events(doc_id, topic, type, story, place_key, "
        "received_at, json) SELECT doc_id, topic, type, story, place_key, "
        "received_at, json FROM n, (SELECT * FROM events ORDER BY seq); "
        "DELETE FROM events WHERE seq > %d; "
        "UPDATE events SET json = json_set(json, '$.seq', seq);" % (copies, a.events))
    n = int(sql(db, 'SELECT count(*) FROM events'))
    mb = int(sql(db, 'SELECT sum(length(json)) FROM events')) / 1e6
    d = subprocess.Popen([a.daemon, '-c', conf], stdout=log, stderr=log)
    time.sleep(1)
    rep = 'tcp://127.0.0.1:%d' % rport
    print('| raqib query, %d events (%.0f MB of raqib.event/1) | wall s (median of %d) '
          '| events/s | client CPU s | raqibd CPU s | output MB |' % (n, mb, a.runs))
    print('|---|---:|---:|---:|---:|---:|')
    out_path = os.path.join(tmp, 'out')
    try:
        for fmt in ('json', 'csv', 'geojson', 'text'):
            times, cpu, dcpu = [], [], []
            for _ in range(a.runs):
                d0 = daemon_cpu(d.pid)
                c0 = os.times()
                t = time.monotonic()
                with open(out_path, 'wb') as f:
                    subprocess.run([a.client, 'query', '--format', fmt, '--replay',
                                    rep], stdout=f, stderr=subprocess.DEVNULL, check=True)
                times.append(time.monotonic() - t)
                c1 = os.times()
                cpu.append(c1.children_user + c1.children_system - c0.children_user -
                           c0.children_system)
                dcpu.append(daemon_cpu(d.pid) - d0)
            w = statistics.median(times)
            print('| --format %s | %.2f | %.0f | %.2f | %.2f | %.0f |' % (
                fmt, w, n / w, statistics.median(cpu), statistics.median(dcpu),
                os.path.getsize(out_path) / 1e6))
        if a.sub:
            t = time.monotonic()
            subprocess.run([a.client, 'sub', '--since', '0', '--count', str(a.sub),
                            '--json', '--replay', rep, '--connect', 'tcp://127.0.0.1:1'],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            w = time.monotonic() - t
            print('| raqib sub --since 0 --count %d --json (the old query path) | %.2f '
                  '| %.0f | |' % (a.sub, w, a.sub / w))
        print('\nload average: %.1f %.1f %.1f, %d CPUs' % (os.getloadavg() +
                                                     (os.cpu_count(),)))
    finally:
        d.terminate()
        d.wait()
        log.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    main()
