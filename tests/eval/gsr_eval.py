#!/usr/bin/env python3
"""Event detection on the labelled Arabic sentences (gsr/README.md): each
sentence is one document; assault is positive when the engine reports a
violent event or a killed, wounded or kidnapped figure, protest when it
reports a protest event. Prints precision, recall and F1 of the positive
class and exits 1 below --min-f1.

usage: gsr_eval.py RAQIB CSV [--min-f1 X]"""
import csv
import json
import os
import subprocess
import sys
import tempfile

VIOLENT = {'armed_clash', 'ambush', 'attack_on_base', 'air_or_drone_strike', 'shelling',
           'ied_explosion', 'suicide_bombing', 'aircraft_downed', 'kidnapping',
           'violence_against_civilians'}


def positive(kind, out):
    types = {e.get('type') for e in out.get('events', [])}
    if kind == 'protest':
        return 'protest' in types
    kinds = {c.get('kind') for c in out.get('casualties', [])}
    return bool(types & VIOLENT) or bool(kinds & {'killed', 'wounded', 'kidnapped'})


def main(argv):
    raqib, path = argv[1], argv[2]
    kind = 'protest' if 'protest' in os.path.basename(path) else 'assault'
    rows = list(csv.DictReader(open(path, encoding='utf-8')))
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for i, r in enumerate(rows):
            f = os.path.join(tmp, '%05d.txt' % i)
            with open(f, 'w', encoding='utf-8') as h:
                h.write(r['text'] + '\n')
            files.append(f)
        p = subprocess.run([raqib, 'extract', '--json'] + files, capture_output=True,
                           text=True)
        if p.returncode != 0:
            print(p.stderr[-2000:])
            return 1
        outs = {}
        for line in p.stdout.splitlines():
            if line.strip():
                o = json.loads(line)
                outs[os.path.basename(o['doc']['path'])] = o
    tp = fp = fn = 0
    for i, r in enumerate(rows):
        pred = positive(kind, outs.get('%05d.txt' % i, {}))
        gold = r['label'] == 'yes'
        tp += pred and gold
        fp += pred and not gold
        fn += gold and not pred
    pr = tp / (tp + fp) if tp + fp else 0.0
    rc = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
    print('%s: %d sentences, tp %d fp %d fn %d' % (kind, len(rows), tp, fp, fn))
    print('precision %.3f recall %.3f F1 %.3f' % (pr, rc, f1))
    if '--min-f1' in argv:
        need = float(argv[argv.index('--min-f1') + 1])
        if f1 < need:
            print('below the threshold %.2f' % need)
            return 1
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
