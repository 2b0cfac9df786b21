/** Small synthetic provider responses, so the core behaviour is tested without the shared fixtures. */

export function openAiResponse(
  content: string | null,
  options: {
    usage?: Record<string, unknown> | null;
    finishReason?: string;
    refusal?: string;
    model?: string;
  } = {},
) {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1_770_000_000,
    model: options.model ?? 'test-model',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal: options.refusal ?? null },
        finish_reason: options.finishReason ?? 'stop',
      },
    ],
    ...(options.usage === null
      ? {}
      : { usage: options.usage ?? { prompt_tokens: 1000, completion_tokens: 200, total_tokens: 1200 } }),
  };
}

export function anthropicToolResponse(
  name: string,
  input: unknown,
  options: { usage?: Record<string, unknown>; stopReason?: string } = {},
) {
  return {
    id: 'msg_test',
    type: 'message',
    role: 'assistant',
    model: 'claude-test',
    content: [{ type: 'tool_use', id: 'toolu_test', name, input }],
    stop_reason: options.stopReason ?? 'tool_use',
    stop_sequence: null,
    usage: options.usage ?? {
      input_tokens: 900,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 100,
      output_tokens: 150,
    },
  };
}

export const profile = {
  id: 'p-1',
  headline: 'Backend engineer, TypeScript and Postgres',
  targetRoles: ['Senior Backend Engineer'],
  skills: ['TypeScript', 'Node.js', 'PostgreSQL'],
  locations: ['Berlin'],
  remote: true,
};

export const jobs = [
  {
    id: 'greenhouse:acme:1',
    title: 'Senior Backend Engineer',
    company: 'Acme',
    locations: ['Berlin'],
    score: 91,
    reasons: ['title matches a target role', 'skills: TypeScript, PostgreSQL'],
    descriptionExcerpt: 'You will build APIs in TypeScript on Postgres. Kubernetes experience is a plus.',
  },
  {
    id: 'lever:globex:7',
    title: 'Platform Engineer',
    company: 'Globex',
    locations: ['Remote (EU)'],
    score: 77,
    reasons: ['remote', 'skills: Node.js'],
    descriptionExcerpt: 'Own our Node.js platform and its Terraform. Go is a plus.',
  },
  {
    id: 'ashby:initech:3',
    title: 'Staff Engineer',
    company: 'Initech',
    locations: ['Munich'],
    score: 64,
    reasons: ['seniority'],
    descriptionExcerpt: 'Lead a team of five. Rust preferred.',
  },
];

export const validInsights = {
  themes: ['Backend roles on TypeScript and Postgres dominate'],
  recommendedActions: ['Apply to the Acme role this week'],
  topRoles: [
    { title: 'Senior Backend Engineer', jobIds: ['greenhouse:acme:1'], why: 'Closest match to the profile' },
  ],
  skillGaps: [{ skill: 'Kubernetes', evidence: 'Acme lists Kubernetes as a plus' }],
  risks: [],
};

export function validBrief(jobId: string) {
  return {
    jobId,
    whyItMatches: ['TypeScript and Postgres are the core stack'],
    gaps: ['No Kubernetes on the profile'],
    interviewFocus: ['API design on Postgres'],
    questionsToAsk: ['How is on-call organised?'],
  };
}
