#!/usr/bin/env python3
"""Development aid: runs the engine on the GSR sentences, prints F1 on the even
half (studied) and the odd half (held out), and samples the even half's errors
with what fired. usage: gsr-errors.py BINARY CSV [--fp N] [--fn N] [--seed S]"""
import csv, json, os, random, subprocess, sys, tempfile

VIOLENT = {'armed_clash', 'ambush', 'attack_on_base', 'air_or_drone_strike', 'shelling',
           'ied_explosion', 'suicide_bombing', 'aircraft_downed', 'kidnapping',
           'violence_against_civilians'}

def why(kind, o):
    if kind == 'protest':
        return [e['sentence'][:0] + 'protest' for e in o['events'] if e['type'] == 'protest']
    r = ['ev:' + e['type'] for e in o['events'] if e['type'] in VIOLENT]
    r += ['cas:%s:%s' % (c['kind'], c['surface']) for c in o['casualties']
          if c['kind'] in ('killed', 'wounded', 'kidnapped')]
    return r

def main():
    binary, path = sys.argv[1], sys.argv[2]
    nfp = int(sys.argv[sys.argv.index('--fp') + 1]) if '--fp' in sys.argv else 10
    nfn = int(sys.argv[sys.argv.index('--fn') + 1]) if '--fn' in sys.argv else 10
    seed = int(sys.argv[sys.argv.index('--seed') + 1]) if '--seed' in sys.argv else 1
    study = int(sys.argv[sys.argv.index('--half') + 1]) if '--half' in sys.argv else 0
    kind = 'protest' if 'protest' in path else 'assault'
    rows = list(csv.DictReader(open(path, encoding='utf-8')))
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for i, r in enumerate(rows):
            f = os.path.join(tmp, '%05d.txt' % i)
            open(f, 'w', encoding='utf-8').write(r['text'] + '\n')
            files.append(f)
        out = subprocess.run([binary, 'extract', '--json'] + files, capture_output=True,
                             text=True, check=True).stdout.splitlines()
    stats = {0: [0, 0, 0], 1: [0, 0, 0]}
    errs = {'FP': [], 'FN': []}
    for i, (r, line) in enumerate(zip(rows, out)):
        o = json.loads(line)
        w = why(kind, o)
        pred, gold = bool(w), r['label'] == 'yes'
        st = stats[i % 2]
        st[0] += pred and gold
        st[1] += pred and not gold
        st[2] += gold and not pred
        if i % 2 == study and pred != gold:
            errs['FP' if pred else 'FN'].append((r['text'], w))
    for h, name in ((0, 'even (studied)'), (1, 'odd (held out)')):
        tp, fp, fn = stats[h]
        p = tp / (tp + fp) if tp + fp else 0
        rc = tp / (tp + fn) if tp + fn else 0
        f = 2 * p * rc / (p + rc) if p + rc else 0
        print('%s %-15s tp %3d fp %3d fn %3d  P %.3f R %.3f F1 %.3f' % (kind, name, tp, fp, fn, p, rc, f))
    random.seed(seed)
    for k, n in (('FP', nfp), ('FN', nfn)):
        for text, w in random.sample(errs[k], min(n, len(errs[k]))):
            print(k, '|', ' '.join(w)[:80], '|', text[:200])

main()
