// Generated from the actors/ folder by `npm run types` (and `npm run dev`): do not edit.
// The typed client reads each action’s args and result off the exported definitions.

import type * as m0 from '../actors/bank-account.ts';
import type * as m1 from '../actors/chat-room.ts';
import type * as m2 from '../actors/counter.ts';
import type * as m3 from '../actors/heartbeat.ts';
import type * as m4 from '../actors/presence.ts';
import type * as m5 from '../actors/reminder.ts';
import type { ActorShapeOf } from './actor-types.ts';

export type ProjectActors = {
  'bank-account': ActorShapeOf<(typeof m0)['bankAccount']>;
  'chat-room': ActorShapeOf<(typeof m1)['chatRoom']>;
  counter: ActorShapeOf<(typeof m2)['counter']>;
  heartbeat: ActorShapeOf<(typeof m3)['heartbeat']>;
  presence: ActorShapeOf<(typeof m4)['presence']>;
  reminder: ActorShapeOf<(typeof m5)['reminder']>;
};
