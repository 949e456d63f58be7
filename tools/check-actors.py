#!/usr/bin/env python3
"""Validate config/lexicon/actors.json and config/lexicon/people.json.

Usage: tools/check-actors.py [--vocab PATH] [--actors PATH] [--people PATH]

Checks (stdlib only):
  * both files parse as JSON, carry the right schema string and only known keys;
  * the set of actor ids equals the controlled vocabulary exactly, and
    name/kind agree with it; the vocabulary's name_ar is produced either by
    an "ar" form or by a template expansion for that actor;
  * armies/governments map known country codes to valid ids of the right kind;
  * every Arabic string is Arabic script, without diacritics or tatweel;
  * after the engine's normalisation (hamza/alef/ya/ta-marbuta folding,
    diacritics removed, article stripped per word) no Arabic form is claimed
    by two different owners (actors, template expansions, context classes,
    people), and no actor lists a redundant variant of one of its own forms;
  * Latin forms are not shared between two actors.
Exit status 1 with one message per problem; warnings do not fail.
"""
import argparse
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

NISBA = {
    "ML": ("المالي", "مالي"),
    "BF": ("البوركيني", "بوركينا فاسو"),
    "NE": ("النيجري", "النيجر"),
    "TD": ("التشادي", "تشاد"),
    "MR": ("الموريتاني", "موريتانيا"),
    "DZ": ("الجزائري", "الجزائر"),
    "NG": ("النيجيري", "نيجيريا"),
    "RU": ("الروسي", "روسيا"),
    "FR": ("الفرنسي", "فرنسا"),
    "US": ("الأمريكي", "الولايات المتحدة"),
    "UA": ("الأوكراني", "أوكرانيا"),
}
ARMY_COUNTRIES = ["ML", "BF", "NE", "TD", "MR", "DZ", "NG", "RU", "FR", "US"]
GOV_COUNTRIES = ARMY_COUNTRIES + ["UA"]

TOP_KEYS = {"schema", "actors", "armies", "governments", "templates", "context"}
TOP_OPTIONAL = {"introducers"}
ACTOR_KEYS = {"id", "name", "kind", "country", "ar", "ar_weak", "latin"}
ACTOR_REQUIRED = {"id", "name", "kind", "ar", "latin"}
CLASS_KEYS = {"army", "government"}
PEOPLE_TOP_KEYS = {"schema", "people"}
PERSON_KEYS = {"name", "ar", "country", "role"}
STATE_KINDS = {"state_force", "government", "foreign_force"}

DIACRITICS = re.compile("[\u064B-\u065F\u0670\u0640\u06D6-\u06ED]")
ARABIC_OK = re.compile("^[\u0621-\u063A\u0641-\u064A\u0671 ]+$")
ARABIC_ANY = re.compile("[\u0600-\u06FF]")
ISO2 = re.compile("^[A-Z]{2}$")
FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه",
                      "ؤ": "و", "ئ": "ي", "«": " ", "»": " ", '"': " ",
                      **{chr(0x0660 + i): str(i) for i in range(10)},
                      **{chr(0x06F0 + i): str(i) for i in range(10)}})

errors = []
warnings = []


def err(msg):
    errors.append(msg)


def warn(msg):
    warnings.append(msg)


def normalise(s):
    s = DIACRITICS.sub("", s)
    s = s.translate(FOLD)
    return " ".join(s.split())


def strip_article(w):
    for p in ("لل", "ال"):
        if w.startswith(p) and len(w) - len(p) >= 2:
            return w[len(p):]
    return w


def key(s):
    """Normalised form with the article stripped from every word."""
    return " ".join(strip_article(w) for w in normalise(s).split())


def stripped_variants(s):
    """Forms the engine may reach by stripping single-letter proclitics
    (conjunction و/ف, then preposition ب/ك/ل, then the article) from each word."""
    words = key(s).split()
    out = set()
    for i, w in enumerate(words):
        cands = {w}
        if len(w) >= 4 and w[0] in "وف":
            cands.add(w[1:])
        for c in list(cands):
            if len(c) >= 4 and c[0] in "بكل":
                cands.add(strip_article(c[1:]))
        for c in cands - {w}:
            if len(c) >= 2:
                out.add(" ".join(words[:i] + [c] + words[i + 1:]))
    return out


def person_key(s):
    """Collapse the variants the engine tolerates for names (ج/غ/ق, long vowels)."""
    out = []
    for w in key(s).split():
        w = re.sub("[جغق]", "ج", w)
        w = w[0] + re.sub("[اوي]", "", w[1:]) if len(w) > 1 else w
        out.append(w)
    return " ".join(out)


