// fsscan's web view: a treemap of a directory's subdirectories, its figures, owners, histograms and
// biggest directories below it, all from the server's JSON API. The whole view state is in the URL.
'use strict';

const FILTERS = ['owner', 'group', 'accessed-before', 'accessed-after', 'min-size', 'min-files', 'levels', 'name'];
const KEYS = ['fs', 'path', 'area', 'by', 'hist', 'huser', 'sort', 'reverse'].concat(FILTERS);
const AGE_COLOURS = [[30, '#2e7d32', '< 1 month'], [90, '#5f9e3e', '< 3 months'], [182, '#9bbf4f', '< 6 months'],
  [365, '#dcc245', '< 1 year'], [730, '#e8953a', '< 2 years'], [1095, '#d9622b', '< 3 years'],
  [1826, '#b8412f', '< 5 years'], [Infinity, '#7a2828', '5 years +']];

let state = {};
let scans = [];
let me = null;
let current = null; // the tree answer shown

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('data-')) e.setAttribute(k, v);
    else e[k] = v;
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

function bytes(n) {
  if (n === null || n === undefined) return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return (i === 0 ? v.toFixed(0) : v.toFixed(v < 10 ? 2 : 1)) + ' ' + units[i];
}
const count = (n) => (n === null || n === undefined ? '' : n.toLocaleString('en-US'));
const pct = (x) => (100 * x).toFixed(1) + ' %';
const day = (t) => (t === null || t === undefined ? 'unknown' : new Date(t * 1000).toISOString().slice(0, 10));

function scanEpoch() {
  const s = scans.find((x) => x.fs === state.fs);
  return s && s.scan_date ? Date.parse(s.scan_date + 'T00:00:00Z') / 1000 : Date.now() / 1000;
}

function ageColour(t) {
  if (t === null || t === undefined) return '#9e9e9e';
  const days = (scanEpoch() - t) / 86400;
  for (const [limit, colour] of AGE_COLOURS) if (days < limit) return colour;
  return AGE_COLOURS[AGE_COLOURS.length - 1][1];
}

// ---- state and URL ----

function readState() {
  const q = new URLSearchParams(location.search);
  state = {};
  for (const k of KEYS) if (q.get(k)) state[k] = q.get(k);
  state.area = state.area || 'size';
  state.by = state.by || 'owner';
  state.hist = state.hist || 'access-history';
  state.sort = state.sort || 'size';
}

function go(changes, replace) {
  Object.assign(state, changes);
  for (const k of Object.keys(state)) if (state[k] === '' || state[k] === null || state[k] === undefined) delete state[k];
  const q = new URLSearchParams();
  for (const k of KEYS) if (state[k]) q.set(k, state[k]);
  const url = '/?' + q.toString();
  if (replace) history.replaceState(null, '', url); else history.pushState(null, '', url);
  show();
}

async function api(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of params) if (v !== undefined && v !== null && v !== '') q.append(k, v);
  const r = await fetch(path + '?' + q.toString(), { headers: { Accept: 'application/json' } });
  const body = await r.json().catch(() => ({ error: r.statusText }));
  if (!r.ok) throw new Error(body.error || r.statusText);
  return body;
}

function apiUrl(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of params) if (v !== undefined && v !== null && v !== '') q.append(k, v);
  return path + '?' + q.toString();
}

function fail(e) {
  $('error').hidden = false;
  $('error').textContent = e.message;
}

// ---- the view ----

