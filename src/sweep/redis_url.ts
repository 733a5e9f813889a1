// The `--queue redis://HOST:PORT[/DB]` address of a sweep's job queue: parsed into connection
// options, and probed with one PING before any work, so a wrong address or a Redis that is not
// running is a one-line error instead of endless reconnect attempts.

import { connect } from 'node:net';
import { error, UserError } from '../diagnostics/diagnostic.js';

export interface RedisAddress {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly db: number;
}

export const REDIS_HINT = 'start one with `redis-server --bind 127.0.0.1 --port 6379 --save \'\' --appendonly no` (Debian package redis-server)';

export function parseRedisUrl(text: string, flag = '--queue'): RedisAddress {
  const m = /^redis:\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?(?:\/(\d{1,2}))?\/?$/.exec(text.trim());
  const port = m?.[2] !== undefined ? Number(m[2]) : 6379;
  if (!m || port < 1 || port > 65535) throw new UserError([error('sweep_bad_queue_url', `${flag} must be redis://HOST:PORT[/DB] (e.g. redis://127.0.0.1:6379), not '${text}'`, { field: flag })]);
  return { url: text.trim(), host: m[1]!.replace(/^\[|\]$/g, ''), port, db: m[3] !== undefined ? Number(m[3]) : 0 };
}

/** Resolves when Redis answers PING at `a` within `timeoutMs`; else a UserError with the hint. */
export function probeRedis(a: RedisAddress, timeoutMs = 3000): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (why: string): void => {
      socket.destroy();
      reject(new UserError([error('sweep_queue_unreachable', `no Redis answers at ${a.url}: ${why}; ${REDIS_HINT}`, { field: '--queue' })]));
    };
    const socket = connect({ host: a.host, port: a.port });
    const timer = setTimeout(() => fail(`no answer within ${timeoutMs} ms`), timeoutMs);
    let reply = '';
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => {
      reply += d.toString('utf8');
      if (!reply.includes('\r\n')) return;
      clearTimeout(timer);
      socket.end();
      if (reply.startsWith('+PONG') || reply.startsWith('-NOAUTH')) resolve();
      else fail(`unexpected reply '${reply.trim().slice(0, 60)}'`);
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      fail(e.code ?? e.message);
    });
  });
}

/** BullMQ connection options of an address (workers need maxRetriesPerRequest: null). */
export function connectionOf(a: RedisAddress): { host: string; port: number; db: number; maxRetriesPerRequest: null } {
  return { host: a.host, port: a.port, db: a.db, maxRetriesPerRequest: null };
}
