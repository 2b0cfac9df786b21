/**
 * A secret value (a webhook URL, a signing key) that prints as `[REDACTED]` however it is logged,
 * stringified or inspected; only `reveal()` gives the value, at the one place that needs it.
 */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return '[REDACTED]';
  }
  toJSON(): string {
    return '[REDACTED]';
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'Secret([REDACTED])';
  }
}