async function start() {
  readState();
  try {
    const answer = await api('/api/v1/scans', []);
    scans = answer.scans;
    me = answer.user;
  } catch (e) {
    fail(e);
    return;
  }
  $('user').textContent = me.name ? 'signed in as ' + me.name + (me.admin ? ' (administrator)' : '') : '';
  const fsSelect = $('fs');
  for (const s of scans) fsSelect.append(el('option', { value: s.fs }, s.fs));
  if (scans.length === 0) {
    fail(new Error('no scans to show' + (me.name ? ': you own no files in the scans served here' : '')));
    return;
  }
  if (!state.fs || !scans.some((s) => s.fs === state.fs)) state.fs = scans[0].fs;
  fsSelect.value = state.fs;
  fsSelect.addEventListener('change', () => go({ fs: fsSelect.value, path: '' }));
  $('area').addEventListener('change', () => go({ area: $('area').value }, true));
  $('by').addEventListener('change', () => go({ by: $('by').value }, true));
  $('hist').addEventListener('change', () => go({ hist: $('hist').value }, true));
  $('hist-user').addEventListener('change', () => go({ huser: $('hist-user').value }, true));
  $('search').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const p = $('search-path').value.trim().replace(/\/+$/, '');
    if (p) go({ path: p });
  });
  $('filters').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const changes = {};
    for (const f of FILTERS) changes[f] = $('filters').elements[f].value.trim();
    go(changes);
  });
  $('clear').addEventListener('click', (ev) => {
    ev.preventDefault();
    const changes = {};
    for (const f of FILTERS) changes[f] = '';
    go(changes);
  });
  window.addEventListener('popstate', () => { readState(); show(); });
  window.addEventListener('resize', () => { if (current) drawMap(current); });
  legend();
  go({}, true);
}

async function show() {
  $('error').hidden = true;
  $('fs').value = state.fs;
  $('area').value = state.area;
  $('by').value = state.by;
  $('hist').value = state.hist;
  for (const f of FILTERS) $('filters').elements[f].value = state[f] || '';
  const s = scans.find((x) => x.fs === state.fs);
  $('scan-date').textContent = s ? 'scan of ' + (s.scan_date || 'unknown date')
    + (s.age_days !== null ? ' (' + s.age_days + ' days ago)' : '') : '';
  let tree;
  try {
    tree = await api('/api/v1/tree', [['fs', state.fs], ['path', state.path]]);
  } catch (e) {
    fail(e);
    return;
  }
  current = tree;
  if (!state.path) { state.path = tree.path; go({}, true); return; }
  document.title = 'fsscan: ' + tree.path;
  crumbs(tree);
  drawMap(tree);
  figures(tree);
  owners(tree).catch(fail);
  histogram(tree).catch(fail);
  directories(tree).catch(fail);
}

function crumbs(tree) {
  const nav = $('crumbs');
  nav.replaceChildren();
  const s = scans.find((x) => x.fs === state.fs);
  const root = (s && s.roots.find((r) => tree.path === r || tree.path.startsWith(r + '/'))) || tree.path;
  const parts = tree.path.slice(root.length).split('/').filter((x) => x);
  let p = root;
  const links = [[root, root]];
  for (const part of parts) { p = p + '/' + part; links.push([part, p]); }
  links.forEach(([label, target], i) => {
    if (i > 0) nav.append(el('span', { class: 'sep' }, ' / '));
    if (i === links.length - 1) nav.append(el('span', { class: 'here' }, label));
    else {
      const a = el('a', { href: '#', 'data-path': target }, label);
      a.addEventListener('click', (ev) => { ev.preventDefault(); go({ path: target }); });
      nav.append(a);
    }
  });
}

// Squarified treemap (Bruls, Huizing, van Wijk): rows of tiles whose worst aspect ratio is least.
function squarify(items, x, y, w, h) {
  const total = items.reduce((a, b) => a + b.value, 0);
  const out = [];
  if (total <= 0 || w <= 0 || h <= 0) return out;
  const scale = (w * h) / total;
  let rest = items.map((it) => ({ item: it, area: it.value * scale }));
  while (rest.length) {
    const side = Math.min(w, h);
    let row = [];
    let best = Infinity;
    let i = 0;
    while (i < rest.length) {
      const trial = row.concat([rest[i]]);
      const sum = trial.reduce((a, b) => a + b.area, 0);
      const max = Math.max(...trial.map((t) => t.area));
      const min = Math.min(...trial.map((t) => t.area));
      const worst = Math.max((side * side * max) / (sum * sum), (sum * sum) / (side * side * min));
      if (worst > best) break;
      best = worst;
      row = trial;
      i++;
    }
    rest = rest.slice(row.length);
    const sum = row.reduce((a, b) => a + b.area, 0);
    const thick = sum / side;
    let offset = 0;
    for (const r of row) {
      const len = r.area / thick;
      if (w >= h) out.push({ item: r.item, x: x, y: y + offset, w: thick, h: len });
      else out.push({ item: r.item, x: x + offset, y: y, w: len, h: thick });
      offset += len;
    }
    if (w >= h) { x += thick; w -= thick; } else { y += thick; h -= thick; }
  }
  return out;
}

