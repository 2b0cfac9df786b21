import { createHash } from 'node:crypto';

/** CPU-bound benchmark work: iterated sha256 over a small buffer. */
export default function work(input) {
  let h = Buffer.from(String(input.seed));
  for (let i = 0; i < input.rounds; i++) h = createHash('sha256').update(h).digest();
  return h.toString('hex');
}
