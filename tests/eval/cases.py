#!/usr/bin/env python3
"""Runs raqib extract on each case of cases.json and checks what it must and
must not report; prints one line per failing case and 'N passed, N failed'.

usage: cases.py RAQIB CASES_JSON"""
import difflib, json, os, re, subprocess, sys, tempfile, unicodedata

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
    for k, v, q in case.get('only_qualifier', []):
        quals = [c.get('qualifier') for c in out.get('casualties', [])
                 if c['kind'] == k and c.get('value') == v]
        if quals != [q]:
            why.append(f'{k}={v} reported with qualifiers {quals}, want only {q}')
    names = [m['surface'] for x in out.get('people', []) for m in x.get('mentions', [])]
    for n in case.get('people', []):
        if n not in names:
            why.append(f'no person {n} (got {names})')
    if 'no_people' in case and names:
        why.append(f'people where there are none: {names}')
    if case.get('no_casualties') and cas:
        why.append(f'casualties where there are none: {cas}')
    return why + check_places(case, out)

def fold(s):
    s = unicodedata.normalize('NFKD', s or '')
    return re.sub(r'[^a-z0-9]', '', ''.join(c for c in s if not unicodedata.combining(c)).lower())

def check_places(case, out):
    """places: [{name, country, unresolved?, admin1?}] that must be there (names
    compared as the scorer does without coordinates); no_places: names that must not;
    no_countries: codes that must not be reported as countries; actors: ids."""
    why, places = [], out.get('places', [])
    got = [f"{p.get('name')}/{p.get('country')}{'?' if p.get('unresolved') else ''}" for p in places]
    for want in case.get('places', []):
        hit = [p for p in places if p.get('country') == want['country'] and
               difflib.SequenceMatcher(None, fold(p.get('name')), fold(want['name'])).ratio() >= 0.85]
        if not hit:
            why.append(f"no place {want['name']}/{want['country']} (got {got})")
            continue
        p = hit[0]
        if bool(p.get('unresolved')) != want.get('unresolved', False):
            why.append(f"{p.get('name')}: unresolved is {bool(p.get('unresolved'))}")
        if want.get('unresolved') and (p.get('lat') is not None or p.get('lon') is not None):
            why.append(f"{p.get('name')}: an unresolved place with coordinates")
        if 'admin1' in want and p.get('admin1') != want['admin1']:
            why.append(f"{p.get('name')}: admin1 {p.get('admin1')!r}, want {want['admin1']!r}")
    for name in case.get('no_places', []):
        if any(fold(p.get('name')) == fold(name) for p in places):
            why.append(f'unexpected place {name} (got {got})')
    for cc in case.get('no_countries', []):
        if any(p.get('precision') == 'country' and p.get('country') == cc for p in places):
            why.append(f'unexpected country {cc} (got {got})')
    ids = [a['id'] for a in out.get('actors', [])]
    for a in case.get('actors', []):
        if a not in ids:
            why.append(f'no actor {a} (got {ids})')
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
