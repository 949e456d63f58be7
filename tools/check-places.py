#!/usr/bin/env python3
"""Validate raqib's place gazetteer: config/lexicon/{admin1,places,gazetteer,regions}.json.

Usage: tools/check-places.py [LEXICON_DIR] [--iso-codes PATH] [-v]

Checks (each problem is printed on its own line; exit status 1 if any):
  * the three files load as JSON and carry the right schema string;
  * only known keys, with the right types;
  * admin1 codes and names match Debian iso-codes (iso_3166-2.json) exactly and the
    first-level subdivisions of ML BF NE TD MR DZ LY NG are all present
    (for BF the 13 regions, not the 45 provinces);
  * every place's admin1 (if set) exists in admin1.json and starts with its cc; places in
    those eight countries must have one, places elsewhere must have null;
  * coordinates lie inside a rough bounding box of the entry's country (where one is known);
  * no two places of the same country share an Arabic spelling (after the engine's
    normalisation: hamza/alef, alef maqsura, ta marbuta) unless one is "ambiguous";
  * Arabic strings are Arabic script only, without diacritics or tatweel;
  * region country lists use ISO 3166-1 alpha-2 codes;
  * gazetteer.json (made by tools/make-gazetteer.py): the same rules for its places, except
    that coordinates may be null (both together); each records its sources ("src", ids of
    the file's "sources", each with a URL, licence and SHA-256) and where its Arabic comes
    from ("ar_from": source or rule); none repeats a hand-checked place of places.json.
Python 3 standard library only.
"""
import json
import os
import re
import sys
import unicodedata

SCOPE = ["ML", "BF", "NE", "TD", "MR", "DZ", "LY", "NG"]
EXPECTED_COUNT = {"ML": 11, "BF": 13, "NE": 8, "TD": 23, "MR": 15, "DZ": 48, "LY": 22, "NG": 37}
KINDS = {"capital", "city", "cercle_seat", "province_seat", "department_seat", "town",
         "village", "border_post", "camp", "base", "mine"}

# (lat_min, lat_max, lon_min, lon_max), generous by a few tens of km.
BOXES = {
    "ML": (10.0, 25.2, -12.4, 4.4),
    "BF": (9.3, 15.2, -5.6, 2.5),
    "NE": (11.6, 23.6, 0.1, 16.1),
    "TD": (7.4, 23.5, 13.4, 24.1),
    "MR": (14.6, 27.4, -17.2, -4.7),
    "DZ": (18.9, 37.2, -8.8, 12.1),
    "LY": (19.4, 33.3, 9.3, 25.2),
    "NG": (4.2, 13.95, 2.6, 14.7),
    "SN": (12.2, 16.8, -17.6, -11.3),
    "CM": (1.6, 13.1, 8.4, 16.2),
    "BJ": (6.1, 12.5, 0.7, 3.9),
    "TG": (6.0, 11.2, -0.2, 1.9),
    "CI": (4.3, 10.8, -8.7, -2.4),
    "GH": (4.6, 11.2, -3.3, 1.3),
    "SD": (8.6, 22.3, 21.8, 38.7),
    "EG": (21.9, 31.8, 24.6, 36.9),
    "MA": (27.6, 36.0, -13.2, -0.9),
    "EH": (20.7, 27.7, -17.2, -8.6),
    "TN": (30.2, 37.6, 7.5, 11.7),
    "FR": (41.3, 51.2, -5.2, 9.6),
}

ADMIN1_KEYS = {"code", "name", "ar", "lat", "lon"}
PLACE_REQ = {"name", "ar", "cc", "admin1", "lat", "lon", "kind"}
PLACE_OPT = {"ambiguous", "alt"}
GAZ_EXTRA = {"ar_from", "src"}
SOURCE_KEYS = {"id", "url", "licence", "sha256", "fetch"}
REGION_KEYS = {"name", "ar", "countries"}

# Arabic letters (basic block + extended letters used in the Maghreb such as ڨ ڭ), space.
ARABIC_OK = re.compile(r"^[\u0621-\u063A\u0641-\u064A\u0671-\u06D3 ]+$")
DIACRITICS = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]")
TATWEEL = "\u0640"

problems = []
notes = []


def problem(msg):
    problems.append(msg)


def norm_ar(s):
    s = unicodedata.normalize("NFKC", s)
    s = DIACRITICS.sub("", s).replace(TATWEEL, "")
    s = re.sub("[\u0622\u0623\u0625\u0671]", "\u0627", s)  # آ أ إ ٱ -> ا
    s = s.replace("\u0649", "\u064A")  # ى -> ي
    s = s.replace("\u0629", "\u0647")  # ة -> ه
    s = s.replace("\u0624", "\u0648").replace("\u0626", "\u064A")  # ؤ -> و, ئ -> ي
    return " ".join(s.split())


