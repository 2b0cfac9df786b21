// Creates an empty PGlite database in the folder given (PostgreSQL's initdb, compiled to WebAssembly).
// openStore runs it in a child process: initdb briefly needs over 1 GB, which then stays out of the
// caller's peak memory.
import { PGlite } from '@electric-sql/pglite';

const db = await PGlite.create(process.argv[2]);
await db.close();
