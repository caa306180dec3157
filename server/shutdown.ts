import type { Server } from "node:http";
import type { NextFunction, Request, Response } from "express";
import onHeaders from "on-headers";

/**
 * Stopping an HTTP server without cutting anyone off, in bounded time: stop accepting, close
 * idle keep-alive connections, answer what is in flight with `Connection: close` (so a busy
 * keep-alive client cannot hold the server open), and past the deadline close what is left.
 */
export function createDrain() {
  let draining = false;

  /** Express middleware: once draining, every response closes its connection. */
  function closeConnectionsWhenDraining(_req: Request, res: Response, next: NextFunction): void {
    onHeaders(res, () => {
      if (draining) res.setHeader("Connection", "close");
    });
    next();
  }

  /** Resolves when every connection is closed; `forced` counts those cut at the deadline. */
  async function drain(server: Server, timeoutMs: number): Promise<{ forced: boolean }> {
    draining = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    // A response finishing on a connection whose headers went out before the drain leaves it idle.
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<true>((resolve) => {
      timer = setTimeout(() => resolve(true), timeoutMs);
    });
    const forced = await Promise.race([closed.then(() => false), deadline]);
    clearInterval(sweep);
    clearTimeout(timer);
    if (forced) {
      server.closeAllConnections();
      await closed;
    }
    return { forced };
  }

  return { closeConnectionsWhenDraining, drain, isDraining: () => draining };
}

export type Drain = ReturnType<typeof createDrain>;