def load(path, schema, key):
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        problem(f"{path}: cannot load: {e}")
        return None
    if not isinstance(doc, dict):
        problem(f"{path}: top level is not an object")
        return None
    if set(doc) != {"schema", key}:
        problem(f"{path}: top-level keys must be exactly schema and {key}, got {sorted(doc)}")
    if doc.get("schema") != schema:
        problem(f"{path}: schema is {doc.get('schema')!r}, expected {schema!r}")
    items = doc.get(key)
    if not isinstance(items, list):
        problem(f"{path}: {key} is not a list")
        return None
    return items


def check_ar_list(where, ar):
    if not isinstance(ar, list) or not ar:
        problem(f"{where}: ar must be a non-empty list")
        return []
    seen = {}
    for s in ar:
        if not isinstance(s, str) or not s.strip():
            problem(f"{where}: ar has an empty or non-string item {s!r}")
            continue
        if DIACRITICS.search(s):
            problem(f"{where}: Arabic {s!r} contains diacritics")
        if TATWEEL in s:
            problem(f"{where}: Arabic {s!r} contains tatweel")
        if s != s.strip() or "  " in s:
            problem(f"{where}: Arabic {s!r} has stray spaces")
        if not ARABIC_OK.match(DIACRITICS.sub("", s).replace(TATWEEL, "")):
            bad = sorted({c for c in s if not ARABIC_OK.match(c)})
            problem(f"{where}: Arabic {s!r} has non-Arabic characters {bad}")
        n = norm_ar(s)
        if n in seen:
            notes.append(f"{where}: {s!r} equals {seen[n]!r} after normalisation (redundant)")
        seen[n] = s
    return [s for s in ar if isinstance(s, str)]


def check_coords(where, e, cc, nullable=False):
    lat, lon = e.get("lat"), e.get("lon")
    if nullable and lat is None and lon is None:
        return
    ok = True
    for k, v, lim in (("lat", lat, 90), ("lon", lon, 180)):
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not -lim <= v <= lim:
            problem(f"{where}: {k} {v!r} is not a number in range")
            ok = False
    if not ok:
        return
    box = BOXES.get(cc)
    if box and not (box[0] <= lat <= box[1] and box[2] <= lon <= box[3]):
        problem(f"{where}: ({lat}, {lon}) lies outside the bounding box of {cc} {box}")


def fold(s):
    s = unicodedata.normalize("NFKD", s or "")
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in s if not unicodedata.combining(c)).lower())


def check_place(where, e, ctx, gaz):
    """Checks one place; returns its label, or None when it is no object."""
    iso1, known_cc, codes, names, by_cc_ar = ctx
    if not isinstance(e, dict):
        problem(f"{where}: not an object")
        return None
    where = f"{'gazetteer ' if gaz else ''}place {e.get('name')!r} ({e.get('cc')})"
    keys = set(e)
    req = PLACE_REQ | (GAZ_EXTRA if gaz else set())
    if not req <= keys or keys - req - PLACE_OPT:
        problem(f"{where}: keys wrong (unknown {sorted(keys - req - PLACE_OPT)}, "
                f"missing {sorted(req - keys)})")
    name = e.get("name")
    if not isinstance(name, str) or not name.strip():
        problem(f"{where}: name must be a non-empty string")
    cc = e.get("cc")
    if not isinstance(cc, str) or cc not in iso1:
        problem(f"{where}: cc {cc!r} is not an ISO 3166-1 alpha-2 code")
    elif known_cc is not None and cc not in known_cc:
        problem(f"{where}: cc {cc} is neither an ISO 3166-1 code nor in countries.json")
    key = (cc, name, e.get("admin1")) if gaz else (cc, name)
    if key in names:
        problem(f"{where}: duplicate name within {cc}" + (" and its admin1" if gaz else ""))
    names[key] = True
    adm = e.get("admin1")
    if cc in SCOPE:
        if adm is None:
            problem(f"{where}: admin1 is required for {cc}")
        elif adm not in codes:
            problem(f"{where}: admin1 {adm!r} not in admin1.json")
        elif not adm.startswith(cc + "-"):
            problem(f"{where}: admin1 {adm!r} does not belong to {cc}")
    elif adm is not None:
        problem(f"{where}: admin1 must be null outside {'/'.join(SCOPE)}")
    if e.get("kind") not in KINDS:
        problem(f"{where}: kind {e.get('kind')!r} not one of {sorted(KINDS)}")
    if "ambiguous" in e and not isinstance(e["ambiguous"], bool):
        problem(f"{where}: ambiguous must be true or false")
    if "alt" in e:
        alt = e["alt"]
        if not isinstance(alt, list) or not all(isinstance(a, str) and a.strip() for a in alt):
            problem(f"{where}: alt must be a list of non-empty strings")
    check_coords(where, e, cc, nullable=gaz)
    for s in check_ar_list(where, e.get("ar")):
        by_cc_ar.setdefault((cc, norm_ar(s)), []).append((e, s))
    return where


