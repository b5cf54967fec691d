/**
 * `@turbomcp/runtime/sockets`: WebSocket, TCP and Unix-socket transports.
 *
 * Named exports only; this list is the public API of the entry.
 */
export type { ListenWebSocketOptions } from "../transports/websocket.js";
export { listenWebSocket } from "../transports/websocket.js";
export type { ListenTcpOptions } from "../transports/tcp.js";
export { listenTcp } from "../transports/tcp.js";
export type { ListenUnixOptions } from "../transports/unix.js";
export { listenUnix } from "../transports/unix.js";
