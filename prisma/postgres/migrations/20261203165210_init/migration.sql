-- CreateTable
-- (type, key) compare by code point (COLLATE "C", UTF-8 byte order), as SQLite's BINARY collation
-- does, whatever the database's default collation: actors.list pages by name with key ranges and
-- cursors that JS computes in code-point order (server/services/actor-order.ts).
CREATE TABLE "actor_state" (
    "type" TEXT COLLATE "C" NOT NULL,
    "key" TEXT COLLATE "C" NOT NULL,
    "state" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "labels" TEXT NOT NULL DEFAULT '{}',
    "config" TEXT NOT NULL DEFAULT '{}',
    "activations" INTEGER NOT NULL DEFAULT 0,
    "failure" TEXT,
    "created_at" DOUBLE PRECISION NOT NULL,
    "updated_at" DOUBLE PRECISION NOT NULL,
    "last_active_at" DOUBLE PRECISION,

    CONSTRAINT "actor_state_pkey" PRIMARY KEY ("type","key")
);

-- CreateTable
CREATE TABLE "alarm" (
    "id" SERIAL NOT NULL,
    "type" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "args" TEXT NOT NULL DEFAULT 'null',
    "due_at" DOUBLE PRECISION NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "created_at" DOUBLE PRECISION NOT NULL,
    "cron" TEXT,

    CONSTRAINT "alarm_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lifecycle_event" (
    "id" SERIAL NOT NULL,
    "type" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "reason" TEXT,
    "at" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "lifecycle_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "journal_entry" (
    "id" SERIAL NOT NULL,
    "type" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "input" TEXT NOT NULL,
    "result" TEXT,
    "error" TEXT,
    "state" TEXT,
    "duration_ms" DOUBLE PRECISION NOT NULL,
    "at" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "journal_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pipeline" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "spec" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "rescale" TEXT,
    "created_at" DOUBLE PRECISION NOT NULL,
    "updated_at" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "pipeline_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pipeline_batch" (
    "pipeline_id" TEXT NOT NULL,
    "batch_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "events" TEXT,
    "at" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "pipeline_batch_pkey" PRIMARY KEY ("pipeline_id","batch_id")
);

-- CreateTable
CREATE TABLE "stream_entry" (
    "stream" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "payload" TEXT NOT NULL,
    "at" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "stream_entry_pkey" PRIMARY KEY ("stream","seq")
);

-- CreateTable
CREATE TABLE "idempotency_key" (
    "type" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "idem_key" TEXT NOT NULL,
    "result" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "at" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "idempotency_key_pkey" PRIMARY KEY ("type","key","idem_key")
);

-- CreateTable
CREATE TABLE "actor_type_version" (
    "id" SERIAL NOT NULL,
    "type" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "bundle" TEXT NOT NULL,
    "source_hash" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "deployed_at" DOUBLE PRECISION NOT NULL,
    "rolled_back_from" INTEGER,

    CONSTRAINT "actor_type_version_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cluster_node" (
    "id" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "started_at" DOUBLE PRECISION NOT NULL,
    "heartbeat_at" DOUBLE PRECISION NOT NULL,
    "lease_until" DOUBLE PRECISION NOT NULL,
    "load" TEXT NOT NULL DEFAULT '{}',

    CONSTRAINT "cluster_node_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "actor_owner" (
    "type" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "node" TEXT NOT NULL,
    "epoch" INTEGER NOT NULL,

    CONSTRAINT "actor_owner_pkey" PRIMARY KEY ("type","key")
);

-- CreateIndex
CREATE INDEX "actor_state_updated_at_idx" ON "actor_state"("updated_at");

-- CreateIndex
CREATE INDEX "alarm_due_at_idx" ON "alarm"("due_at");

-- CreateIndex
CREATE INDEX "alarm_type_key_idx" ON "alarm"("type", "key");

-- CreateIndex
CREATE INDEX "lifecycle_event_type_key_id_idx" ON "lifecycle_event"("type", "key", "id");

-- CreateIndex
CREATE INDEX "journal_entry_type_key_id_idx" ON "journal_entry"("type", "key", "id");

-- CreateIndex
CREATE INDEX "pipeline_batch_status_idx" ON "pipeline_batch"("status");

-- CreateIndex
CREATE INDEX "pipeline_batch_at_idx" ON "pipeline_batch"("at");

-- CreateIndex
CREATE INDEX "idempotency_key_at_idx" ON "idempotency_key"("at");

-- CreateIndex
CREATE UNIQUE INDEX "actor_type_version_type_version_key" ON "actor_type_version"("type", "version");

-- CreateIndex
CREATE INDEX "actor_owner_node_idx" ON "actor_owner"("node");
