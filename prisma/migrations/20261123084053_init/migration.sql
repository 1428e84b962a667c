-- CreateTable
CREATE TABLE "actor_state" (
    "type" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "labels" TEXT NOT NULL DEFAULT '{}',
    "config" TEXT NOT NULL DEFAULT '{}',
    "activations" INTEGER NOT NULL DEFAULT 0,
    "failure" TEXT,
    "created_at" REAL NOT NULL,
    "updated_at" REAL NOT NULL,
    "last_active_at" REAL,

    PRIMARY KEY ("type", "key")
);

-- CreateTable
CREATE TABLE "alarm" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "type" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "args" TEXT NOT NULL DEFAULT 'null',
    "due_at" REAL NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "created_at" REAL NOT NULL
);

-- CreateTable
CREATE TABLE "lifecycle_event" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "type" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "reason" TEXT,
    "at" REAL NOT NULL
);

-- CreateTable
CREATE TABLE "journal_entry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "type" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "input" TEXT NOT NULL,
    "result" TEXT,
    "error" TEXT,
    "state" TEXT,
    "duration_ms" REAL NOT NULL,
    "at" REAL NOT NULL
);

-- CreateTable
CREATE TABLE "pipeline" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "spec" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "created_at" REAL NOT NULL,
    "updated_at" REAL NOT NULL
);

-- CreateTable
CREATE TABLE "pipeline_result" (
    "pipeline_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "output" TEXT NOT NULL,
    "at" REAL NOT NULL,

    PRIMARY KEY ("pipeline_id", "seq")
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
