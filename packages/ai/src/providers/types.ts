import type { LlmApi } from '../accounting.js';
import type { AiConfig } from '../config.js';

export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

/** The JSON Schema the answer must follow, with a name the API can refer to. */
export interface OutputSchema {
  name: string;
  description: string;
  jsonSchema: Record<string, unknown>;
}

export interface ChatRequest {
  system: string;
  messages: ChatMessage[];
  schema: OutputSchema;
  maxOutputTokens: number;
}

/** What a provider's response says, read without judging the content. */
export interface ParsedResponse {
  /** The answer text (for tool-based structured output: the tool input as JSON). */
  text: string | undefined;
  refusal: string | undefined;
  /** True when the model stopped at the output token limit. */
  truncated: boolean;
  model: string | undefined;
  /** The provider's usage object as sent, for the token tracker; undefined when absent. */
  usage: unknown;
}

export interface ProviderAdapter {
  api: LlmApi;
  path: string;
  headers(apiKey: string, config: AiConfig): Record<string, string>;
  body(request: ChatRequest, config: AiConfig, model: string): unknown;
  /** Throws `AiError(AI_INVALID_RESPONSE)` when the envelope has an unexpected shape. */
  parse(json: unknown): ParsedResponse;
}
