import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';

/** Runs `npm run <script>` in its own process group (npm -> tsx -> node), so stopping it stops them all. */
export function spawnNpmScript(script: string, env: NodeJS.ProcessEnv, stdio: StdioOptions): ChildProcess {
  return spawn('npm', ['run', '--silent', script], { env: { ...process.env, ...env }, stdio, detached: true });
}

/** Stops a process group started by spawnNpmScript, if it still runs, and waits until it has exited. */
export async function stopNpmScript(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid!, 'SIGTERM');
  await exited;
}
