import { connect } from 'node:net';

/** Test-only (not exported from the package). */

/**
 * Writes `request` as it is to the server at `url` over a plain TCP socket (bytes no HTTP client
 * would send) and resolves with everything the server wrote until it closed the connection.
 */
export function rawExchange(url: string, request: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
    });
    socket.on('end', () => resolve(received));
    socket.on('error', reject);
    socket.write(request);
  });
}
