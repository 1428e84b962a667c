// The top of a detail page: a breadcrumb back to its list, then the title row with status and actions.
import type { Route } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';

interface DetailHeaderProps {
  /** The list this item belongs to, e.g. { href: '/actors', label: 'Actors' }. */
  parent: { href: Route; label: string };
  /** The breadcrumb's last step (monospaced). */
  crumb: string;
  title: ReactNode;
  titleClassName?: string;
  titleTestId: string;
  /** After the title: status badge, countdowns, buttons. */
  children?: ReactNode;
}

export function DetailHeader({
  parent,
  crumb,
  title,
  titleClassName,
  titleTestId,
  children,
}: DetailHeaderProps) {
  return (
    <>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link href={parent.href} className="link">
          {parent.label}
        </Link>
        <span aria-hidden="true">/</span>
        <span className="mono">{crumb}</span>
      </nav>
      <div className="detail-header">
        <h1 className={titleClassName} data-testid={titleTestId}>
          {title}
        </h1>
        {children}
      </div>
    </>
  );
}
