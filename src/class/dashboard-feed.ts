import type { ServerResponse } from 'node:http';

/**
 * What one dashboard may have waiting to be sent. A browser tab that stopped reading (a laptop asleep
 * with the page open, a stalled proxy) would otherwise make the server keep every update for it, for
 * the whole class. Past this the stream is closed: the page's EventSource reconnects and gets the whole
 * class at once, which is all an update would have told it.
 */
export const MAX_DASHBOARD_BACKLOG = 1024 * 1024;

/** Sends `text` to a dashboard's stream, or closes a stream that fell too far behind. False when closed. */
export function feedDashboard(
  stream: Pick<ServerResponse, 'write' | 'writableLength' | 'destroy'>,
  text: string,
  backlog = MAX_DASHBOARD_BACKLOG,
): boolean {
  if (stream.writableLength + Buffer.byteLength(text) > backlog) {
    stream.destroy();
    return false;
  }
  stream.write(text);
  return true;
}
