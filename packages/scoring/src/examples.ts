import { fileURLToPath } from 'node:url';

/** The example profiles that ship with the package (`profiles/<id>.yaml`). */
export const EXAMPLE_PROFILES = ['customer-success', 'data-science', 'software-engineering'] as const;
export type ExampleProfile = (typeof EXAMPLE_PROFILES)[number];

/** The file of an example profile (src/ and dist/ both sit one level below the package root). */
export function exampleProfilePath(id: ExampleProfile): string {
  return fileURLToPath(new URL(`../profiles/${id}.yaml`, import.meta.url));
}
