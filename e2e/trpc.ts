// Calling the control plane from a spec without the UI (superjson envelope over plain HTTP).
import { type APIRequestContext, expect } from '@playwright/test';

export async function mutate(request: APIRequestContext, path: string, input: unknown): Promise<unknown> {
  const response = await request.post(`/api/trpc/${path}`, { data: { json: input } });
  expect(response.ok(), `${path} answered ${response.status()}: ${await response.text()}`).toBe(true);
  const body = (await response.json()) as { result: { data: { json: unknown } } };
  return body.result.data.json;
}
