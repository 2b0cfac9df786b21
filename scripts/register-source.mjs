// Lets a plain `node` child process load the workspace packages from their TypeScript source, as the
// tests do: `node --conditions=@jobintel/source --import scripts/register-source.mjs child.mjs`. Node strips
// the types itself; this hook only maps the `.js` of a relative import to the `.ts` file beside it.
import { existsSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier.startsWith('.') && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
      const ts = new URL(`${specifier.slice(0, -3)}.ts`, context.parentURL);
      if (existsSync(fileURLToPath(ts))) return nextResolve(ts.href, context);
    }
    return nextResolve(specifier, context);
  },
});
