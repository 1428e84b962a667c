-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "pipeline_result";
PRAGMA foreign_keys=on;

-- CreateTable
CREATE TABLE "stream_entry" (
    "stream" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "payload" TEXT NOT NULL,
    "at" REAL NOT NULL,

    PRIMARY KEY ("stream", "seq")
);
