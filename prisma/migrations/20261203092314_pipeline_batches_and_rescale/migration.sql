-- AlterTable
ALTER TABLE "pipeline" ADD COLUMN "rescale" TEXT;

-- CreateTable
CREATE TABLE "pipeline_batch" (
    "pipeline_id" TEXT NOT NULL,
    "batch_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "events" TEXT,
    "at" REAL NOT NULL,

    PRIMARY KEY ("pipeline_id", "batch_id")
);

-- CreateIndex
CREATE INDEX "pipeline_batch_status_idx" ON "pipeline_batch"("status");

-- CreateIndex
CREATE INDEX "pipeline_batch_at_idx" ON "pipeline_batch"("at");
