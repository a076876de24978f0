/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions --
 * Test-only: reads the repository's fixtures and the built package from disk, and runs the catalog
 * generator's drift check. Those rules guard code that runs inside n8n; this file is never built
 * or published (tsconfig.json builds nodes/ and credentials/ only; package.json publishes dist/). */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The package folder. */
export const packageDir = path.resolve(__dirname, '../..');

/** The repository's test fixtures (vendor samples, signing vectors), shared with the relay's tests. */
export const fixturesDir = path.resolve(packageDir, '../../fixtures');

export interface Vector {
	secret: string;
	id: string;
	timestamp: number;
	body: string;
	signature: string;
	why?: string;
}

export interface Vectors {
	valid: Vector[];
	must_fail: Vector[];
}

export function readVectors(): Vectors {
	return JSON.parse(
		readFileSync(path.join(fixturesDir, 'standard-webhooks/vectors.json'), 'utf8'),
	) as Vectors;
}

export function readPackageFile(relative: string): string {
	return readFileSync(path.join(packageDir, relative), 'utf8');
}

export function packageFileExists(relative: string): boolean {
	return existsSync(path.join(packageDir, relative));
}

/** Runs the catalog generator's drift check; throws with its output when the copy is stale. */
export function checkCatalogAgainstRelay(): string {
	return execFileSync(process.execPath, ['scripts/generate-catalog.mjs', '--check'], {
		cwd: packageDir,
		encoding: 'utf8',
		stdio: 'pipe',
	});
}

/**
 * Loads a built file the way n8n's loader does: `require` the CommonJS file and take the export
 * named after the file (`ClarkyTrigger.node.js` → `ClarkyTrigger`). Needs `pnpm build` first.
 */
export function requireBuiltClass(distPath: string): unknown {
	const file = path.join(packageDir, distPath);
	if (!existsSync(file))
		throw new Error(`${distPath} is missing: run \`pnpm build\` in the package first`);
	const className = path.basename(file).split('.')[0] ?? '';
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return (require(file) as Record<string, unknown>)[className];
}

/** Every file under `dist/` matching a suffix, relative to the package. */
export function builtFiles(suffix: string): string[] {
	const found: string[] = [];
	const walk = (relative: string): void => {
		for (const entry of readdirSync(path.join(packageDir, relative), { withFileTypes: true })) {
			const child = path.posix.join(relative, entry.name);
			if (entry.isDirectory()) walk(child);
			else if (entry.name.endsWith(suffix)) found.push(child);
		}
	};
	walk('dist');
	return found.sort();
}
