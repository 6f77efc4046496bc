// GraphiQL for Jämförelse: the npm package graphiql, bundled at build time (no CDN), with subscriptions
// over graphql-ws (the graphql-transport-ws protocol) on the same /graphql address.
import React, { useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { createClient } from 'graphql-ws';
import 'graphiql/style.css';

// Monaco's workers are bundled beside this file (see build.mjs).
globalThis.MonacoEnvironment = {
  getWorker(_workerId, label) {
    const name = label === 'graphql' ? 'graphql' : label === 'json' ? 'json' : 'editor';
    return new Worker(new URL(`./${name}.worker.js`, import.meta.url), { type: 'module' });
  },
};

const storageKey = 'jamforelse.apiKey';

const defaultQuery = `# Jämförelse: Norrköping (0581) och Linköping (0580) bland alla 290 kommuner, 2018, med förändringen
# sedan 2014 (N15428, elever i åk 9 behöriga till yrkesprogram; Koladas svar från 2019). Lägg din API-nyckel i fältet ovan.
{
  comparison(kpi: "N15428", period: "2018", areas: ["0580", "0581"], baseline: "2014") {
    municipalitiesWithData
    attribution
    references { key label value method count of note }
    rows { title value rank quartile quartileLabel status statusLabel gaps { referenceKey worse } }
    baseline { areas { areaId valueChange gaps { referenceKey change } } }
  }
}

# Prenumerera på nya jämförelser när värden importeras (kör i en egen flik):
# subscription { comparisonUpdated(kpi: "N15428", areas: ["0580", "0581"]) {
#   period version comparison { rows { title value rank } } } }
`;

function socketUrl(key) {
  const url = new URL('/graphql', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  // Browsers cannot set headers on a WebSocket: the key travels as access_token on its address.
  if (key) url.searchParams.set('access_token', key);
  return url.toString();
}

// ?query=… opens the page with that operation (links from the README and the dashboard).
const linkedQuery = new URLSearchParams(window.location.search).get('query');

function App() {
  const [key, setKey] = useState(() => sessionStorage.getItem(storageKey) ?? '');
  const fetcher = useMemo(() => createGraphiQLFetcher({
    url: '/graphql',
    headers: key ? { Authorization: `Bearer ${key}` } : {},
    // ping more often than the gateway's WebSocket activity timeout, so that quiet subscriptions stay open
    wsClient: createClient({ url: socketUrl(key), keepAlive: 30_000, lazy: true }),
  }), [key]);
  return (
    <div className="jf-page">
      <header className="jf-header">
        <strong>Jämförelse · GraphiQL</strong>
        <label>
          API-nyckel{' '}
          <input
            type="password"
            aria-label="API-nyckel"
            value={key}
            placeholder="jf_…"
            onChange={(e) => { sessionStorage.setItem(storageKey, e.target.value); setKey(e.target.value); }}
          />
        </label>
        <span className="jf-source">Källa: Kolada (offentliga nyckeltal)</span>
      </header>
      <main className="jf-main">
        <GraphiQL fetcher={fetcher} defaultQuery={defaultQuery} initialQuery={linkedQuery ?? undefined} key={key} />
      </main>
    </div>
  );
}

createRoot(document.getElementById('graphiql')).render(<App />);
