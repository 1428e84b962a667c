// One deployed actor type: its versions, which one serves, and rolling back to an earlier one.
import type { Metadata } from 'next';
import { decodeParams } from '../../_lib/routes.ts';
import { TypeHistory } from './_components/type-history.tsx';

type TypeParams = Promise<{ type: string }>;

export async function generateMetadata({ params }: { params: TypeParams }): Promise<Metadata> {
  const { type } = await decodeParams(params);
  return { title: `${type} · deploy history` };
}

export default async function TypePage({ params }: { params: TypeParams }) {
  const { type } = await decodeParams(params);
  return <TypeHistory type={type} />;
}