def check_arabic(where, s, placeholders=False):
    if not isinstance(s, str) or not s.strip():
        err(f"{where}: empty or non-string Arabic form {s!r}")
        return False
    if s != s.strip() or "  " in s:
        err(f"{where}: stray whitespace in {s!r}")
    if DIACRITICS.search(s):
        err(f"{where}: diacritics/tatweel in {s!r}")
        return False
    body = s
    if placeholders:
        body = re.sub(r"\{(nisba|country)\}", "", s)
        if re.search(r"[{}]", body):
            err(f"{where}: unknown placeholder in {s!r}")
            return False
        body = " ".join(body.split())
    if "~a" in body:
        body = body.replace("~a", "")
    if body and not ARABIC_OK.match(body):
        bad = sorted({c for c in body if not ARABIC_OK.match(c)})
        err(f"{where}: non-Arabic characters {bad!r} in {s!r}")
        return False
    return True


def nisba_forms(nisba):
    return [nisba, nisba + "ة", nisba + "ين", nisba + "ون", nisba + "ات"]


def expand(template, cc):
    nisba, country = NISBA[cc]
    if "{nisba}" in template:
        return [template.replace("{nisba}", n).replace("{country}", country) for n in nisba_forms(nisba)]
    return [template.replace("{country}", country)]


def load(path, what):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        err(f"{what}: cannot load {path}: {e}")
        return None


