// The live comparison dashboard: a key figure over the years for chosen municipalities (or a peer group)
// against riket and the municipalities' average, all municipalities ranked for one year coloured by
// quartile, the numbers as a table (exportable), and the signed-in tenant's goal assessments. It
// subscribes to comparisonUpdated and assessmentChanged over graphql-ws and redraws without a reload.
import * as echarts from 'echarts';
import { createClient } from 'graphql-ws';

const storageKey = 'jamforelse.apiKey';
const colours = { BEST: '#1a7f37', MIDDLE: '#9a6700', WORST: '#cf222e', missing: '#8c959f' };
const number = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 2 });
const $ = (id) => document.getElementById(id);

// What the page shows, for people and for the browser tests.
const state = (window.jamforelseDashboard = { updates: 0, bar: [], table: null, loaded: false });

let socket = null;
let subscriptions = [];
const line = echarts.init($('line'));
const bar = echarts.init($('bar'));
window.addEventListener('resize', () => { line.resize(); bar.resize(); });

function key() { return $('key').value.trim(); }

async function graphql(query, variables) {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${key()}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json().catch(() => ({}));
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join(' '));
  if (!response.ok) throw new Error(body.detail ?? `HTTP ${response.status}`);
  return body.data;
}

function choice() {
  return {
    kpi: $('kpi').value.trim().split(' ')[0],
    areas: $('areas').value.split(',').map((a) => a.trim()).filter(Boolean),
    group: $('group').value.trim() || null,
    from: Number($('from').value), to: Number($('to').value), year: String($('year').value),
    gender: $('gender').value,
  };
}

const seriesQuery = `query Dashboard($kpi: String!, $areas: [String!], $group: String, $from: Int, $to: Int, $gender: Gender, $year: String!) {
  keyFigure(id: $kpi) { id title unit source }
  series(kpi: $kpi, areas: $areas, group: $group, from: $from, to: $to, gender: $gender) {
    attribution
    years { period references { key label value count of } rows { areaId title value statusLabel flaggedValue } }
  }
  comparison(kpi: $kpi, period: $year, gender: $gender) {
    attribution municipalitiesWithData
    rows { areaId title value rank quartile status statusLabel flaggedValue }
  }
}`;

async function load() {
  const c = choice();
  if (!c.kpi) return;
  $('status').textContent = 'Hämtar …';
  try {
    const data = await graphql(seriesQuery, { kpi: c.kpi, areas: c.areas.length ? c.areas : null, group: c.group, from: c.from, to: c.to, gender: c.gender, year: c.year });
    if (!data.keyFigure) throw new Error(`Nyckeltalet ${c.kpi} finns inte (eller är inte delat med dig).`);
    $('title').textContent = `${data.keyFigure.id} ${data.keyFigure.title}`;
    drawLine(data.series, data.keyFigure);
    drawBar(data.comparison, c);
    await loadAssessments(c);
    state.loaded = true;
    $('status').textContent = `Uppdaterad ${new Date().toLocaleTimeString('sv-SE')}.`;
    subscribe(c);
  } catch (error) {
    $('status').textContent = `Fel: ${error.message}`;
  }
}

