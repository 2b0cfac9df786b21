CREATE TABLE "artifacts" (
	"run_id" text NOT NULL,
	"key" text NOT NULL,
	"store" text NOT NULL,
	"sha256" text NOT NULL,
	"bytes" bigint NOT NULL,
	"content_type" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	CONSTRAINT "artifacts_run_id_store_key_pk" PRIMARY KEY("run_id","store","key")
);
--> statement-breakpoint
CREATE TABLE "budget_alerts" (
	"key" text NOT NULL,
	"threshold_percent" integer NOT NULL,
	"fired_at" timestamp with time zone NOT NULL,
	CONSTRAINT "budget_alerts_key_threshold_percent_pk" PRIMARY KEY("key","threshold_percent")
);
--> statement-breakpoint
CREATE TABLE "budget_counters" (
	"key" text PRIMARY KEY NOT NULL,
	"budget_id" text NOT NULL,
	"window_start" timestamp with time zone,
	"limit_nanos" bigint NOT NULL,
	"spent_nanos" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "budget_reservations" (
	"id" text PRIMARY KEY NOT NULL,
	"amount_nanos" bigint NOT NULL,
	"keys" text[] NOT NULL,
	"lines" jsonb NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "circuit_breakers" (
	"host" text PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"opened_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "item_results" (
	"sink" text NOT NULL,
	"stage" text NOT NULL,
	"item_id" text NOT NULL,
	"run_id" text NOT NULL,
	"fingerprint" text NOT NULL,
	"result" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "item_results_sink_stage_item_id_pk" PRIMARY KEY("sink","stage","item_id")
);
--> statement-breakpoint
CREATE TABLE "job_history" (
	"canonical_id" text NOT NULL,
	"run_id" text NOT NULL,
	"content_hash" text NOT NULL,
	"seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "job_history_canonical_id_run_id_pk" PRIMARY KEY("canonical_id","run_id")
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"canonical_id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"company" text NOT NULL,
	"first_seen_run" text NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_run" text NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"content_hash" text NOT NULL,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "lock_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"granted" boolean NOT NULL,
	"requester" jsonb NOT NULL,
	"holder" jsonb,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "locks" (
	"name" text PRIMARY KEY NOT NULL,
	"holder" jsonb NOT NULL,
	"acquired_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "manifest" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"sink" text NOT NULL,
	"run_id" text NOT NULL,
	"stage" text NOT NULL,
	"item_id" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer NOT NULL,
	"duration_ms" double precision NOT NULL,
	"fingerprint" text NOT NULL,
	"output_ref" text,
	"error" jsonb,
	"ts" text NOT NULL,
	"extra" jsonb
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"run_id" text NOT NULL,
	"profile" text NOT NULL,
	"target" text NOT NULL,
	"status" text NOT NULL,
	"message_sha256" text,
	"sent_at" timestamp with time zone NOT NULL,
	"detail" jsonb,
	CONSTRAINT "notifications_run_id_profile_target_pk" PRIMARY KEY("run_id","profile","target")
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"id" text PRIMARY KEY NOT NULL,
	"config_key" text NOT NULL,
	"config_hash" text NOT NULL,
	"status" text NOT NULL,
	"profiles" text[] DEFAULT '{}'::text[] NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"exit_code" integer,
	"flags" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"report" jsonb,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stage_progress" (
	"run_id" text NOT NULL,
	"stage" text NOT NULL,
	"status" text NOT NULL,
	"planned" integer DEFAULT 0 NOT NULL,
	"succeeded" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"detail" jsonb,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "stage_progress_run_id_stage_pk" PRIMARY KEY("run_id","stage")
);
--> statement-breakpoint
CREATE TABLE "token_usage" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" text,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"input_uncached" bigint DEFAULT 0 NOT NULL,
	"cache_read" bigint DEFAULT 0 NOT NULL,
	"cache_write_5m" bigint DEFAULT 0 NOT NULL,
	"cache_write_1h" bigint DEFAULT 0 NOT NULL,
	"output_text" bigint DEFAULT 0 NOT NULL,
	"output_reasoning" bigint DEFAULT 0 NOT NULL,
	"total_tokens" bigint DEFAULT 0 NOT NULL,
	"cost_nano_usd" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "user_state" (
	"profile" text NOT NULL,
	"job_id" text NOT NULL,
	"status" text NOT NULL,
	"note" text,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "user_state_profile_job_id_pk" PRIMARY KEY("profile","job_id")
);
--> statement-breakpoint
ALTER TABLE "artifacts" ADD CONSTRAINT "artifacts_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_history" ADD CONSTRAINT "job_history_canonical_id_jobs_canonical_id_fk" FOREIGN KEY ("canonical_id") REFERENCES "public"."jobs"("canonical_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stage_progress" ADD CONSTRAINT "stage_progress_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "budget_reservations_expires_idx" ON "budget_reservations" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "job_history_run_idx" ON "job_history" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "jobs_last_seen_idx" ON "jobs" USING btree ("last_seen_at");--> statement-breakpoint
CREATE INDEX "lock_attempts_name_idx" ON "lock_attempts" USING btree ("name","at");--> statement-breakpoint
CREATE INDEX "manifest_latest_idx" ON "manifest" USING btree ("sink","stage","item_id","seq" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "runs_started_idx" ON "runs" USING btree ("started_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "runs_status_started_idx" ON "runs" USING btree ("status","started_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "runs_config_idx" ON "runs" USING btree ("config_key","started_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "token_usage_at_idx" ON "token_usage" USING btree ("at");--> statement-breakpoint
CREATE INDEX "token_usage_run_idx" ON "token_usage" USING btree ("run_id");