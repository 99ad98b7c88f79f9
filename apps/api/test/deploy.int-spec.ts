import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { loadConfig } from '../src/config';

/**
 * docker-compose.yml without a Docker engine: it is valid against the Compose specification's
 * JSON schema (the copy shipped by the dclint package), it has the topology docs/deploy.md
 * describes (postgres, api ×2 behind a load balancer, worker ×2, health checks, configuration
 * from the environment), and the environment it gives each role passes Conduit's own
 * configuration check. scale-out.int-spec.ts runs the same topology as processes.
 */

const ROOT = path.resolve(__dirname, '../../..');
const COMPOSE_FILE = path.join(ROOT, 'docker-compose.yml');
const COMPOSE_SCHEMA = path.join(path.dirname(require.resolve('dclint/package.json')), 'schemas/compose.schema.json');

interface Service {
  image?: string;
  environment?: Record<string, string>;
  ports?: string[];
  expose?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] | string; interval?: string };
  deploy?: { replicas?: number | string };
  stop_grace_period?: string;
  configs?: { source: string; target: string }[];
}
interface ComposeFile {
  name: string;
  services: Record<string, Service>;
  configs?: Record<string, { content?: string }>;
  volumes?: Record<string, unknown>;
}

const VARIABLE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])((?:[^{}]|\{[^{}]*\})*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** Compose's interpolation: `$$` is `$`, `${X:-default}`, `${X-default}`, `${X:?error}`, `${X}`, `$X`. */
function interpolate(text: string, env: Record<string, string | undefined>): string {
  return text.replace(VARIABLE, (whole, name: string | undefined, operator: string | undefined, argument: string | undefined, bare: string | undefined) => {
    if (whole === '$$') return '$';
    const variable = (name ?? bare) as string;
    const value = env[variable];
    if (operator === ':-') return value ? value : (argument ?? '');
    if (operator === '-') return value !== undefined ? value : (argument ?? '');
    if (operator === ':?' && !value) throw new Error(`${variable} is required: ${argument}`);
    if (operator === '?' && value === undefined) throw new Error(`${variable} is required: ${argument}`);
    return value ?? '';
  });
}

/** Like Compose: the YAML is parsed first, then every string in it is interpolated. */
function interpolateDeep<T>(value: T, env: Record<string, string | undefined>): T {
  if (typeof value === 'string') return interpolate(value, env) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => interpolateDeep(item, env)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateDeep(v, env)])) as T;
  return value;
}

/** Every variable the file reads from the environment. */
function variablesOf(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(VARIABLE)) if (match[0] !== '$$') names.add((match[1] ?? match[4]) as string);
  return [...names].sort();
}

