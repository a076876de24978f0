// Runs numbered steps, printing "[e2e] 3/9 what ... ok (0.4 s): detail" or the failure.
import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor as poll } from './processes.mjs';

export async function runSteps(steps, { Fatal, alive }) {
	for (const [index, [title, run]] of steps.entries()) {
		const label = `[e2e] ${index + 1}/${steps.length} ${title}`;
		process.stdout.write(`${label} ... `);
		const startedAt = performance.now();
		const tools = {
			sleep,
			// Polls until `check` gives a value; a `Fatal` error stops polling at once.
			waitFor: (what, check, options = {}) =>
				poll(
					what,
					async () => {
						try {
							return await check();
						} catch (error) {
							if (error instanceof Fatal) return { fatal: error };
							throw error;
						}
					},
					{ alive: alive(), ...options },
				).then((value) => {
					if (value && value.fatal instanceof Fatal) throw value.fatal;
					return value;
				}),
		};
		try {
			const detail = await run(tools);
			const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
			console.log(`ok (${seconds} s)${detail ? `\n      ${detail}` : ''}`);
		} catch (error) {
			const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
			console.log(`FAILED (${seconds} s)\n      ${error.stack ?? error}`);
			throw error;
		}
	}
}
