/**
 * A line writer for the event log on Node: lines written in the same tick go out in one
 * `stdout.write`. `console.log` per event is a synchronous write per request when stdout is a
 * file or pipe, which costs more than the rest of the event.
 */
export function createBatchedStdoutWriter(
  stream: { write(chunk: string): unknown } = process.stdout,
): (line: string) => void {
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const text = `${pending.join('\n')}\n`;
    pending = [];
    stream.write(text);
  };
  process.once('exit', flush);
  return (line) => {
    if (pending.length === 0) setImmediate(flush);
    pending.push(line);
  };
}