function drawMap(tree) {
  const box = $('treemap');
  box.replaceChildren();
  const key = state.area === 'files' ? 'files' : 'size';
  const ownKey = state.area === 'files' ? 'own_files' : 'own_size';
  const items = tree.children.filter((c) => c[key] > 0).map((c) => ({ value: c[key], row: c }));
  if (tree.directory[ownKey] > 0) items.push({ value: tree.directory[ownKey], row: null });
  items.sort((a, b) => b.value - a.value);
  if (items.length === 0) {
    box.append(el('p', { class: 'empty' }, tree.children.length ? 'no files below here' : 'no subdirectories'));
    return;
  }
  const total = items.reduce((a, b) => a + b.value, 0);
  for (const t of squarify(items, 0, 0, box.clientWidth, box.clientHeight)) {
    const r = t.item.row;
    const share = pct(t.item.value / total);
    const label = r ? r.name : '(files here)';
    const tile = el('div', { class: r ? 'tile' : 'tile own', role: 'listitem', title: label + ': '
      + (key === 'size' ? bytes(t.item.value) : count(t.item.value) + ' files') + ', ' + share
      + (r ? ', newest access ' + day(r.newest_access) + ', ' + r.user + growth(r, tree) : '') });
    if (r) tile.setAttribute('data-path', r.path);
    tile.style.left = t.x + 'px';
    tile.style.top = t.y + 'px';
    tile.style.width = Math.max(0, t.w - 1) + 'px';
    tile.style.height = Math.max(0, t.h - 1) + 'px';
    tile.style.background = r ? ageColour(r.newest_access) : '#cfd8dc';
    if (t.w > 40 && t.h > 18) {
      tile.append(el('span', { class: 'name' }, label));
      if (t.h > 34) tile.append(el('span', { class: 'figure' }, key === 'size' ? bytes(t.item.value) : count(t.item.value)));
    }
    if (r) tile.addEventListener('click', () => go({ path: r.path }));
    box.append(tile);
  }
}

// Growth since the kept previous scan, for a tooltip: "" when none is kept.
function growth(r, tree) {
  if (!tree.previous_scan_date) return '';
  if (r.previous_size === undefined) return ', new since ' + tree.previous_scan_date;
  const d = r.size - r.previous_size;
  return ', ' + (d >= 0 ? '+' : '−') + bytes(Math.abs(d)) + ' since ' + tree.previous_scan_date;
}

function legend() {
  const l = $('legend');
  l.append('colour: newest access ');
  for (const [, colour, label] of AGE_COLOURS) {
    const swatch = el('span', { class: 'swatch' });
    swatch.style.background = colour;
    l.append(swatch, label + ' ');
  }
}

function figures(tree) {
  const d = tree.directory;
  $('dir-name').textContent = tree.path;
  $('below-path').textContent = tree.path;
  const t = $('figures');
  t.replaceChildren();
  const rows = [['size', bytes(d.size)], ['files', count(d.files)], ['directories', count(d.directories)],
    ['own files', count(d.own_files) + ' (' + bytes(d.own_size) + ')'], ['newest access', day(d.newest_access)],
    ['owner', d.user]];
  if (d.previous_size !== undefined) {
    const grew = d.size - d.previous_size;
    rows.push(['since ' + tree.previous_scan_date, (grew >= 0 ? '+' : '−') + bytes(Math.abs(grew)) + ', '
      + (d.files - d.previous_files >= 0 ? '+' : '−') + count(Math.abs(d.files - d.previous_files)) + ' files']);
  }
  for (const [k, v] of rows) t.append(el('tr', {}, el('th', {}, k), el('td', { 'data-figure': k }, v)));
}

function scope(tree) {
  return [['fs', state.fs], ['path-prefix', tree.path]];
}

