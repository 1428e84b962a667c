// Title row shared by every dashboard page.
import type { ReactNode } from 'react';

export function PageHeader({ title, description }: { title: string; description: ReactNode }) {
  return (
    <div className="page-header">
      <h1>{title}</h1>
      <p>{description}</p>
    </div>
  );
}
