// The shapes of `types.list` rows and `types.history` versions, as the control plane answers them.
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/api/root.ts';

type TypesOutputs = inferRouterOutputs<AppRouter>['types'];

export type TTypeRow = TypesOutputs['list'][number];
export type TTypeVersion = TypesOutputs['history']['versions'][number];
