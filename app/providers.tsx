'use client';
// Client-side context for the whole dashboard: TanStack Query, the typed tRPC hooks and the shared socket.
import { QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { getQueryClient } from './_lib/query-client.ts';
import { SocketProvider } from './_lib/socket.tsx';
import { createBrowserTRPCClient, TRPCProvider } from './_lib/trpc.ts';

export function Providers({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(createBrowserTRPCClient);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <SocketProvider>{children}</SocketProvider>
      </TRPCProvider>
    </QueryClientProvider>
  );
}
