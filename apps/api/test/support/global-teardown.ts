import fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const embedded = (globalThis as { __conduitEmbedded?: { stop(): Promise<void>; dataDir: string } }).__conduitEmbedded;
  if (!embedded) return;
  await embedded.stop();
  fs.rmSync(embedded.dataDir, { recursive: true, force: true });
}
