// One actor: live state and status, lifecycle, journal, alarms, and a generated invoke form.
import type { Metadata } from 'next';
import { decodeParams } from '../../../_lib/routes.ts';
import { ActorDetail } from './_components/actor-detail.tsx';

type ActorParams = Promise<{ type: string; key: string }>;

export async function generateMetadata({ params }: { params: ActorParams }): Promise<Metadata> {
  const { type, key } = await decodeParams(params);
  return { title: `${type}/${key}` };
}

export default async function ActorPage({ params }: { params: ActorParams }) {
  const { type, key } = await decodeParams(params);
  return <ActorDetail type={type} actorKey={key} />;
}
