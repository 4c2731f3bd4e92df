/**
 * Request/reply over MQTT sends small packets back to back (a PUBACK or PUBCOMP, then the next
 * request or the reply). mqtt.js leaves Nagle's algorithm on for its TCP socket, so the second
 * packet waits for the peer's delayed ACK: about 40 ms per hop, 80-90 ms per round trip even on
 * loopback. The requester and the responder therefore turn TCP_NODELAY on for the client they
 * use, now and after every reconnect (each reconnect opens a new socket).
 */

import type { MqttClient } from 'mqtt';

/** Sets TCP_NODELAY on the client's socket now and on each (re)connect; the result undoes the listening. */
export function keepNoDelay(client: MqttClient): () => void {
  const apply = () => {
    const stream = client.stream as { setNoDelay?: (noDelay: boolean) => unknown } | undefined;
    // WebSocket and TLS-over-proxy streams have no such option; TLS sockets do.
    if (typeof stream?.setNoDelay === 'function') stream.setNoDelay(true);
  };
  apply();
  client.on('connect', apply);
  return () => {
    client.removeListener('connect', apply);
  };
}
