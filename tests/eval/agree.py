#!/usr/bin/env python3
"""`raqib eval` must agree with the reference scorer (score.py, copied from
the evaluation kit) on the sample articles: same counts for every field.

usage: agree.py RAQIB GOLD_DIR FILE..."""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def table(text):
    rows = {}
    for line in text.splitlines():
        f = line.split()
        if len(f) == 7 and f[0] in ('places', 'actors', 'people', 'casualties', 'events'):
            rows[f[0]] = tuple(int(x) for x in f[1:4])
        if line.startswith('micro-F1'):
            rows['micro'] = line.split()[1]
        if line.startswith('casualty qualifiers'):
            rows['qual'] = line.split()[-1]
    return rows


def main(argv):
    raqib, gold, files = argv[1], argv[2], argv[3:]
    ours = subprocess.run([raqib, 'eval', gold] + files, capture_output=True, text=True)
    if ours.returncode != 0:
        print(ours.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([raqib, 'extract', '--json'] + files, capture_output=True,
                             text=True, check=True)
        for line in out.stdout.splitlines():
            o = json.loads(line)
            name = os.path.basename(o['doc']['path']).rsplit('.', 1)[0] + '.json'
            with open(os.path.join(tmp, name), 'w', encoding='utf-8') as f:
                json.dump(o, f, ensure_ascii=False)
        ref = subprocess.run([sys.executable, os.path.join(HERE, 'score.py'), gold, tmp],
                             capture_output=True, text=True, check=True)
    a, b = table(ours.stdout), table(ref.stdout)
    print('raqib eval:\n' + ours.stdout + '\nscore.py:\n' + ref.stdout)
    if a != b or len(a) != 7:
        print('DISAGREE: %r != %r' % (a, b))
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
