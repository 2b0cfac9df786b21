import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CodedError } from '@jobintel/runner-core';
import { describe, expect, it } from 'vitest';
import { AiError, AiErrorCode } from './errors.js';

const docs = fileURLToPath(new URL('../../../docs/ai.md', import.meta.url));

describe('AiError', () => {
  it('is a CodedError with a code, a retryable flag and Retry-After', () => {
    const error = new AiError(AiErrorCode.RateLimited, 'slow down', { retryable: true, retryAfterMs: 2000 });
    expect(error).toBeInstanceOf(CodedError);
    expect(error.name).toBe('AiError');
    expect(error.toJSON()).toEqual({
      name: 'AiError',
      code: 'AI_RATE_LIMITED',
      message: 'slow down',
      retryable: true,
    });
    expect(error.retryAfterMs).toBe(2000);
  });

  it.skipIf(!existsSync(docs))('lists every code in docs/ai.md', () => {
    const text = readFileSync(docs, 'utf8');
    for (const code of Object.values(AiErrorCode)) expect(text, code).toContain(`\`${code}\``);
  });
});
