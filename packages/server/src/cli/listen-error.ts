/**
 * One line for a failure to listen, instead of Node's stack trace: what went wrong and which
 * setting to change.
 */
export function listenErrorMessage(
  error: NodeJS.ErrnoException,
  host: string,
  port: number,
): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return `Port ${port} is already in use (set PORT or --port).`;
    case 'EACCES':
      return `Not allowed to listen on port ${port} (ports below 1024 need privileges; set PORT or --port).`;
    case 'EADDRNOTAVAIL':
      return `Cannot bind to ${host}: no such address on this machine (set HOST or --host).`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
      return `Cannot bind to ${host}: the host name does not resolve (set HOST or --host).`;
    default:
      return `Cannot listen on ${host}:${port}: ${error.message.split('\n')[0]}`;
  }
}
