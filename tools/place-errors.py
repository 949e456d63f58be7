#!/usr/bin/env python3
"""Shows, per passage, the places the engine missed (required gold), found
(matched) and added wrongly, aligned as the reference scorer aligns them.
For finding what fails in general; not a test.

usage: tools/place-errors.py RAQIB GOLD_DIR TEXT... [--all]
  --all  also list matched places"""
import json, os, subprocess, sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests', 'eval'))
import score  # noqa: E402


def label(p):
    ms = p.get('mentions') or [{'surface': s} for s in p.get('surfaces', [])]
    sur = ' '.join(sorted({m.get('surface', '') for m in ms}))
    flag = ' UNRESOLVED' if p.get('unresolved') else ''
    return f"{p.get('name')} [{p.get('country')} {p.get('precision')}{flag}] {sur}"


def main(argv):
    show_all = '--all' in argv
    argv = [a for a in argv if a != '--all']
    if len(argv) < 4:
        sys.exit(__doc__)
    raqib, gold_dir, texts = argv[1], argv[2], argv[3:]
    out = subprocess.run([raqib, 'extract', '--json'] + texts, capture_output=True,
                         text=True, check=True).stdout
    preds = {}
    for line in out.splitlines():
        o = json.loads(line)
        preds[os.path.basename(o['doc']['path'])[:-4]] = o
    for t in texts:
        name = os.path.basename(t)[:-4]
        g = json.load(open(os.path.join(gold_dir, name + '.json'), encoding='utf-8'))
        gp, pp = g.get('places', []), preds.get(name, {}).get('places', [])
        _, _, _, pairs = score.align(gp, pp, score.place_match)
        mg, mp = {a for a, _ in pairs}, {b for _, b in pairs}
        lines = []
        for i, x in enumerate(gp):
            if i not in mg and x.get('required', True):
                lines.append(f'  - {label(x)}')
        for i, x in enumerate(pp):
            if i not in mp:
                lines.append(f'  + {label(x)}')
        if show_all:
            lines += [f'  = {label(pp[b])}' for _, b in pairs]
        if lines:
            print(f'== {name}')
            print('\n'.join(lines))


if __name__ == '__main__':
    main(sys.argv)
