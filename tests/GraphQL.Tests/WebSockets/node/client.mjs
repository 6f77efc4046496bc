// Drives the GraphQL layer's WebSocket transport with the real graphql-ws client (see GraphQLWsClientTests).
// Usage: node client.mjs <ws-url>. Prints one JSON line per result: {"op": ..., "result"|"errors": ...};
// exits 0 when every step behaved as the protocol says, 1 otherwise.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const url = process.argv[2];
if (!url) {
  console.error('usage: node client.mjs <ws-url>');
  process.exit(2);
}

const client = createClient({
  url,
  webSocketImpl: WebSocket,
  connectionParams: { client: 'graphql-ws' },
  retryAttempts: 0,
  // One socket for all steps, so operations share a connection as in a browser.
  lazyCloseTimeout: 2000,
});

const print = (op, value) => console.log(JSON.stringify({ op, ...value }));

async function collect(op, query, limit = Infinity) {
  let received = 0;
  for await (const result of client.iterate({ query })) {
    print(op, { result });
    // Leaving the loop early makes the client send complete for the operation.
    if (++received >= limit) break;
  }
}

function expectErrors(op, query) {
  return new Promise((resolve, reject) => {
    client.subscribe({ query }, {
      next: (result) => reject(new Error(`${op}: unexpected next ${JSON.stringify(result)}`)),
      error: (errors) => {
        print(op, { errors });
        resolve();
      },
      complete: () => reject(new Error(`${op}: complete without an error`)),
    });
  });
}

try {
  await Promise.all([
    collect('ticks', 'subscription { ticks(count: 3) }'),
    collect('hello', '{ hello }'),
  ]);
  await collect('ticks-stopped', 'subscription { ticks(count: 1000) }', 2);
  await expectErrors('invalid', '{ hello');
  await collect('after', '{ hello }');
  await client.dispose();
  process.exit(0);
} catch (failure) {
  // graphql-ws rejects with a CloseEvent when the server closes the socket.
  console.error(failure instanceof Error ? failure.stack : `closed: ${failure?.code} ${failure?.reason}`);
  process.exit(1);
}
