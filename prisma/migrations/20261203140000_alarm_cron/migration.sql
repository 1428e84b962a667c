-- AlterTable
ALTER TABLE "alarm" ADD COLUMN "cron" TEXT;
