// Starts the product with `npm start` exactly as the README says (no DATABASE_URL: embedded
// PostgreSQL), then: readyz, login, create a webhook to a loopback receiver, publish an event,
// see the signed POST arrive, and stop the product with SIGTERM. Exits non-zero on any failure.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const port = 4300 + Math.floor(Math.random() * 500);
const base = `http://127.0.0.1:${port}`;
const dataDir = mkdtempSync(join(tmpdir(), 'conduit-smoke-'));
const email = 'smoke@example.com';
const password = 'smoke-test-password';
const deadline = (ms) => Date.now() + ms;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function fail(message) {
  console.error(`SMOKE FAILED: ${message}`);
  cleanup(1);
}

const received = [];
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    received.push({ headers: req.headers, body });
    res.end('ok');
  });
});
await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
const receiverUrl = `http://127.0.0.1:${receiver.address().port}/smoke`;

const env = { ...process.env, PORT: String(port), CONDUIT_DATA_DIR: dataDir, CONDUIT_ADMIN_EMAIL: email, CONDUIT_ADMIN_PASSWORD: password, CONDUIT_ALLOW_PRIVATE_TARGETS: '127.0.0.1/32', CONDUIT_EMBEDDED_PG_PORT: String(port + 10000) };
delete env.DATABASE_URL;
const product = spawn('npm', ['start'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
let output = '';
product.stdout.on('data', (d) => (output += d));
product.stderr.on('data', (d) => (output += d));
const exited = new Promise((r) => product.once('exit', (code, signal) => r({ code, signal })));

function cleanup(code) {
  try { process.kill(-product.pid, 'SIGKILL'); } catch { /* already gone */ }
  receiver.close();
  rmSync(dataDir, { recursive: true, force: true });
  if (code !== 0) console.error(output.slice(-4000));
  process.exit(code);
}

async function gql(query, variables, token) {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const json = await res.json();
  if (json.errors) fail(`GraphQL error: ${JSON.stringify(json.errors)}`);
  return json.data;
}

try {
  const ready = deadline(600_000); // first start builds the project
  for (;;) {
    if (Date.now() > ready) fail('the product did not become ready within 10 minutes');
    if (product.exitCode !== null) fail(`npm start exited early with code ${product.exitCode}`);
    const ok = await fetch(`${base}/readyz`).then((r) => r.ok).catch(() => false);
    if (ok) break;
    await sleep(500);
  }
  console.log('smoke: /readyz ok');
  const console_ = await fetch(`${base}/`).then((r) => r.text());
  if (!console_.includes('<div id="root">')) fail('the console is not served at /');
  const { login } = await gql('mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }', { e: email, p: password });
  console.log('smoke: login ok');
  const { createWebhook } = await gql('mutation($i:CreateWebhookInput!){ createWebhook(input:$i){ secret webhook { id } } }', { i: { url: receiverUrl, events: ['ticket.created'] } }, login.token);
  const { publishEvent } = await gql('mutation($i:PublishEventInput!){ publishEvent(input:$i){ id deliveries { id } } }', { i: { type: 'ticket.created', payload: { ticket: { id: 42 } } } }, login.token);
  const arrive = deadline(15_000);
  while (received.length === 0) {
    if (Date.now() > arrive) fail('the webhook did not arrive within 15 s');
    await sleep(100);
  }
  const [hit] = received;
  if (hit.headers['webhook-id'] !== publishEvent.deliveries[0].id) fail('webhook-id does not match the delivery id');
  if (!String(hit.headers['webhook-signature']).startsWith('v1,')) fail('no signature');
  if (JSON.parse(hit.body).data.ticket.id !== 42) fail('unexpected body');
  console.log(`smoke: webhook ${createWebhook.webhook.id} received the signed event`);
  process.kill(-product.pid, 'SIGTERM');
  const stopped = await Promise.race([exited, sleep(30_000).then(() => null)]);
  if (!stopped) fail('the product did not stop within 30 s of SIGTERM');
  console.log(`smoke: stopped cleanly (${JSON.stringify(stopped)})`);
  console.log('smoke: 5 passed, 0 failed');
  receiver.close();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
} catch (error) {
  fail(error.stack ?? String(error));
}