def str_list(where, v):
    if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
        err(f"{where}: must be a list of non-empty strings")
        return []
    seen = set()
    for x in v:
        if x in seen:
            err(f"{where}: duplicate entry {x!r}")
        seen.add(x)
    return v


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--vocab", default=os.path.join(ROOT, "tests/eval/actors.json"))
    ap.add_argument("--actors", default=os.path.join(ROOT, "config/lexicon/actors.json"))
    ap.add_argument("--people", default=os.path.join(ROOT, "config/lexicon/people.json"))
    args = ap.parse_args()

    vocab = load(args.vocab, "vocabulary")
    doc = load(args.actors, "actors.json")
    pdoc = load(args.people, "people.json")
    if vocab is None or doc is None or pdoc is None:
        return finish()

    vocab_by_id = {a["id"]: a for a in vocab.get("actors", [])}

    # ---------------- actors.json structure
    if not isinstance(doc, dict):
        err("actors.json: top level must be an object")
        return finish()
    if doc.get("schema") != "raqib.actors/1":
        err(f"actors.json: schema must be 'raqib.actors/1', got {doc.get('schema')!r}")
    for k in set(doc) - TOP_KEYS - TOP_OPTIONAL:
        err(f"actors.json: unknown top-level key {k!r}")
    for k in TOP_KEYS - set(doc):
        err(f"actors.json: missing top-level key {k!r}")

    actors = doc.get("actors", [])
    if not isinstance(actors, list):
        err("actors.json: 'actors' must be a list")
        actors = []
    by_id = {}
    for i, a in enumerate(actors):
        where = f"actors[{i}]"
        if not isinstance(a, dict):
            err(f"{where}: must be an object")
            continue
        aid = a.get("id")
        where = f"actor {aid!r}"
        for k in set(a) - ACTOR_KEYS:
            err(f"{where}: unknown key {k!r}")
        for k in ACTOR_REQUIRED - set(a):
            err(f"{where}: missing key {k!r}")
        if not isinstance(aid, str):
            err(f"actors[{i}]: id must be a string")
            continue
        if aid in by_id:
            err(f"{where}: duplicate id")
        by_id[aid] = a
        v = vocab_by_id.get(aid)
        if v is None:
            err(f"{where}: id not in the controlled vocabulary")
        else:
            if a.get("name") != v["name"]:
                err(f"{where}: name {a.get('name')!r} differs from vocabulary {v['name']!r}")
            if a.get("kind") != v["kind"]:
                err(f"{where}: kind {a.get('kind')!r} differs from vocabulary {v['kind']!r}")
        if "country" in a:
            if not isinstance(a["country"], str) or not ISO2.match(a["country"]):
                err(f"{where}: country must be an ISO alpha-2 code, got {a['country']!r}")
        elif a.get("kind") in STATE_KINDS:
            err(f"{where}: kind {a.get('kind')} needs a country")
        ar = str_list(f"{where}.ar", a.get("ar", []))
        for s in ar:
            check_arabic(f"{where}.ar", s)
        # forms that name the actor only beside an introducer (تنظيم القاعدة)
        for s in str_list(f"{where}.ar_weak", a.get("ar_weak", [])):
            check_arabic(f"{where}.ar_weak", s)
        latin = str_list(f"{where}.latin", a.get("latin", []))
        for s in latin:
            if ARABIC_ANY.search(s):
                err(f"{where}.latin: Arabic characters in {s!r}")
        if not latin:
            warn(f"{where}: no latin forms")
    for vid in vocab_by_id:
        if vid not in by_id:
            err(f"actors.json: vocabulary id {vid!r} missing")

    # ---------------- armies / governments
    def check_map(name, required, kinds):
        m = doc.get(name, {})
        if not isinstance(m, dict):
            err(f"actors.json: {name!r} must be an object")
            return {}
        for cc, aid in m.items():
            if cc not in NISBA:
                err(f"{name}: unknown country code {cc!r} (no nisba/country name known)")
            if aid not in by_id:
                err(f"{name}: {cc} -> {aid!r} is not an actor id")
                continue
            if by_id[aid].get("kind") not in kinds:
                err(f"{name}: {cc} -> {aid!r} has kind {by_id[aid].get('kind')!r}")
            if by_id[aid].get("country") != cc:
                err(f"{name}: {cc} -> {aid!r} whose country is {by_id[aid].get('country')!r}")
        for cc in required:
            if cc not in m:
                err(f"{name}: missing country {cc}")
        return m

    armies = check_map("armies", ARMY_COUNTRIES, {"state_force", "foreign_force"})
    govs = check_map("governments", GOV_COUNTRIES, {"government"})

    # ---------------- templates / context
    templates = doc.get("templates", {})
    context = doc.get("context", {})
    for sec, obj in (("templates", templates), ("context", context)):
        if not isinstance(obj, dict):
            err(f"actors.json: {sec!r} must be an object")
            continue
        for k in set(obj) - CLASS_KEYS:
            err(f"{sec}: unknown key {k!r}")
        for k in CLASS_KEYS - set(obj):
            err(f"{sec}: missing key {k!r}")
    templates = {k: str_list(f"templates.{k}", v) for k, v in templates.items() if k in CLASS_KEYS} \
        if isinstance(templates, dict) else {}
    context = {k: str_list(f"context.{k}", v) for k, v in context.items() if k in CLASS_KEYS} \
        if isinstance(context, dict) else {}
    for cls, lst in templates.items():
        for t in lst:
            if check_arabic(f"templates.{cls}", t, placeholders=True):
                if "{nisba}" not in t and "{country}" not in t:
                    err(f"templates.{cls}: {t!r} has no placeholder (put it in context)")
    for cls, lst in context.items():
        for t in lst:
            check_arabic(f"context.{cls}", t)

    # ---------------- ownership of normalised forms
    owners = {}      # key -> {owner: [origin strings]}
    variants = []    # (variant key, owner, origin)

    def claim(owner, form, origin):
        k = key(form)
        owners.setdefault(k, {}).setdefault(owner, []).append(origin)
        for v in stripped_variants(form):
            variants.append((v, owner, origin))

    generated = {}   # actor id -> set of keys from templates
    for cls, mapping in (("army", armies), ("government", govs)):
        for cc, aid in mapping.items():
            if cc not in NISBA or aid not in by_id:
                continue
            for t in templates.get(cls, []):
                for form in expand(t, cc):
                    generated.setdefault(aid, set()).add(key(form))
                    claim(aid, form, f"template {t!r} [{cc}] -> {form!r}")
    for cls, lst in context.items():
        for s in lst:
            claim(f"context:{cls}", s, f"context {s!r}")
    for aid, a in by_id.items():
        seen = {}
        for s in a.get("ar", []) if isinstance(a.get("ar"), list) else []:
            if not isinstance(s, str):
                continue
            k = key(s)
            if k in seen:
                err(f"actor {aid!r}: {s!r} is a redundant variant of {seen[k]!r} after normalisation")
            seen[k] = s
            if k in generated.get(aid, set()):
                err(f"actor {aid!r}: {s!r} is already produced by a template")
            claim(aid, s, f"ar {s!r}")
        v = vocab_by_id.get(aid)
        if v and v.get("name_ar"):
            k = key(v["name_ar"])
            weak = {key(w) for w in a.get("ar_weak", []) if isinstance(w, str)}
            if k not in seen and k not in weak and k not in generated.get(aid, set()):
                err(f"actor {aid!r}: vocabulary name_ar {v['name_ar']!r} is neither in 'ar' "
                    "nor 'ar_weak' nor produced by a template")

    # ---------------- latin collisions
    latin_owner = {}
    for aid, a in by_id.items():
        for s in a.get("latin", []) if isinstance(a.get("latin"), list) else []:
            if not isinstance(s, str):
                continue
            k = " ".join(s.casefold().split())
            if k in latin_owner and latin_owner[k] != aid:
                err(f"latin {s!r} claimed by both {latin_owner[k]!r} and {aid!r}")
            latin_owner.setdefault(k, aid)

    # ---------------- people.json
    if not isinstance(pdoc, dict):
        err("people.json: top level must be an object")
    else:
        if pdoc.get("schema") != "raqib.people/1":
            err(f"people.json: schema must be 'raqib.people/1', got {pdoc.get('schema')!r}")
        for k in set(pdoc) - PEOPLE_TOP_KEYS:
            err(f"people.json: unknown top-level key {k!r}")
        people = pdoc.get("people", [])
        if not isinstance(people, list):
            err("people.json: 'people' must be a list")
            people = []
        names = set()
        pkeys = {}
        for i, p in enumerate(people):
            if not isinstance(p, dict):
                err(f"people[{i}]: must be an object")
                continue
            name = p.get("name")
            where = f"person {name!r}"
            for k in set(p) - PERSON_KEYS:
                err(f"{where}: unknown key {k!r}")
            for k in PERSON_KEYS - set(p):
                err(f"{where}: missing key {k!r}")
            if not isinstance(name, str) or not name.strip() or ARABIC_ANY.search(name):
                err(f"people[{i}]: name must be a non-empty Latin string")
                continue
            if name in names:
                err(f"{where}: duplicate person")
            names.add(name)
            c = p.get("country")
            if c is not None and (not isinstance(c, str) or not ISO2.match(c)):
                err(f"{where}: country must be ISO alpha-2 or null, got {c!r}")
            if not isinstance(p.get("role"), str) or not p.get("role", "").strip():
                err(f"{where}: role must be a non-empty string")
            ar = str_list(f"{where}.ar", p.get("ar", []))
            if not ar:
                err(f"{where}: no Arabic forms")
            seen = {}
            for s in ar:
                if not check_arabic(f"{where}.ar", s):
                    continue
                k = key(s)
                if k in seen:
                    err(f"{where}: {s!r} is a redundant variant of {seen[k]!r} after normalisation")
                seen[k] = s
                claim(f"person:{name}", s, f"ar {s!r}")
                pk = person_key(s)
                if pk in pkeys and pkeys[pk][0] != name:
                    warn(f"{where}: {s!r} is close (ج/غ/ق, long vowels) to {pkeys[pk][1]!r} of {pkeys[pk][0]!r}")
                pkeys.setdefault(pk, (name, s))
        if len(people) < 150:
            warn(f"people.json: only {len(people)} people (aim for 150+)")

    for k, own in sorted(owners.items()):
        if len(own) > 1:
            desc = "; ".join(f"{o}: {', '.join(sorted(set(v))[:3])}" for o, v in sorted(own.items()))
            err(f"collision on normalised form {k!r}: {desc}")
    reported = set()
    for v, owner, origin in variants:
        for other, origins in owners.get(v, {}).items():
            if other != owner and (v, owner, other) not in reported:
                reported.add((v, owner, other))
                warn(f"{owner} {origin}: stripping a proclitic gives {v!r}, "
                     f"a form of {other} ({origins[0]})")

    n_ar = sum(len(a.get("ar", [])) for a in by_id.values())
    n_gen = len({k for s in generated.values() for k in s})
    n_people = len(pdoc.get("people", [])) if isinstance(pdoc, dict) else 0
    n_pforms = sum(len(p.get("ar", [])) for p in pdoc.get("people", [])) if isinstance(pdoc, dict) else 0
    print(f"actors: {len(by_id)}  ar forms: {n_ar}  template expansions (distinct keys): {n_gen}  "
          f"context forms: {sum(len(v) for v in context.values())}  people: {n_people}  person forms: {n_pforms}")
    return finish()


def finish():
    for w in warnings:
        print(f"warning: {w}")
    for e in errors:
        print(f"error: {e}")
    if errors:
        print(f"{len(errors)} error(s)")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
