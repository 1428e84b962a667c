// Moved to server/client/ (the client SDK); kept so existing imports keep working.
export { createTroupeClient, type TroupeClient } from '../client/index.ts';
