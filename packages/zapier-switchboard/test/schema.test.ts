import { app } from './helpers/zapier';

type AppHandler = (event: object) => Promise<{ results: unknown[] }>;
// createAppHandler is exported at run time but absent from core's type declarations.
const { createAppHandler } = require('zapier-platform-core') as { createAppHandler: (app: object) => AppHandler };

describe('app definition', () => {
  test('passes the schema check `zapier-platform validate` runs (no errors)', async () => {
    // Exactly what the CLI does (ENVIRONMENT.md): compile the definition, then validate it.
    const { results } = await createAppHandler(app)({ command: 'validate', calledFromCli: true });
    expect(results).toEqual([]);
  });

  test('the root index.js exports the app object itself (no .default), as Zapier loads it', () => {
    // Built by `tsc -p tsconfig.build.json` (the workspace build runs before the tests).
    const exported = require('../index.js') as { triggers?: Record<string, unknown>; default?: unknown };
    expect(exported.default).toBeUndefined();
    expect(Object.keys(exported.triggers ?? {})).toContain('new_event');
  });
});
