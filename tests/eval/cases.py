#!/usr/bin/env python3
"""Runs raqib extract on each case of cases.json and checks what it must and
must not report; prints one line per failing case and 'N passed, N failed'.

usage: cases.py RAQIB CASES_JSON"""
import json, os, subprocess, sys, tempfile

def check(case, out):
    why = []
    types = [e['type'] for e in out.get('events', [])]
    cas = [(c['kind'], c.get('value')) for c in out.get('casualties', [])]
    for t in case.get('events', []):
        if t not in types:
            why.append(f'no {t} event (got {types})')
    for t in case.get('no_events', []):
        if t in types:
            why.append(f'unexpected {t} event')
    for t, n in case.get('count', {}).items():
        if types.count(t) != n:
            why.append(f'{types.count(t)} {t} events, want {n}')
    if len(types) > case.get('count_at_most', {}).get('events', len(types)):
        why.append(f'{len(types)} events ({types}), want at most {case["count_at_most"]["events"]}')
    if len(types) < case.get('count_at_least', {}).get('events', 0):
        why.append(f'{len(types)} events, want at least {case["count_at_least"]["events"]}')
    for k, v in case.get('casualties', []):
        if (k, v) not in cas:
            why.append(f'no casualty {k}={v} (got {cas})')
    for k, v in case.get('no_casualty_values', []):
        if (k, v) in cas:
            why.append(f'unexpected casualty {k}={v}')
    names = [m['surface'] for x in out.get('people', []) for m in x.get('mentions', [])]
    for n in case.get('people', []):
        if n not in names:
            why.append(f'no person {n} (got {names})')
    if 'no_people' in case and names:
        why.append(f'people where there are none: {names}')
    if case.get('no_casualties') and cas:
        why.append(f'casualties where there are none: {cas}')
    return why

def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    cases = json.load(open(argv[2], encoding='utf-8'))['cases']
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, c in enumerate(cases):
            p = os.path.join(tmp, f'case{i:03d}.txt')
            open(p, 'w', encoding='utf-8').write(c['text'] + '\n')
            paths.append(p)
        res = subprocess.run([argv[1], 'extract', '--json'] + paths,
                             capture_output=True, text=True)
        if res.returncode != 0:
            sys.exit(f'raqib extract failed: {res.stderr}')
        outs = [json.loads(l) for l in res.stdout.splitlines() if l.strip()]
    for c, o in zip(cases, outs):
        why = check(c, o)
        if why:
            failed += 1
            print(f'FAIL {c["class"]}: ' + '; '.join(why))
        else:
            passed += 1
    print(f'{passed} passed, {failed} failed')
    return 1 if failed or len(outs) != len(cases) else 0

if __name__ == '__main__':
    sys.exit(main(sys.argv))
