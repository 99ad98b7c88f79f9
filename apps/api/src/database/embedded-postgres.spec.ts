import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closedToOthers } from './embedded-postgres';

describe('closedToOthers (can the postgres system user reach the embedded cluster?)', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'conduit-traverse-'));
    fs.chmodSync(root, 0o755);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('names the first folder on the way down that others may not enter', () => {
    const home = path.join(root, 'home');
    const project = path.join(home, 'conduit', 'apps');
    fs.mkdirSync(project, { recursive: true });
    fs.chmodSync(home, 0o700);
    expect(closedToOthers([project])).toBe(home);
    fs.chmodSync(home, 0o710); // group only: still closed to the postgres user
    expect(closedToOthers([project])).toBe(home);
  });

  it('accepts folders others may enter without listing them, and checks every path given', () => {
    const open = path.join(root, 'open', 'data');
    const closed = path.join(root, 'closed');
    fs.mkdirSync(open, { recursive: true });
    fs.mkdirSync(closed);
    fs.chmodSync(path.join(root, 'open'), 0o711);
    expect(closedToOthers([open])).toBeNull();
    fs.chmodSync(closed, 0o700);
    expect(closedToOthers([open, path.join(closed, 'not-created-yet')])).toBe(closed);
  });
});
