// A private redis-server for a test: loopback only, a free port, no persistence, in a temp dir;
// `stop()` kills it and removes the dir. Missing redis-server throws with the install hint (the
// queue tests fail rather than skip: .ci/install-tools installs it).

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestRedis {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = connect({ host: '127.0.0.1', port });
    c.once('connect', () => c.write('PING\r\n'));
    c.once('data', (d) => { c.destroy(); resolve(d.toString().startsWith('+PONG')); });
    c.once('error', () => resolve(false));
  });
}

export const REDIS_SERVER = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => existsSync(p));

export async function startRedis(): Promise<TestRedis> {
  if (REDIS_SERVER === undefined) throw new Error('redis-server is not installed: run `bash .ci/install-tools` (Debian package redis-server)');
  const dir = mkdtempSync(join(tmpdir(), 'nmcore-redis-'));
  const port = await freePort();
  const proc: ChildProcess = spawn(REDIS_SERVER, ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  const t0 = Date.now();
  while (!(await ping(port))) {
    if (Date.now() - t0 > 10_000 || proc.exitCode !== null) throw new Error(`redis-server did not start on 127.0.0.1:${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `redis://127.0.0.1:${port}`, port,
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGKILL');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
