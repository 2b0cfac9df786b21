// Child process for the cross-process run-lock test: takes the lock, says so, then waits to be killed.
import { openStore } from '@jobintel/store';

const store = await openStore({ databaseUrl: process.argv[2] });
await store.acquireRunLock({ configKey: 'daily', runId: 'child-run', label: 'child' });
process.stdout.write('locked\n');
setInterval(() => {}, 1000);
