// What a failed control-plane call tells the operator: the server's message, its tRPC code and,
// for invalid input, zod's field errors (the error formatter puts them in `data.zodError`).
// @see server/api/trpc.ts
import { TRPCClientError } from '@trpc/client';
import type { AppRouter } from '@/server/api/root.ts';

export interface TControlPlaneError {
  message: string;
  /** tRPC code, e.g. CONFLICT; null for network failures. */
  code: string | null;
  fieldErrors: Record<string, string[]>;
  formErrors: string[];
}

export function describeError(error: unknown): TControlPlaneError {
  if (error instanceof TRPCClientError) {
    const { data } = error as TRPCClientError<AppRouter>;
    const fieldErrors: Record<string, string[]> = {};
    for (const [field, messages] of Object.entries(data?.zodError?.fieldErrors ?? {})) {
      if (Array.isArray(messages) && messages.length > 0) fieldErrors[field] = messages;
    }
    return {
      message: error.message,
      code: data?.code ?? null,
      fieldErrors,
      formErrors: data?.zodError?.formErrors ?? [],
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { message, code: null, fieldErrors: {}, formErrors: [] };
}
