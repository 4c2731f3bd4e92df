/**
 * The embedded MQTT broker (aedes) used by `specgen mock` and the tests: MQTT over TCP on a real
 * port and, on request, MQTT over WebSocket (the `ws` package mqtt.js already depends on).
 */

import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { Aedes } from 'aedes';

export interface BrokerOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  host?: string;
  /** Also serve MQTT over WebSocket, on `wsPort` (0 = a free port). */
  ws?: boolean;
  wsPort?: number;
}

export interface EmbeddedBroker {
  /** e.g. `mqtt://127.0.0.1:41234` */
  url: string;
  port: number;
  /** e.g. `ws://127.0.0.1:41235`, when WebSocket was asked for. */
  wsUrl?: string;
  wsPort?: number;
  /** The broker itself, for observing traffic (`publish`, `subscribe`, `client` events). */
  aedes: Aedes;
  /** Disconnects every client, stops listening; resolves when all sockets are closed. */
  close(): Promise<void>;
}

export async function startBroker(options: BrokerOptions = {}): Promise<EmbeddedBroker> {
  const host = options.host ?? '127.0.0.1';
  const aedes = await Aedes.createBroker();
  const tcp = await serveTcp(aedes, host, options.port ?? 0).catch(async (error: unknown) => {
    await closeAedes(aedes);
    throw error;
  });
  const ws = options.ws
    ? await serveWebSocket(aedes, host, options.wsPort ?? 0).catch(async (error: unknown) => {
        await Promise.all([closeAedes(aedes), tcp.close()]);
        throw error;
      })
    : undefined;

  let closing: Promise<void> | undefined;
  const close = async () => {
    // Disconnect the clients through aedes first, then tear down whatever sockets remain.
    await closeAedes(aedes);
    await Promise.all([tcp.close(), ws?.close()]);
  };
  return {
    url: `mqtt://${urlHost(host)}:${tcp.port}`,
    port: tcp.port,
    ...(ws && { wsUrl: `ws://${urlHost(host)}:${ws.port}`, wsPort: ws.port }),
    aedes,
    close: () => (closing ??= close()),
  };
}

interface Listener {
  port: number;
  close(): Promise<void>;
}

async function serveTcp(aedes: Aedes, host: string, port: number): Promise<Listener> {
  const sockets = new Set<Socket>();
  // Without TCP_NODELAY, Nagle's algorithm holds small packets (a PUBACK, a reply) back until the
  // peer's delayed ACK: tens of milliseconds per round trip on loopback.
  const server = createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    aedes.handle(socket);
  });
  return {
    port: await listen(server, port, host),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

async function serveWebSocket(aedes: Aedes, host: string, port: number): Promise<Listener> {
  const { WebSocketServer, createWebSocketStream } = await import('ws');
  const http = createHttpServer();
  const wss = new WebSocketServer({ server: http });
  wss.on('connection', (socket, request) => {
    const stream = createWebSocketStream(socket);
    // A client vanishing mid-frame surfaces here; aedes cleans the client up on close.
    stream.on('error', () => undefined);
    aedes.handle(stream, request);
  });
  return {
    port: await listen(http, port, host),
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function closeAedes(aedes: Aedes): Promise<void> {
  return new Promise((resolve) => aedes.close(() => resolve()));
}

function listen(server: Server | HttpServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.removeListener('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
