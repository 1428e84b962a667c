// The dashboard shell: brand and live connection state on top, navigation on the left.
import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { ConnectionIndicator } from './_components/connection-indicator.tsx';
import { OfflineBanner } from './_components/offline-banner.tsx';
import { SessionControls } from './_components/session-controls.tsx';
import { SidebarNav } from './_components/sidebar-nav.tsx';
import { Providers } from './providers.tsx';
import './globals.css';
import './live-state.css';

export const metadata: Metadata = {
  title: { default: 'Troupe', template: '%s · Troupe' },
  description: 'Virtual actors and stream pipelines: control plane and live views.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>
          <div className="shell">
            <header className="topbar">
              <Link className="brand" href="/">
                <BrandMark />
                <span className="brand-name">Troupe</span>
              </Link>
              <span className="topbar-context">virtual actors · pipelines</span>
              <div className="topbar-right">
                <SessionControls />
                <ConnectionIndicator />
              </div>
            </header>
            <SidebarNav />
            <main className="content">
              <OfflineBanner />
              {children}
            </main>
          </div>
        </Providers>
      </body>
    </html>
  );
}

function BrandMark() {
  return (
    <svg className="brand-mark" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <rect width="24" height="24" rx="6" />
      <circle cx="8" cy="9" r="2.6" />
      <circle cx="16" cy="9" r="2.6" />
      <path d="M6 16c1.6 1.8 3.6 2.6 6 2.6s4.4-.8 6-2.6" />
    </svg>
  );
}