async function owners(tree) {
  const byGroup = state.by === 'group';
  const params = scope(tree).concat([['group-by', state.by], ['limit', '20']]);
  $('owners-csv').href = apiUrl('/api/v1/query', params.concat([['format', 'csv'], ['limit', '0']]));
  const answer = await api('/api/v1/query', params);
  const rows = byGroup ? answer.groups : answer.owners;
  const t = $('owners');
  t.replaceChildren(el('tr', {}, el('th', {}, byGroup ? 'group' : 'user'), el('th', {}, 'size'), el('th', {}, 'share'),
    el('th', {}, 'files')));
  const huser = $('hist-user');
  if (!byGroup) {
    huser.replaceChildren(el('option', { value: '' }, 'everyone'));
    for (const o of rows) huser.append(el('option', { value: String(o.uid) }, o.user));
    huser.value = state.huser || '';
  }
  for (const o of rows) {
    const bar = el('span', { class: 'bar' });
    bar.style.width = (100 * o.share).toFixed(1) + '%';
    t.append(el('tr', {}, el('td', {}, byGroup ? o.group : o.user), el('td', { class: 'num' }, bytes(o.size)),
      el('td', { class: 'share' }, bar, el('span', {}, pct(o.share))), el('td', { class: 'num' }, count(o.files))));
  }
  if (rows.length === 0) t.append(el('tr', {}, el('td', { colSpan: 4 }, 'no files')));
}

async function histogram(tree) {
  const params = scope(tree).concat([['histogram', state.hist], ['owner', state.huser], ['top-n', '3']]);
  $('hist-csv').href = apiUrl('/api/v1/analyze', params.concat([['format', 'csv']]));
  const answer = await api('/api/v1/analyze', params);
  const box = $('histogram');
  box.replaceChildren();
  const max = Math.max(...answer.buckets.map((b) => b.bytes_share), 0.0001);
  for (const b of answer.buckets) {
    if (b.label === 'unknown' && b.files === 0) continue;
    const bar = el('span', { class: 'hbar' });
    bar.style.width = (100 * b.bytes_share / max).toFixed(1) + '%';
    const top = b.top_users.map((u) => u.user || u.uid).join(', ');
    box.append(el('div', { class: 'hrow', title: top ? 'most bytes: ' + top : '' }, el('span', { class: 'hlabel' }, b.label),
      el('span', { class: 'htrack' }, bar), el('span', { class: 'hval' }, bytes(b.bytes) + ' · ' + count(b.files) + ' files')));
  }
}

const COLUMNS = [['path', 'path', 'path'], ['size', 'size', 'size'], ['files', 'files', 'files'],
  ['newest access', 'newest_access', 'atime'], ['user', 'user', null]];

async function directories(tree) {
  const depth = tree.path.split('/').filter((x) => x).length;
  const params = scope(tree).concat([['min-depth', String(depth + 1)], ['sort-by', state.sort], ['reverse', state.reverse],
    ['limit', '50']]);
  for (const f of FILTERS) {
    if (!state[f]) continue;
    if (f === 'levels') params.push(['max-depth', String(depth + Number(state[f]))]);
    else params.push([f, state[f]]);
  }
  $('dirs-csv').href = apiUrl('/api/v1/query', params.filter(([k]) => k !== 'limit').concat([['format', 'csv'], ['limit', '0']]));
  const t = $('dirs');
  t.replaceChildren();
  const head = el('tr');
  for (const [label, , sort] of COLUMNS) {
    const th = el('th', {}, label + (sort === state.sort ? (state.reverse ? ' ▲' : ' ▼') : ''));
    if (sort) {
      th.className = 'sorts';
      th.setAttribute('data-sort', sort);
      th.addEventListener('click', () => go(sort === state.sort ? { reverse: state.reverse ? '' : 'true' } : { sort: sort, reverse: '' }, true));
    }
    head.append(th);
  }
  t.append(head);
  let answer;
  try {
    answer = await api('/api/v1/query', params);
  } catch (e) {
    t.append(el('tr', {}, el('td', { colSpan: COLUMNS.length, class: 'bad' }, e.message)));
    return;
  }
  for (const d of answer.directories) {
    const a = el('a', { href: '#', 'data-path': d.path }, d.path.slice(tree.path.length + 1) || d.path);
    a.addEventListener('click', (ev) => { ev.preventDefault(); go({ path: d.path }); });
    t.append(el('tr', {}, el('td', {}, a), el('td', { class: 'num' }, bytes(d.size)), el('td', { class: 'num' }, count(d.files)),
      el('td', {}, day(d.newest_access)), el('td', {}, d.user)));
  }
  if (answer.directories.length === 0) t.append(el('tr', {}, el('td', { colSpan: COLUMNS.length }, 'nothing matches')));
}

document.addEventListener('DOMContentLoaded', start);
