// Why: the background lane's Redis tests need a real redis-server of their own — on a free port,
// with an append-only file in a temp folder so that a restart keeps what was written — that can
// be stopped and started again on the same port. (Until server/testing/redis.ts lands.)
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../testing/serverProcess';
import { tempDir } from '../testing/fixtures';

export type TestRedis = {
  url: string;
  /** Stops redis-server (SIGTERM: it writes its append-only file first). */
  stop(): Promise<void>;
  /** Starts it again on the same port and folder. */
  restart(): Promise<void>;
};

export async function startTestRedis(): Promise<TestRedis> {
  const port = await freePort();
  const dir = tempDir('redis');
  let child: ChildProcess | null = null;
  const launch = async () => {
    const c = spawn(
      '/usr/bin/redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', ''],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = c;
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${out}`)), 20_000);
      c.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      c.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}:\n${out}`));
      });
    });
  };
  const stop = () =>
    new Promise<void>((resolve) => {
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return resolve();
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
    });
  await launch();
  return { url: `redis://127.0.0.1:${port}`, stop, restart: launch };
}
