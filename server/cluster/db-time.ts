// Leases are judged by the database's clock, never by each node's own: nodes whose clocks disagree
// still agree on who is alive. Milliseconds since the epoch, as the runtime counts.
export const DB_NOW_MS = '(extract(epoch from clock_timestamp()) * 1000)::float8';
