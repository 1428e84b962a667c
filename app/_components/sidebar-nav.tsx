'use client';
// Primary navigation; the current section is marked for both styling and assistive technology.
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';

const NAV_ITEMS = [
  { href: '/', label: 'Overview', testId: 'nav-overview', icon: <OverviewIcon /> },
  { href: '/actors', label: 'Actors', testId: 'nav-actors', icon: <ActorsIcon /> },
  { href: '/types', label: 'Types', testId: 'nav-types', icon: <TypesIcon /> },
  { href: '/pipelines', label: 'Pipelines', testId: 'nav-pipelines', icon: <PipelinesIcon /> },
] as const;

function isCurrent(pathname: string, href: string) {
  if (href === '/') return pathname === '/';
  return pathname === href || pathname.startsWith(`${href}/`);
}

export function SidebarNav() {
  const pathname = usePathname();
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="sidebar-section">Dashboard</div>
      <ul className="nav-list">
        {NAV_ITEMS.map((item) => (
          <li key={item.href}>
            <Link
              href={item.href}
              className="nav-link"
              data-testid={item.testId}
              aria-current={isCurrent(pathname, item.href) ? 'page' : undefined}
            >
              {item.icon}
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Icon({ children }: { children: ReactNode }) {
  return (
    <svg className="nav-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}

function OverviewIcon() {
  return (
    <Icon>
      <rect x="2" y="2" width="5" height="5" rx="1" />
      <rect x="9" y="2" width="5" height="5" rx="1" />
      <rect x="2" y="9" width="5" height="5" rx="1" />
      <rect x="9" y="9" width="5" height="5" rx="1" />
    </Icon>
  );
}

function ActorsIcon() {
  return (
    <Icon>
      <circle cx="5" cy="5" r="2.5" />
      <circle cx="11" cy="5" r="2.5" />
      <circle cx="8" cy="11.5" r="2.5" />
    </Icon>
  );
}

function TypesIcon() {
  return (
    <Icon>
      <path d="M8 1.8 13.5 5v6L8 14.2 2.5 11V5z" />
      <path d="M2.5 5 8 8.2 13.5 5M8 8.2v6" />
    </Icon>
  );
}

function PipelinesIcon() {
  return (
    <Icon>
      <circle cx="3" cy="8" r="1.8" />
      <circle cx="13" cy="4" r="1.8" />
      <circle cx="13" cy="12" r="1.8" />
      <path d="M4.8 8h3.2M8 8 11.2 4.4M8 8l3.2 3.6" />
    </Icon>
  );
}
