#!/bin/sh
# Scores the engine on the sample articles (reference scorer) and on the
# development sentences; for development, not a test.
set -eu
bin=${1:-build/client/raqib}
shared=${SHARED:-../shared}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" extract --json seeds/*.txt > "$tmp/all.jsonl"
python3 - "$tmp" <<'PY'
import json, os, sys
tmp = sys.argv[1]
for line in open(os.path.join(tmp, 'all.jsonl'), encoding='utf-8'):
    o = json.loads(line)
    name = os.path.basename(o['doc']['path']).replace('.txt', '.json')
    json.dump(o, open(os.path.join(tmp, name), 'w', encoding='utf-8'), ensure_ascii=False)
PY
python3 "$shared/eval/score.py" "$shared/gold" "$tmp"
for f in "$shared"/eval/gsr/*_dev.csv; do
	python3 "$shared/eval/score_gsr.py" "$bin" "$f" ${SHOW:+--show} | tail -n ${SHOW:+60}${SHOW:-3}
done
