// raqib's live map: the stored events from /events.geojson, then new ones
// from /events/stream as they are stored. Every field comes from article
// text, which is hostile: it only ever reaches the page as textContent,
// never as HTML (the page's Content-Security-Policy forbids inline script
// as a second line of defence).
'use strict';

const raqib = {
  events: new Map(),     // seq -> {f, marker, li}
  lastSeq: 0,
  violations: [],        // CSP reports, for whoever debugs the page
};
document.addEventListener('securitypolicyviolation', (e) => {
  raqib.violations.push(e.violatedDirective + ' ' + e.blockedURI);
});

const KINDS = {
  'Battles': ['battles', '#c0392b'],
  'Explosions/Remote violence': ['remote', '#e67e22'],
  'Violence against civilians': ['civilians', '#8e44ad'],
  'Protests': ['protests', '#2980b9'],
  'Riots': ['riots', '#16a085'],
  'Strategic developments': ['strategic', '#7f8c8d'],
};

function kind(p) {
  const t = p.acled && p.acled.event_type;
  return KINDS[t] || ['other', '#34495e'];
}

function el(tag, text, attrs) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  return e;
}

function typeLabel(p) {
  const sub = p.acled && p.acled.sub_event_type;
  const t = sub || String(p.type || 'event').replace(/_/g, ' ');
  return t.charAt(0).toUpperCase() + t.slice(1);
}

function actorName(p, id) {
  for (const a of p.actors || []) if (a.id === id) return a.name || id;
  return id;
}

function placeText(p) {
  const pl = p.place || {};
  const parts = [pl.name, pl.precision !== 'country' ? pl.country_name : null];
  return parts.filter(Boolean).join(', ');
}

function placeTextAr(p) {
  const pl = p.place || {};
  const parts = [pl.name_ar, pl.precision !== 'country' ? pl.country_name_ar : null];
  return parts.filter(Boolean).join('، ');
}

function radius(p) {
  const n = Number(p.fatalities) || 0;
  return Math.min(22, 5 + 3 * Math.log2(1 + n));
}

function figureText(p, c) {
  let n;
  if (Number.isInteger(c.value)) {
    const q = { at_least: 'at least ', about: 'about ', at_most: 'up to ' }[c.qualifier] || '';
    n = q + c.value;
  } else {
    n = c.vague ? '"' + c.vague + '"' : 'some';
  }
  let s = n + ' ' + c.kind;
  if (c.who) s += ' (' + actorName(p, c.who) + ')';
  if (c.claimed_by) s += ', claimed by ' + actorName(p, c.claimed_by);
  if (c.source) s += ', according to ' + c.source;
  return s;
}

// The detail of one event: built node by node, text only.
function popup(p) {
  const d = el('div', null, { class: 'popup' });
  d.append(el('h3', p.summary || typeLabel(p)));
  d.append(el('p', p.sentence, { class: 'ar', lang: 'ar', dir: 'rtl' }));
  const end = p.date && p.date.end;   // '..': a period since the start
  const when = p.event_date ? (end === '..' ? 'since ' + p.event_date : p.event_date + (end ? ' to ' + end : '')) : 'date unknown';
  d.append(el('p', typeLabel(p) + ' · ' + when + ' · #' + p.seq, { class: 'meta' }));
  if ((p.actors || []).length) {
    d.append(el('p', 'Actors', { class: 'title' }));
    const ul = el('ul');
    for (const a of p.actors) ul.append(el('li', a.name + (a.role && a.role !== 'unknown' ? ' — ' + a.role : ''), { dir: 'auto' }));
    d.append(ul);
  }
  if ((p.casualties || []).length) {
    d.append(el('p', 'Figures', { class: 'title' }));
    const ul = el('ul');
    for (const c of p.casualties) ul.append(el('li', figureText(p, c), { dir: 'auto' }));
    d.append(ul);
  }
  if (p.claimed_by) d.append(el('p', 'Claimed by ' + actorName(p, p.claimed_by)));
  if ((p.sources || []).length) d.append(el('p', 'Sources: ' + p.sources.join(', '), { dir: 'auto' }));
  if (p.doc && p.doc.title) d.append(el('p', p.doc.title, { class: 'ar meta', lang: 'ar', dir: 'auto' }));
  return d;
}

