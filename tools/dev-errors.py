#!/usr/bin/env python3
"""Shows, per development passage, what the engine got wrong against its gold:
event types, casualty figures and people (missed -, extra +, optional ?).
For finding what fails in general; not a test.

usage: tools/dev-errors.py RAQIB GOLD_DIR TEXT... [--field events|casualties|people|places|actors]"""
import json, os, subprocess, sys

def main(argv):
    if len(argv) < 4:
        sys.exit(__doc__)
    field = None
    if '--field' in argv:
        i = argv.index('--field')
        field = argv[i + 1]
        argv = argv[:i] + argv[i + 2:]
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
        p = preds.get(name, {})
        lines = []
        if field in (None, 'events'):
            lines += diff('ev', [(e['type'], e.get('required', True), e.get('note', '')) for e in g.get('events', [])],
                          [(e['type'], e.get('sentence', '')[:90]) for e in p.get('events', [])])
        if field in (None, 'casualties'):
            lines += diff('cas', [(f"{c['kind']}={c['value']}", c.get('required', True), c.get('who', ''))
                                   for c in g.get('casualties', [])],
                          [(f"{c['kind']}={c.get('value')}", c.get('surface', '')) for c in p.get('casualties', [])])
        if field in (None, 'people'):
            lines += diff('per', [(x['name'], x.get('required', True), ' '.join(x.get('surfaces', [])))
                                   for x in g.get('people', [])],
                          [(x.get('name'), x.get('name_ar', '')) for x in p.get('people', [])], loose=True)
        if lines:
            print(f'== {name}')
            print('\n'.join(lines))

def diff(tag, gold, pred, loose=False):
    """Greedy match on the key; prints missed required, extra predicted."""
    used, lines = set(), []
    for key, req, note in gold:
        hit = None
        for i, (pk, _) in enumerate(pred):
            if i not in used and (pk == key or (loose and pk and key and
                                                (pk.lower() in key.lower() or key.lower() in pk.lower()))):
                hit = i
                break
        if hit is not None:
            used.add(hit)
        elif req:
            lines.append(f'  {tag} - {key}  ({note})')
    for i, (pk, ctx) in enumerate(pred):
        if i not in used:
            lines.append(f'  {tag} + {pk}  [{ctx}]')
    return lines

if __name__ == '__main__':
    main(sys.argv)
