// Any path the dashboard has no page for: HTTP 404 in the dashboard's own shell and colours (Next's
// built-in page sets its own light/dark body colours, which the shell's text does not contrast with),
// with the ways back.
import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from './_components/page-header.tsx';

export const metadata: Metadata = { title: 'Not found' };

export default function NotFound() {
  return (
    <>
      <PageHeader title="Page not found" description="The dashboard has no page at this address." />
      <div className="notice" data-testid="page-not-found">
        <p>
          Go to the{' '}
          <Link href="/" className="link">
            overview
          </Link>
          , the{' '}
          <Link href="/actors" className="link">
            actors
          </Link>
          , the{' '}
          <Link href="/types" className="link">
            types
          </Link>{' '}
          or the{' '}
          <Link href="/pipelines" className="link">
            pipelines
          </Link>
          .
        </p>
      </div>
    </>
  );
}