function drawLine(series, keyFigure) {
  const years = series?.years ?? [];
  const periods = years.map((y) => y.period);
  const names = new Map();
  for (const y of years) for (const r of y.rows) names.set(r.areaId, r.title);
  const rowOf = (y, id) => y.rows.find((r) => r.areaId === id);
  const lines = [...names].map(([id, title]) => ({
    name: title, type: 'line', connectNulls: false, areaId: id,
    data: years.map((y) => rowOf(y, id)?.value ?? null),
  }));
  // A reference is drawn for a year only when it rests on at least half of the areas it stands for (the
  // average on 1 of 290 municipalities is not "the municipalities' average"); its name says what it rests on,
  // and the years left out are listed under the chart (docs/kolada.md).
  const omitted = [];
  const referenceLine = (key, title) => {
    const refs = years.map((y) => y.references.find((r) => r.key === key));
    const drawn = refs.map((r) => (r && r.value != null && r.count * 2 >= r.of ? r : null));
    refs.forEach((r, i) => { if (r && r.value != null && !drawn[i]) omitted.push(`${title} ${years[i].period} (vilar på ${r.count} av ${r.of})`); });
    const counts = drawn.filter(Boolean);
    const of = counts[0]?.of ?? 0;
    const low = Math.min(...counts.map((r) => r.count)), high = Math.max(...counts.map((r) => r.count));
    const rests = counts.length === 0 || of <= 1 ? '' : ` (${low === high ? low : `${low}–${high}`} av ${of})`;
    return { name: title + rests, type: 'line', lineStyle: { type: 'dashed' }, symbol: 'none', data: drawn.map((r) => r?.value ?? null) };
  };
  lines.push(referenceLine('riket', 'Riket'), referenceLine('average', 'Kommunsnitt'));
  state.omittedReferences = omitted;
  $('line-note').textContent = omitted.length ? `Ritas inte: ${omitted.join('; ')}.` : '';
  line.setOption({
    tooltip: { trigger: 'axis', valueFormatter: (v) => (v == null ? 'saknas' : number.format(v)) },
    legend: { top: 0 },
    xAxis: { type: 'category', data: periods },
    yAxis: { type: 'value', name: keyFigure.unit ?? '', axisLabel: { formatter: (v) => number.format(v) } },
    series: lines,
  }, true);
  $('line-source').textContent = series?.attribution ?? '';
  // The table holds the line chart's numbers: one row per year.
  const headers = ['År', ...[...names.values()], ...lines.slice(names.size).map((l) => l.name)];
  // A value that came with a status is shown as its Swedish label (and its number, which does not count).
  const cell = (l, y, i) => {
    const row = l.areaId ? rowOf(y, l.areaId) : null;
    if (row?.statusLabel && row.value == null) return { text: row.flaggedValue == null ? row.statusLabel : `${number.format(row.flaggedValue)} (${row.statusLabel})` };
    return { number: l.data[i] };
  };
  const rows = years.map((y, i) => [{ text: y.period }, ...lines.map((l) => cell(l, y, i))]);
  state.table = { title: `${keyFigure.id} ${keyFigure.title}`, source: series?.attribution ?? '', headers, rows };
  drawTable(state.table);
}

