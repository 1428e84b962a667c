-- CreateTable
CREATE TABLE "pipeline_event" (
    "id" SERIAL NOT NULL,
    "pipeline_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '{}',
    "at" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "pipeline_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "pipeline_event_pipeline_id_id_idx" ON "pipeline_event"("pipeline_id", "id");
