#!/usr/bin/env python3
"""Rebuilds the texts of the real story set (tests/eval/stories-real), which are
third-party news and so are not kept in git: each report is the whole excerpt
that a page search returns for its source address, as for ../shared/eval/dev.

  1. For each id it reports missing, search the stored pages (the `search`
     tool, corpus "pages") with the id's query from sources.tsv; the result
     whose url is the id's source holds the excerpt (the same excerpt
     whichever query finds the page).
  2. Save that excerpt, exactly as returned (decoded, newlines and trailing
     spaces kept, nothing added), as EXCERPTS/ID.txt; write it with a
     program (decode the JSON string of the result), not by retyping.
  3. Run: tools/stories-rebuild.py EXCERPTS OUT
     OUT/ID.txt gets the excerpt + "\\n" when its SHA-256 is the one in
     sources.tsv. The tests read OUT = .cache/stories (git-ignored), with the
     excerpts kept in .cache/stories/excerpts.

Then: build/client/raqib eval --stories tests/eval/stories-real/gold.tsv .cache/stories/s*.txt

usage: stories-rebuild.py EXCERPTS_DIR OUT_DIR   prints what is rebuilt and what is missing"""
import hashlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCES = os.path.join(HERE, '..', 'tests', 'eval', 'stories-real', 'sources.tsv')


def sha(b):
    return hashlib.sha256(b).hexdigest()


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    exc, out = sys.argv[1:]
    os.makedirs(out, exist_ok=True)
    have, missing, wrong = [], [], []
    with open(SOURCES, encoding='utf-8') as f:
        rows = [l.rstrip('\n').split('\t') for l in f]
    head = rows[0]
    for row in rows[1:]:
        r = dict(zip(head, row))
        pid, want = r['id'], r['sha256_of_text']
        dst = os.path.join(out, pid + '.txt')
        if os.path.exists(dst) and sha(open(dst, 'rb').read()) == want:
            have.append(pid)
            continue
        try:
            raw = open(os.path.join(exc, pid + '.txt'), 'rb').read()
        except OSError:
            missing.append(r)
            continue
        text = raw if sha(raw) == want else raw + b'\n'
        if sha(text) != want:
            wrong.append(pid)
            continue
        open(dst, 'wb').write(text)
        have.append(pid)
    print(f'rebuilt: {len(have)} of {len(rows) - 1}')
    for pid in wrong:
        print(f'{pid}: the saved excerpt differs from the report (SHA-256); save it again, exactly as returned')
    for r in missing:
        print(f"{r['id']}: missing; search pages for: {r['query']}   (source {r['url']})")
    sys.exit(0 if not missing and not wrong else 1)


if __name__ == '__main__':
    main()