function drawTable(table) {
  $('table').querySelector('thead').innerHTML = `<tr>${table.headers.map((h) => `<th scope="col">${escape(h)}</th>`).join('')}</tr>`;
  $('table').querySelector('tbody').innerHTML = table.rows.map((r) =>
    `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${escape(c.text)}</th>` : `<td>${c.text != null ? escape(c.text) : c.number == null ? '–' : number.format(c.number)}</td>`)).join('')}</tr>`).join('');
  $('table-source').textContent = table.source;
}

function drawBar(comparison, c) {
  const rows = comparison?.rows ?? [];
  const withData = rows.filter((r) => r.value != null).sort((a, b) => a.rank - b.rank);
  const missing = rows.filter((r) => r.value == null && (c.areas.includes(r.areaId)));
  const bars = [...withData, ...missing].map((r) => ({
    areaId: r.areaId, title: r.title, value: r.value, quartile: r.quartile ?? 'missing', statusLabel: r.statusLabel, flaggedValue: r.flaggedValue,
    colour: r.value == null ? colours.missing : colours[r.quartile] ?? colours.missing,
    chosen: c.areas.includes(r.areaId),
  }));
  state.bar = bars;
  $('bar-year').textContent = c.year;
  bar.setOption({
    tooltip: { trigger: 'item', formatter: (p) => `${p.name}: ${describeValue(bars[p.dataIndex])}` },
    grid: { bottom: 40 },
    xAxis: { type: 'category', data: bars.map((b) => b.title), axisLabel: { show: false } },
    yAxis: { type: 'value', axisLabel: { formatter: (v) => number.format(v) } },
    series: [{
      type: 'bar',
      data: bars.map((b) => ({ value: b.value ?? 0, itemStyle: { color: b.colour, borderColor: b.chosen ? '#1b1f24' : b.colour, borderWidth: b.chosen ? 2 : 0 } })),
      label: { show: true, position: 'top', formatter: (p) => (bars[p.dataIndex].chosen ? bars[p.dataIndex].title : '') },
    }],
  }, true);
  $('bar-source').textContent = comparison?.attribution ?? 'Ingen jämförelse för året.';
}

async function loadAssessments(c) {
  const target = $('assessments');
  const me = await fetch('/api/tenants/me', { headers: { authorization: `Bearer ${key()}` } }).then((r) => (r.ok ? r.json() : null));
  $('who').textContent = me ? `Inloggad: ${me.name} (${me.tenant})` : '';
  if (!me || me.platformAdmin) {
    target.textContent = 'Välj en nyckel för en kommun för att se dess målbedömningar.';
    state.plans = [];
    return;
  }
  const data = await graphql(`query($tenant: String!, $year: Int) { assessments(tenant: $tenant, year: $year) {
    planId nodeId code criterion grade gradeLabel explanationSv value referenceValue reference } }`, { tenant: me.tenant, year: Number(c.year) });
  state.plans = [...new Set(data.assessments.map((a) => a.planId))];
  target.innerHTML = data.assessments.length === 0
    ? '<p>Inga bedömningar för året.</p>'
    : data.assessments.map((a) => `<div class="assessment ${gradeClass(a.grade)}"><strong>${escape(a.code ?? '')} ${escape(a.criterion)}</strong>: ${escape(a.gradeLabel)}<br>${escape(a.explanationSv)}</div>`).join('');
}

function describeValue(b) {
  if (b.value != null) return number.format(b.value);
  if (!b.statusLabel) return 'värde saknas';
  return b.flaggedValue == null ? b.statusLabel : `${number.format(b.flaggedValue)} (${b.statusLabel}; rangordnas inte)`;
}

function gradeClass(grade) {
  return { MET: 'met', PARTLY_MET: 'partlyMet', NOT_MET: 'notMet' }[grade] ?? 'cannot';
}

function subscribe(c) {
  subscriptions.forEach((dispose) => dispose());
  subscriptions = [];
  if (!socket) {
    const url = new URL('/graphql', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('access_token', key());
    socket = createClient({ url: url.toString(), keepAlive: 30_000, on: { connected: () => { state.connected = true; } } });
  }
  const redraw = debounce(async () => { await load(); state.updates += 1; }, 200);
  const sink = { next: () => redraw(), error: (e) => { $('status').textContent = `Prenumerationen avslutades: ${describe(e)}`; }, complete: () => {} };
  subscriptions.push(socket.subscribe({
    query: 'subscription($kpi: String!, $areas: [String!]) { comparisonUpdated(kpi: $kpi, areas: $areas) { kpi period version } }',
    variables: { kpi: c.kpi, areas: c.areas.length ? c.areas : null },
  }, sink));
  for (const plan of state.plans ?? []) {
    subscriptions.push(socket.subscribe({ query: 'subscription($plan: String!) { assessmentChanged(plan: $plan) { planId nodeId grade } }', variables: { plan } }, sink));
  }
}

function describe(e) { return Array.isArray(e) ? e.map((x) => x.message).join(' ') : e?.message ?? String(e?.reason ?? e); }

function debounce(f, ms) { let t; return () => { clearTimeout(t); t = setTimeout(f, ms); }; }

function escape(text) { return String(text ?? '').replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]); }

async function exportTable(format) {
  if (!state.table) return;
  const response = await fetch(`/dashboard/export?format=${format}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(state.table),
  });
  if (!response.ok) { $('status').textContent = 'Exporten misslyckades.'; return; }
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = `jamforelse-${choice().kpi}.${format}`;
  link.click();
}

let searchTimer;
$('kpi').addEventListener('input', () => {
  clearTimeout(searchTimer);
  const text = $('kpi').value.trim();
  if (text.length < 2 || !key()) return;
  searchTimer = setTimeout(async () => {
    const data = await graphql('query($q: String) { keyFigures(search: $q, first: 20) { edges { node { id title } } } }', { q: text }).catch(() => null);
    $('kpi-options').innerHTML = (data?.keyFigures.edges ?? []).map((e) => `<option value="${escape(e.node.id)} ${escape(e.node.title)}">`).join('');
  }, 250);
});
$('key').addEventListener('change', () => { sessionStorage.setItem(storageKey, key()); socket?.dispose(); socket = null; });
$('controls').addEventListener('submit', (event) => { event.preventDefault(); load(); });
$('export-csv').addEventListener('click', () => exportTable('csv'));
$('export-xlsx').addEventListener('click', () => exportTable('xlsx'));

// Start from the address (?kpi=N03920&areas=0580,0581&from=2015&to=2024&year=2024&gender=T&group=) and the stored key.
$('key').value = sessionStorage.getItem(storageKey) ?? '';
const params = new URLSearchParams(window.location.search);
for (const id of ['kpi', 'areas', 'group', 'from', 'to', 'year', 'gender']) if (params.has(id)) $(id).value = params.get(id);
if ($('kpi').value && key()) load();
