// A pipeline page for an id no pipeline has: HTTP 404, and a way back.
import Link from 'next/link';
import { PageHeader } from '../../_components/page-header.tsx';

export default function PipelineNotFound() {
  return (
    <>
      <PageHeader
        title="No such pipeline"
        description="No pipeline has this id: it was never created, or it was deleted."
      />
      <div className="notice" data-testid="pipeline-not-found">
        <p>
          See every pipeline on the{' '}
          <Link href="/pipelines" className="link">
            pipelines page
          </Link>
          , or create one there.
        </p>
      </div>
    </>
  );
}
