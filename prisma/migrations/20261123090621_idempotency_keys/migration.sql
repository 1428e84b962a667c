-- CreateTable
CREATE TABLE "idempotency_key" (
    "type" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "idem_key" TEXT NOT NULL,
    "result" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "at" REAL NOT NULL,

    PRIMARY KEY ("type", "key", "idem_key")
);

-- CreateIndex
CREATE INDEX "idempotency_key_at_idx" ON "idempotency_key"("at");