function listItem(p) {
  const li = el('li', null, { tabindex: '0', 'data-seq': String(p.seq) });
  const k = kind(p);
  const t = el('span', null, { class: 'title' });
  t.append(el('span', null, { class: 'swatch c-' + k[0] }));
  t.append(document.createTextNode(typeLabel(p) + ' — ' + placeText(p)));
  li.append(t);
  const figs = Number(p.fatalities) > 0 ? ' · ' + p.fatalities + ' killed' : '';
  li.append(el('div', (p.event_date || '') + figs + ' · #' + p.seq, { class: 'meta' }));
  li.append(el('span', placeTextAr(p), { class: 'ar', lang: 'ar', dir: 'rtl' }));
  li.append(el('span', p.sentence, { class: 'ar meta', lang: 'ar', dir: 'rtl' }));
  return li;
}

const map = L.map('map', { worldCopyJump: true, minZoom: 2, maxZoom: 10 }).setView([17, 0], 4);
map.attributionControl.setPrefix(false);
map.attributionControl.addAttribution('Outlines: Natural Earth (public domain) · Leaflet');
const markers = L.layerGroup().addTo(map);

fetch('/countries.geojson').then((r) => r.json()).then((g) => {
  L.geoJSON(g, { interactive: false, style: { className: 'country', fillOpacity: 1, weight: 0.7 } }).addTo(map);
  markers.eachLayer((m) => m.bringToFront());
}).catch(() => setStatus('country outlines missing'));

const countrySel = document.getElementById('country');
const typeSel = document.getElementById('type');
const list = document.getElementById('list');

function addOption(sel, value, label) {
  for (const o of sel.options) if (o.value === value) return;
  sel.append(el('option', label, { value }));
}

function visible(p) {
  const c = countrySel.value, t = typeSel.value;
  return (!c || (p.place && p.place.country) === c) && (!t || p.type === t);
}

function show(e) {
  const on = visible(e.f.properties);
  e.li.hidden = !on;
  if (on && !markers.hasLayer(e.marker)) markers.addLayer(e.marker);
  if (!on && markers.hasLayer(e.marker)) markers.removeLayer(e.marker);
}

function add(f, live) {
  const p = f.properties;
  if (!p || !Number.isInteger(p.seq) || raqib.events.has(p.seq)) return;
  const [lon, lat] = f.geometry.coordinates;
  const k = kind(p);
  const marker = L.circleMarker([lat, lon], {
    radius: radius(p), color: '#222', weight: 1, fillColor: k[1],
    fillOpacity: 0.8, className: 'raqib-marker',
  });
  marker.bindPopup(() => popup(p), { maxWidth: 440 });
  // Leaflet draws a new path each time a filter brings the marker back
  marker.on('add', () => marker.getElement().setAttribute('data-seq', String(p.seq)));
  const li = listItem(p);
  if (live) li.classList.add('new');
  li.addEventListener('click', () => {
    map.setView(marker.getLatLng(), Math.max(map.getZoom(), 6));
    marker.openPopup();
  });
  li.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') li.click(); });
  const e = { f, marker, li };
  raqib.events.set(p.seq, e);
  raqib.lastSeq = Math.max(raqib.lastSeq, p.seq);
  // newest first
  let before = null;
  for (const other of list.children) {
    if (Number(other.dataset.seq) < p.seq) { before = other; break; }
  }
  list.insertBefore(li, before);
  document.getElementById('empty').hidden = true;
  if (p.place && p.place.country) addOption(countrySel, p.place.country, p.place.country_name || p.place.country);
  addOption(typeSel, p.type, typeLabel(p));
  show(e);
  updateStatus();
}

let live = false;
function setStatus(s) { document.getElementById('status').textContent = s; }
function updateStatus() {
  setStatus((live ? 'live' : 'reconnecting…') + ' · ' + raqib.events.size + ' events');
}

countrySel.addEventListener('change', () => raqib.events.forEach(show));
typeSel.addEventListener('change', () => raqib.events.forEach(show));

function stream() {
  const es = new EventSource('/events/stream?format=feature&after=' + raqib.lastSeq);
  es.onopen = () => { live = true; updateStatus(); };
  es.onerror = () => { live = false; updateStatus(); };   // it reconnects with Last-Event-ID
  es.onmessage = (m) => {
    try { add(JSON.parse(m.data), true); } catch (err) { /* not a feature */ }
  };
}

fetch('/events.geojson?limit=5000').then((r) => r.json()).then((g) => {
  for (const f of g.features) add(f, false);
  updateStatus();
  stream();
}).catch(() => { setStatus('cannot load /events.geojson'); stream(); });

window.raqib = raqib;
