import type { Provider } from '../posting.js';
import { ashby } from './ashby.js';
import { greenhouse } from './greenhouse.js';
import { lever } from './lever.js';
import { personio } from './personio.js';
import { recruitee } from './recruitee.js';
import { smartrecruiters } from './smartrecruiters.js';
import type { Adapter } from './types.js';
import { workable } from './workable.js';

/** Every adapter, by provider. */
export const ADAPTERS: Readonly<Record<Provider, Adapter>> = {
  greenhouse,
  lever,
  ashby,
  smartrecruiters,
  workable,
  recruitee,
  personio,
};
