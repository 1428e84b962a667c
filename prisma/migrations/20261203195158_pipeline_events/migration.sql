-- CreateTable
CREATE TABLE "pipeline_event" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "pipeline_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '{}',
    "at" REAL NOT NULL
);

-- CreateIndex
CREATE INDEX "pipeline_event_pipeline_id_id_idx" ON "pipeline_event"("pipeline_id", "id");