describe('docker-compose.yml', () => {
  const text = fs.readFileSync(COMPOSE_FILE, 'utf8');
  const raw = parse(text, { merge: true }) as ComposeFile;
  const operatorEnv = { CONDUIT_MASTER_KEY: Buffer.alloc(32, 3).toString('base64'), CONDUIT_ADMIN_PASSWORD: 'a-long-password' };
  const compose = interpolateDeep(raw, operatorEnv);

  it('is valid against the Compose specification schema, as written and once interpolated', () => {
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
    // Its "$schema" names draft-07 by its https URL, which Ajv knows as http: Ajv's default is draft-07 anyway.
    const { $schema: _draft, ...schema } = JSON.parse(fs.readFileSync(COMPOSE_SCHEMA, 'utf8')) as Record<string, unknown>;
    const validate = ajv.compile(schema);
    for (const document of [raw, compose]) {
      validate(document);
      expect(validate.errors ?? []).toEqual([]);
    }
  });

  it('runs postgres, two api replicas behind a load balancer, and two workers', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'postgres', 'proxy', 'worker']);
    expect(compose.services.api.environment?.CONDUIT_ROLE).toBe('api');
    expect(compose.services.worker.environment?.CONDUIT_ROLE).toBe('worker');
    expect(Number(compose.services.api.deploy?.replicas)).toBe(2);
    expect(Number(compose.services.worker.deploy?.replicas)).toBe(2);
    // Replicas cannot share a host port: only the load balancer publishes one.
    expect(Object.entries(compose.services).filter(([, s]) => s.ports).map(([name]) => name)).toEqual(['proxy']);
    const nginx = compose.configs?.[compose.services.proxy.configs?.[0]?.source ?? '']?.content ?? '';
    expect(nginx).toContain('server api:4000 resolve;'); // every replica, re-resolved as they change
    expect(nginx).toMatch(/proxy_set_header Upgrade \$http_upgrade;/); // WebSockets (graphql-ws)
    expect(nginx).toMatch(/proxy_set_header Connection \$connection_upgrade;/);
    expect(nginx).toMatch(/client_max_body_size \d+m;/);
    expect(nginx).not.toMatch(/\$\{|\$\$/); // no Compose syntax left for nginx to choke on
  });

  it('gives every service a health check; api and worker report /readyz and wait for a healthy database', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      expect({ name, healthcheck: Boolean(service.healthcheck?.test) }).toEqual({ name, healthcheck: true });
    }
    for (const name of ['api', 'worker']) {
      const service = compose.services[name];
      expect(JSON.stringify(service.healthcheck?.test)).toContain('/readyz');
      expect(service.depends_on?.postgres).toEqual({ condition: 'service_healthy' });
    }
    expect(compose.services.proxy.depends_on?.api).toEqual({ condition: 'service_healthy' });
  });

  it('lets SIGTERM drain: the stop grace period is longer than the drain time', () => {
    for (const name of ['api', 'worker']) {
      const service = compose.services[name];
      const grace = Number(/^(\d+)s$/.exec(service.stop_grace_period ?? '')?.[1]);
      const drain = Number(service.environment?.CONDUIT_SHUTDOWN_DRAIN_SECONDS);
      expect(grace).toBeGreaterThan(drain + 5);
    }
  });

  it('takes its configuration from the environment: secrets are required, the rest has defaults, and each role\'s environment passes Conduit\'s config check', () => {
    expect(() => interpolateDeep(raw, {})).toThrow(/CONDUIT_MASTER_KEY is required/);
    expect(() => interpolateDeep(raw, { CONDUIT_MASTER_KEY: 'k' })).toThrow(/CONDUIT_ADMIN_PASSWORD is required/);
    const overridden = interpolateDeep(raw, { ...operatorEnv, CONDUIT_WORKER_REPLICAS: '5', CONDUIT_RETENTION_DAYS: '7', POSTGRES_PASSWORD: 's3cret' });
    expect(Number(overridden.services.worker.deploy?.replicas)).toBe(5);
    expect(overridden.services.worker.environment?.CONDUIT_RETENTION_DAYS).toBe('7');
    expect(overridden.services.api.environment?.DATABASE_URL).toBe('postgres://conduit:s3cret@postgres:5432/conduit');

    for (const name of ['api', 'worker']) {
      const env = compose.services[name].environment ?? {};
      expect(env.NODE_ENV).toBe('production'); // makes CONDUIT_MASTER_KEY mandatory
      const config = loadConfig(env);
      expect(config.role).toBe(name);
      expect(config.production).toBe(true);
      expect(config.databaseUrl).toMatch(/@postgres:5432\/conduit$/);
    }
    expect(loadConfig(compose.services.api.environment ?? {}).trustProxy).toBe('loopback, uniquelocal');
  });

  it('every variable it reads is documented in docs/deploy.md, and every CONDUIT_ setting exists in config.ts', () => {
    const deployDoc = fs.readFileSync(path.join(ROOT, 'docs/deploy.md'), 'utf8');
    const configSource = fs.readFileSync(path.join(ROOT, 'apps/api/src/config.ts'), 'utf8');
    const undocumented = variablesOf(text).filter((name) => !deployDoc.includes(`\`${name}\``));
    expect(undocumented).toEqual([]);
    const settings = new Set<string>();
    for (const service of Object.values(compose.services)) for (const name of Object.keys(service.environment ?? {})) if (name.startsWith('CONDUIT_')) settings.add(name);
    expect([...settings].filter((name) => !configSource.includes(`'${name}'`) && !configSource.includes(`env.${name}`))).toEqual([]);
  });
});
