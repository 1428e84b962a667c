// Output types of the control plane, by procedure, for components that hold or patch cached data.
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/api/root.ts';

type Outputs = inferRouterOutputs<AppRouter>;

export type TActorDetail = Outputs['actors']['get'];
export type TActorListPage = Outputs['actors']['list'];
export type TActorTypeInfo = Outputs['actors']['types'][number];
export type TActorStatus = TActorDetail['status'];
export type TPipelineSummary = Outputs['pipelines']['get'];
export type TOperatorSummary = TPipelineSummary['operators'][number];
