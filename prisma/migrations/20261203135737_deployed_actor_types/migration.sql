-- CreateTable
CREATE TABLE "actor_type_version" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "type" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "bundle" TEXT NOT NULL,
    "source_hash" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "deployed_at" REAL NOT NULL,
    "rolled_back_from" INTEGER
);

-- CreateIndex
CREATE UNIQUE INDEX "actor_type_version_type_version_key" ON "actor_type_version"("type", "version");