def load_gazetteer(path):
    out = {"places": [], "ids": set()}
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        problem(f"{path}: cannot load: {e}")
        return out
    if not isinstance(doc, dict) or set(doc) != {"schema", "sources", "not_names", "places"}:
        problem(f"{path}: top-level keys must be exactly schema, sources, not_names and places")
        return out
    check_ar_list(f"{path}: not_names", doc.get("not_names"))
    if doc.get("schema") != "raqib.gazetteer/1":
        problem(f"{path}: schema is {doc.get('schema')!r}, expected 'raqib.gazetteer/1'")
    for i, s in enumerate(doc.get("sources") or []):
        if not isinstance(s, dict) or set(s) != SOURCE_KEYS:
            problem(f"{path}: sources[{i}] keys must be exactly {sorted(SOURCE_KEYS)}")
            continue
        if not re.fullmatch(r"[0-9a-f]{64}", str(s["sha256"])):
            problem(f"{path}: source {s['id']!r}: sha256 is not 64 hex digits")
        out["ids"].add(s["id"])
    if not out["ids"]:
        problem(f"{path}: no sources")
    if isinstance(doc.get("places"), list):
        out["places"] = doc["places"]
    else:
        problem(f"{path}: places is not a list")
    return out


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    lexdir = os.path.join(here, "..", "config", "lexicon")
    iso_path = "/usr/share/iso-codes/json/iso_3166-2.json"
    verbose = False
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--iso-codes":
            iso_path = args.pop(0)
        elif a in ("-v", "--verbose"):
            verbose = True
        elif a in ("-h", "--help"):
            print(__doc__)
            return 0
        else:
            lexdir = a

    try:
        with open(iso_path, encoding="utf-8") as f:
            iso2 = json.load(f)["3166-2"]
        with open(os.path.join(os.path.dirname(iso_path), "iso_3166-1.json"), encoding="utf-8") as f:
            iso1 = {c["alpha_2"] for c in json.load(f)["3166-1"]}
    except (OSError, ValueError, KeyError) as e:
        print(f"cannot read iso-codes ({iso_path}): {e}", file=sys.stderr)
        return 1
    iso_names = {s["code"]: s for s in iso2}
    # The engine knows every ISO 3166-1 country (names from ICU) and those
    # countries.json adds; it refuses any other cc.
    known_cc = set(iso1)
    cpath = os.path.join(lexdir, "countries.json")
    if os.path.exists(cpath):
        try:
            with open(cpath, encoding="utf-8") as f:
                known_cc |= {c.get("cc") for c in json.load(f)["countries"]}
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
            problem(f"{cpath}: cannot read country list: {e}")
    required = {}
    for s in iso2:
        cc = s["code"][:2]
        if cc not in SCOPE:
            continue
        if cc == "BF" and s["type"] != "Region":
            continue
        required[s["code"]] = s["name"]

    # ---- admin1 ----
    admin1 = load(os.path.join(lexdir, "admin1.json"), "raqib.admin1/1", "admin1") or []
    codes = {}
    for i, e in enumerate(admin1):
        where = f"admin1[{i}]"
        if not isinstance(e, dict):
            problem(f"{where}: not an object")
            continue
        code = e.get("code")
        where = f"admin1 {code}"
        if not ADMIN1_KEYS <= set(e) <= ADMIN1_KEYS | {"ambiguous"}:
            extra = set(e) - ADMIN1_KEYS - {"ambiguous"}
            missing = ADMIN1_KEYS - set(e)
            problem(f"{where}: keys wrong (unknown {sorted(extra)}, missing {sorted(missing)})")
        if code in codes:
            problem(f"{where}: duplicate code")
        codes[code] = e
        if code not in iso_names:
            problem(f"{where}: code not in iso-codes")
        elif iso_names[code]["name"] != e.get("name"):
            problem(f"{where}: name {e.get('name')!r} differs from iso-codes {iso_names[code]['name']!r}")
        if known_cc is not None and (code or "")[:2] not in known_cc:
            problem(f"{where}: country {(code or '')[:2]} is neither an ISO 3166-1 code nor in countries.json")
        if code not in required:
            problem(f"{where}: not a required first-level subdivision of {'/'.join(SCOPE)}")
        check_ar_list(where, e.get("ar"))
        check_coords(where, e, (code or "")[:2])
    for code in sorted(set(required) - set(codes)):
        problem(f"admin1: missing {code} {required[code]}")
    for cc in SCOPE:
        n = sum(1 for c in codes if c and c.startswith(cc + "-"))
        if n != EXPECTED_COUNT[cc]:
            problem(f"admin1: {cc} has {n} entries, expected {EXPECTED_COUNT[cc]}")

    # ---- places ----
    places = load(os.path.join(lexdir, "places.json"), "raqib.places/1", "places") or []
    by_cc_ar = {}
    names = {}
    ctx = (iso1, known_cc, codes, names, by_cc_ar)
    for i, e in enumerate(places):
        check_place(f"places[{i}]", e, ctx, False)
    hand_folded = {(k[0], fold(k[1])) for k in names}

    # ---- gazetteer ----
    gaz = load_gazetteer(os.path.join(lexdir, "gazetteer.json"))
    for i, e in enumerate(gaz["places"]):
        where = check_place(f"gazetteer[{i}]", e, ctx, True)
        if where is None:
            continue
        if not (isinstance(e.get("ar_from"), str) and e["ar_from"] in ("source", "rule")):
            problem(f"{where}: ar_from must be source or rule")
        src = e.get("src")
        if not isinstance(src, list) or not src:
            problem(f"{where}: src must be a non-empty list")
        else:
            for sname in src:
                for part in str(sname).split("+"):
                    if part.split(":")[0] not in gaz["ids"]:
                        problem(f"{where}: src {part!r} names no source of the file")
        if (e.get("cc"), fold(e.get("name"))) in hand_folded:
            problem(f"{where}: repeats a hand-checked place of places.json")
    places = places + gaz["places"]
    for (cc, n), lst in sorted(by_cc_ar.items(), key=lambda kv: kv[0]):
        ents = {id(e): e for e, _ in lst}
        if len(ents) < 2:
            continue
        if not any(e.get("ambiguous") for e in ents.values()):
            who = ", ".join(f"{e['name']} ({s})" for e, s in lst)
            problem(f"places {cc}: Arabic spelling {n!r} shared by {who} and none is ambiguous")
    # same spelling across countries: not an error, reported with -v
    by_ar = {}
    for (cc, n), lst in by_cc_ar.items():
        by_ar.setdefault(n, set()).update(f"{e['name']}/{cc}{'*' if e.get('ambiguous') else ''}"
                                          for e, _ in lst)
    for n, who in sorted(by_ar.items()):
        if len({w.split('/')[1].rstrip('*') for w in who}) > 1:
            notes.append(f"places: {n!r} used in several countries: {', '.join(sorted(who))}")

    # ---- regions ----
    regions = load(os.path.join(lexdir, "regions.json"), "raqib.regions/1", "regions") or []
    rnames = set()
    for i, e in enumerate(regions):
        if not isinstance(e, dict):
            problem(f"regions[{i}]: not an object")
            continue
        where = f"region {e.get('name')!r}"
        if set(e) != REGION_KEYS:
            problem(f"{where}: keys must be exactly {sorted(REGION_KEYS)}, got {sorted(e)}")
        if not isinstance(e.get("name"), str) or not e.get("name"):
            problem(f"{where}: name must be a non-empty string")
        if e.get("name") in rnames:
            problem(f"{where}: duplicate name")
        rnames.add(e.get("name"))
        check_ar_list(where, e.get("ar"))
        cs = e.get("countries")
        if not isinstance(cs, list):
            problem(f"{where}: countries must be a list")
        else:
            for c in cs:
                if c not in iso1:
                    problem(f"{where}: {c!r} is not an ISO 3166-1 alpha-2 code")
                elif known_cc is not None and c not in known_cc:
                    problem(f"{where}: {c} is neither an ISO 3166-1 code nor in countries.json")

    if verbose:
        for n in notes:
            print("note:", n)
    for p in problems:
        print("error:", p)
    counts = {}
    for e in places:
        if isinstance(e, dict):
            counts[e.get("cc")] = counts.get(e.get("cc"), 0) + 1
    print(f"{len(admin1)} admin1, {len(places)} places "
          f"({', '.join(f'{c} {counts.get(c, 0)}' for c in SCOPE)}, other {len(places) - sum(counts.get(c, 0) for c in SCOPE)}), "
          f"{len(regions)} regions; {len(problems)} problem(s), {len(notes)} note(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
