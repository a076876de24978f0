// Child processes of the end-to-end run: started in their own process group, logged to files,
// and all stopped (SIGTERM, then SIGKILL) however the run ends.
import { spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const started = [];

/** A port nothing listens on right now (the OS picks it). */
export async function freePort() {
	return await new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** Starts `command` with its output in `logFile`; it is stopped by `stopAll`. */
export function start(name, command, args, { env, cwd, logFile }) {
	const out = openSync(logFile, 'a');
	const child = spawn(command, args, { env, cwd, stdio: ['ignore', out, out], detached: true });
	const entry = { name, child, logFile, exited: null };
	child.on('exit', (code, signal) => {
		entry.exited = { code, signal };
	});
	started.push(entry);
	return entry;
}

/** Throws when a started process has exited on its own (so a wait fails fast, with its log). */
export function assertAlive(entry) {
	if (entry.exited) {
		const { code, signal } = entry.exited;
		throw new Error(
			`${entry.name} exited (code ${code}, signal ${signal}); last log lines:\n${tail(entry.logFile)}`,
		);
	}
}

export function tail(logFile, lines = 30) {
	try {
		return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}

function signalGroup(entry, signal) {
	try {
		process.kill(-entry.child.pid, signal);
	} catch {
		// Already gone.
	}
}

/** Stops every started process group: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopAll(graceMs = 10_000) {
	const running = started.filter((entry) => !entry.exited);
	for (const entry of running) signalGroup(entry, 'SIGTERM');
	const deadline = Date.now() + graceMs;
	while (running.some((entry) => !entry.exited) && Date.now() < deadline) await sleep(100);
	for (const entry of running) if (!entry.exited) signalGroup(entry, 'SIGKILL');
	return running.map((entry) => entry.name);
}

/** Last resort when the driver exits without `stopAll` (synchronous: only signals). */
export function killAllNow() {
	for (const entry of started) if (!entry.exited) signalGroup(entry, 'SIGKILL');
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor(
	what,
	check,
	{ timeoutMs = 30_000, intervalMs = 200, alive = [] } = {},
) {
	const deadline = Date.now() + timeoutMs;
	let last;
	for (;;) {
		for (const entry of alive) assertAlive(entry);
		try {
			const value = await check();
			if (value !== undefined && value !== false) return value;
		} catch (error) {
			last = error;
		}
		if (Date.now() > deadline) {
			throw new Error(
				`timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? ` (last error: ${last.message})` : ''}`,
			);
		}
		await sleep(intervalMs);
	}
}
