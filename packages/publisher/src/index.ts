export { PublisherError, PublisherErrorCode } from './errors.js';
export type { DiscordPayload } from './notify/discord.js';
export { DISCORD_LIMITS, renderDiscord } from './notify/discord.js';
export type { LedgerEntry, LedgerKey, LedgerStatus, NotificationLedger } from './notify/ledger.js';
export { createJsonFileLedger, createMemoryLedger } from './notify/ledger.js';
export type {
  Notifier,
  NotifierOptions,
  NotifyResult,
  NotifyStatus,
  NotifyTarget,
} from './notify/notifier.js';
export { createNotifier, notifierOptionsSchema, notifyTargetSchema } from './notify/notifier.js';
export type { SlackPayload } from './notify/slack.js';
export { renderSlack, SLACK_LIMITS } from './notify/slack.js';
export type { NotificationSummary, NotificationSummaryInput, SummaryJob } from './notify/summary.js';
export { notificationSummarySchema, summaryJobSchema } from './notify/summary.js';
export { DELIVERY_HEADER, SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './notify/webhook.js';
export type { RepairResult } from './publish/latest.js';
export { repairLatest } from './publish/latest.js';
export type { PublishPlan } from './publish/plan.js';
export { planPublish, renderPointer } from './publish/plan.js';
export type { PublishOptions, PublishResult } from './publish/publish.js';
export { publish } from './publish/publish.js';
export type { ArtifactInput, ArtifactRecord, Intent, Pointer, PublishInput } from './publish/schema.js';
export { INTENT_KEY, POINTER_KEY, pointerSchema, publishInputSchema } from './publish/schema.js';
export { readPointer } from './publish/state.js';
export type { VerifyOptions, VerifyProblem, VerifyProblemKind, VerifyResult } from './publish/verify.js';
export { VerifyExitCode, verify } from './publish/verify.js';
export type {
  ArtifactBody,
  ArtifactStore,
  ListedObject,
  ObjectInfo,
  PutOptions,
  PutResult,
} from './store/contract.js';
export { assertValidKey, keyProblem } from './store/contract.js';
export type { FsStoreOptions } from './store/fs-store.js';
export { createFsStore } from './store/fs-store.js';
export type { S3StoreOptions } from './store/s3-store.js';
export { createS3Store, SHA256_METADATA_KEY } from './store/s3-store.js';
