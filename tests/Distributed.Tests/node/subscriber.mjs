// A subscriber with the real graphql-ws client (npm), as a dashboard would be: node subscriber.mjs <ws-url> <query>.
// Prints {"event":"connected"} once the socket is acknowledged, then one JSON line per result
// ({"event":"next","payload":...}); runs until the parent ends it, exits 1 when the server closes or errors.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const [url, query] = process.argv.slice(2);
if (!url || !query) {
  console.error('usage: node subscriber.mjs <ws-url> <query>');
  process.exit(2);
}

const print = (value) => console.log(JSON.stringify(value));
const client = createClient({
  url,
  webSocketImpl: WebSocket,
  retryAttempts: 0,
  lazy: false,
  on: { connected: () => print({ event: 'connected' }) },
});

client.subscribe({ query }, {
  next: (payload) => print({ event: 'next', payload }),
  error: (error) => {
    console.error(error instanceof Error ? error.stack : JSON.stringify(error?.code ? { code: error.code, reason: error.reason } : error));
    process.exit(1);
  },
  complete: () => process.exit(0),
});
