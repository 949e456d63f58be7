#!/usr/bin/env python3
"""Shows, per development passage, what the engine got wrong against its gold:
event types, casualty figures and people, or with --field places or actors
those (missed -, extra +).
For finding what fails in general; not a test.

Matching is the reference scorer's own (score.py beside the gold's eval/ folder,
or RAQIB_SCORER), so what it lists is what the score counts.

usage: tools/dev-errors.py RAQIB GOLD_DIR TEXT... [--field events|casualties|people|places|actors]"""
import importlib.util, json, os, subprocess, sys

def scorer(gold_dir):
    path = os.environ.get('RAQIB_SCORER') or os.path.join(
        os.path.dirname(os.path.dirname(os.path.abspath(gold_dir))), 'score.py')
    if not os.path.exists(path):
        path = os.path.join(os.path.dirname(os.path.abspath(gold_dir)), 'score.py')
    spec = importlib.util.spec_from_file_location('score', path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod

def main(argv):
    if len(argv) < 4:
        sys.exit(__doc__)
    field = None
    if '--field' in argv:
        i = argv.index('--field')
        field = argv[i + 1]
        argv = argv[:i] + argv[i + 2:]
    raqib, gold_dir, texts = argv[1], argv[2], argv[3:]
    sc = scorer(gold_dir)
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
        show = {
            'events': lambda x: (x['type'], x.get('note', '') or x.get('sentence', '')[:90]),
            'casualties': lambda x: (f"{x['kind']}={x.get('value')}", x.get('who', '') or x.get('surface', '')),
            'people': lambda x: (x.get('name'), ' '.join(x.get('surfaces', [])) or x.get('name_ar', '')),
            'places': lambda x: (f"{x.get('name')} ({x.get('precision')})", ' '.join(x.get('surfaces', [])) or x.get('name_ar', '')),
            'actors': lambda x: (x.get('id'), ''),
        }
        match = {'events': lambda a, b: sc.event_match(a, b, g.get('places', [])), 'casualties': sc.cas_match,
                 'people': sc.person_match, 'places': sc.place_match, 'actors': sc.actor_match}
        for f in (field,) if field else ('events', 'casualties', 'people'):
            gold, pred = g.get(f, []), p.get(f, [])
            if f == 'actors':
                voc = sc.vocab()
                gold = [x for x in gold if x['id'] in voc]
                pred = [x for x in pred if x.get('id') in voc]
            _, _, _, pairs = sc.align(gold, pred, match[f])
            gm, pm = {a for a, _ in pairs}, {b for _, b in pairs}
            tag = f[:3]
            lines += [f'  {tag} - %s  (%s)' % show[f](x) for i, x in enumerate(gold)
                      if i not in gm and x.get('required', True)]
            lines += [f'  {tag} + %s  [%s]' % show[f](x) for i, x in enumerate(pred) if i not in pm]
        if lines:
            print(f'== {name}')
            print('\n'.join(lines))

if __name__ == '__main__':
    main(sys.argv)
