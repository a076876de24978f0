// Child processes of the bench: every one started here is registered and killed at the end, on
// failure and on Ctrl-C (see `killAll`). Output is drained continuously (a full pipe would stall
// the child) and only a bounded tail is kept for error messages.
import { spawn } from 'node:child_process';
import { progress, runCleanups } from './util.mjs';

const children = new Set();
const TAIL_CHARS = 8_000;

/**
 * Starts `node <args>`; resolves once the child is spawned. `onLine` receives stdout lines.
 * @param {string[]} args
 * @param {{env?: Record<string,string>, cwd?: string, onLine?: (line: string) => void, name: string}} options
 */
export function startNode(args, options) {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: { ...process.env, ...(options.env ?? {}) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const handle = { child, name: options.name, stdout: '', stderr: '', exited: null };
  children.add(handle);
  handle.exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      children.delete(handle);
      resolve({ code, signal });
    });
  });
  let pending = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    handle.stdout = keepTail(handle.stdout + chunk, options.keepStdout ? Infinity : TAIL_CHARS);
    if (!options.onLine) return;
    pending += chunk;
    let nl;
    while ((nl = pending.indexOf('\n')) >= 0) {
      options.onLine(pending.slice(0, nl));
      pending = pending.slice(nl + 1);
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    handle.stderr = keepTail(handle.stderr + chunk, TAIL_CHARS);
  });
  child.on('error', () => {});
  return handle;
}

function keepTail(text, max) {
  return text.length > max ? text.slice(text.length - max) : text;
}

/** Runs a child to completion and parses the last stdout line as JSON. */
export async function runJson(args, options) {
  const handle = startNode(args, { ...options, keepStdout: true });
  const { code, signal } = await handle.exited;
  const lines = handle.stdout.trim().split('\n');
  if (code !== 0) {
    throw new Error(`${options.name} exited with ${code ?? signal}: ${handle.stderr.trim().slice(-2000)}`);
  }
  try {
    return JSON.parse(lines[lines.length - 1]);
  } catch {
    throw new Error(`${options.name} printed no JSON result: ${handle.stdout.slice(-500)} ${handle.stderr.slice(-500)}`);
  }
}

/** Waits for the first stdout line that parses as JSON (the child's "ready" line). */
export function readyLine(args, options, timeoutMs = 15_000) {
  return new Promise((resolve, reject) => {
    let done = false;
    const handle = startNode(args, {
      ...options,
      onLine(line) {
        if (done) return;
        try {
          const msg = JSON.parse(line);
          done = true;
          clearTimeout(timer);
          resolve({ handle, msg });
        } catch {
          /* not the ready line */
        }
      },
    });
    const timer = setTimeout(() => fail(`${options.name} not ready after ${timeoutMs} ms`), timeoutMs);
    handle.exited.then(({ code, signal }) => fail(`${options.name} exited with ${code ?? signal} before it was ready: ${handle.stderr.slice(-2000)}`));
    function fail(message) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      handle.child.kill('SIGKILL');
      reject(new Error(message));
    }
  });
}

/** SIGTERM, then SIGKILL after `graceMs`. Resolves when the child is gone. */
export async function stop(handle, graceMs = 5_000) {
  if (handle.child.exitCode !== null || handle.child.signalCode !== null) return handle.exited;
  handle.child.kill('SIGTERM');
  const timer = setTimeout(() => handle.child.kill('SIGKILL'), graceMs);
  const result = await handle.exited;
  clearTimeout(timer);
  return result;
}

/** Kills every child still running (synchronous: safe in an 'exit' handler). */
export function killAll() {
  for (const handle of children) {
    try {
      handle.child.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

export function running() {
  return [...children].map((h) => `${h.name} (pid ${h.child.pid})`);
}

/** At exit, on failure and on Ctrl-C: kill every child still running and run the clean-ups. */
export function installCleanup() {
  process.on('exit', () => {
    killAll();
    runCleanups();
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      progress(`${signal}: stopping ${running().join(', ') || 'nothing'}`);
      process.exit(130);
    });
  }
}
