// The platform administrator's Kolada sync: what it keeps current, its list, a run now, and the latest run's
// progress as a bar, pushed by importProgress over graphql-ws (the run's id is its progress id) and read back
// from the run itself after each event.
import { createClient } from 'graphql-ws';

const storageKey = 'jamforelse.apiKey';
const $ = (id) => document.getElementById(id);
const number = new Intl.NumberFormat('sv-SE');
const states = { queued: 'I kö', running: 'Pågår', completed: 'Klar', failed: 'Misslyckades' };

// What the page shows, for people and for the browser tests.
const state = (window.jamforelseAdmin = { run: null, events: 0, loaded: false });
let socket = null;
let watching = null;

function key() { return $('key').value.trim(); }

async function api(method, path, body) {
  const response = await fetch(path, {
    method, headers: { authorization: `Bearer ${key()}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined,
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(answer.detail ?? answer.title ?? `HTTP ${response.status}`);
  return { answer, location: response.headers.get('location') };
}

async function load() {
  try {
    const { answer: sync } = await api('GET', '/api/indicator-data/kolada-sync');
    const years = sync.years.length ? `${sync.years[0]}–${sync.years[sync.years.length - 1]}` : '–';
    $('sync').innerHTML = [
      ['På', sync.enabled ? 'ja' : 'nej'], ['Schema (cron, UTC)', sync.schedule], ['Nästa körning', sync.nextRunAt ?? '–'],
      ['Nyckeltal', sync.kpis.join(', ') || 'inga'], ['År', years],
    ].map(([k, v]) => `<dt>${k}</dt><dd>${escape(v)}</dd>`).join('');
    $('kpis').value = sync.list.kpis.join(', ');
    if (sync.lastRuns.length) await show(sync.lastRuns[0].id);
    state.loaded = true;
    $('status').textContent = `Uppdaterad ${new Date().toLocaleTimeString('sv-SE')}.`;
  } catch (error) {
    $('status').textContent = `Fel: ${error.message}`;
    state.loaded = true;
  }
}

async function show(id) {
  const { answer: run } = await api('GET', `/api/indicator-data/imports/kolada-runs/${encodeURIComponent(id)}`);
  state.run = run;
  $('progress').max = Math.max(run.chunksTotal, 1);
  $('progress').value = run.state === 'completed' ? $('progress').max : run.chunksDone;
  $('progress-text').textContent = `${run.chunksDone} av ${run.chunksTotal || '?'} delar, ${number.format(run.pagesDownloaded)} sidor, `
    + `${number.format(run.inserted)} nya, ${number.format(run.updated)} ändrade, ${number.format(run.unchanged)} oförändrade värden`;
  $('run-state').textContent = `${run.id}: ${states[run.state] ?? run.state}${run.attempts > 1 ? ` (startad ${run.attempts} gånger)` : ''}`;
  $('run-error').textContent = run.error ?? '';
  if (run.state === 'queued' || run.state === 'running') {
    watch(run.id);
    // Also read it back every second: an event sent before the subscription began is not repeated.
    clearTimeout(state.poll);
    state.poll = setTimeout(() => show(run.id), 1000);
  }
}

function watch(id) {
  if (watching === id) return;
  watching = id;
  if (!socket) {
    const url = new URL('/graphql', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('access_token', key());
    socket = createClient({ url: url.toString(), keepAlive: 30_000 });
  }
  socket.subscribe({ query: 'subscription($id: String!) { importProgress(import: $id) { phase valuesMerged message } }', variables: { id } }, {
    next: async ({ data }) => { state.events += 1; $('status').textContent = data?.importProgress?.message ?? ''; await show(id); },
    error: () => {},
    complete: async () => { watching = null; await show(id); },
  });
}

function escape(text) { return String(text ?? '').replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]); }

$('list-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    await api('PUT', '/api/indicator-data/kolada-sync', { kpis: $('kpis').value.split(',').map((k) => k.trim()).filter(Boolean) });
    await load();
  } catch (error) { $('status').textContent = `Fel: ${error.message}`; }
});
$('run-now').addEventListener('click', async () => {
  try {
    const { answer: run } = await api('POST', '/api/indicator-data/kolada-sync/run');
    await show(run.id);
  } catch (error) { $('status').textContent = `Fel: ${error.message}`; }
});
$('key').addEventListener('change', () => { sessionStorage.setItem(storageKey, key()); socket?.dispose(); socket = null; load(); });

$('key').value = sessionStorage.getItem(storageKey) ?? '';
if (key()) load();
