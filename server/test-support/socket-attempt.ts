// One socket.io connection attempt, as a test outcome: 'connected', or 'refused <why>' (polling
// errors carry the HTTP status as `description`; websocket and middleware ones a message).
import { io as connect } from 'socket.io-client';

export function attemptSocket(
  port: number,
  transport: string,
  headers: Record<string, string>,
  auth: Record<string, unknown> = {},
): Promise<string> {
  return new Promise<string>((resolve) => {
    const socket = connect(`http://127.0.0.1:${port}`, {
      path: '/socket.io',
      transports: [transport],
      forceNew: true,
      reconnection: false,
      timeout: 3_000,
      extraHeaders: headers,
      auth,
    });
    const done = (outcome: string) => {
      socket.close();
      resolve(outcome);
    };
    socket.once('connect', () => done('connected'));
    socket.once('connect_error', (error) => {
      const description = (error as { description?: unknown }).description;
      done(`refused ${typeof description === 'number' ? description : error.message}`);
    });
  });
}
