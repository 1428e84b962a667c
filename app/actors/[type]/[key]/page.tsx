// One actor: live state and status, lifecycle, journal, alarms, and a generated invoke form.
import type { Metadata } from 'next';
import { ActorDetail } from './_components/actor-detail.tsx';

interface ActorPageProps {
  params: Promise<{ type: string; key: string }>;
}

/** Route segments arrive percent-encoded when the key holds reserved characters. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export async function generateMetadata({ params }: ActorPageProps): Promise<Metadata> {
  const { type, key } = await params;
  return { title: `${decodeSegment(type)}/${decodeSegment(key)}` };
}

export default async function ActorPage({ params }: ActorPageProps) {
  const { type, key } = await params;
  return <ActorDetail type={decodeSegment(type)} actorKey={decodeSegment(key)} />;
}
