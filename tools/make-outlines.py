#!/usr/bin/python3
"""Writes web/countries.geojson, the country outlines under raqibd's /map,
from Natural Earth's 1:110m countries (public domain) as Debian's
python3-geopandas ships them. Run once when the source changes; its output
is committed, so neither building nor running raqib needs geopandas:

    apt-get install python3-geopandas && tools/make-outlines.py
"""
import json
import os
import sys

import geopandas

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'web', 'countries.geojson')


def rounded(coords):
    """Two decimals (about 1 km): finer than the 1:110m source draws."""
    if isinstance(coords[0], (int, float)):
        return [round(coords[0], 2), round(coords[1], 2)]
    return [rounded(c) for c in coords]


def main():
    path = geopandas.datasets.get_path('naturalearth_lowres')
    world = geopandas.read_file(path)
    features = []
    for _, row in world.sort_values('name').iterrows():
        geom = row.geometry.__geo_interface__
        features.append({
            'type': 'Feature',
            'properties': {'name': row['name'], 'iso_a3': row['iso_a3']},
            'geometry': {'type': geom['type'],
                         'coordinates': rounded(json.loads(json.dumps(
                             geom['coordinates'])))},
        })
    doc = {
        'type': 'FeatureCollection',
        'source': 'Natural Earth 1:110m Admin 0 countries (public domain), '
                  'from python3-geopandas %s (naturalearth_lowres), by '
                  'tools/make-outlines.py' % geopandas.__version__,
        'features': features,
    }
    with open(OUT + '.tmp', 'w', encoding='utf-8') as f:
        json.dump(doc, f, ensure_ascii=False, separators=(',', ':'))
        f.write('\n')
    os.replace(OUT + '.tmp', OUT)
    print('%s: %d countries, %d bytes' % (OUT, len(features), os.path.getsize(OUT)),
          file=sys.stderr)


if __name__ == '__main__':
    main()
