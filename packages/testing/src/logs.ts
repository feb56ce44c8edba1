/**
 * Runs `work` and returns every line written to stdout and stderr meanwhile: where the rig's functions log, so
 * that a test can search them for a PHI canary.
 *
 * @example
 * const lines = await linesLoggedDuring(() => deliverInTurn(pipeline, ...events));
 */
export async function linesLoggedDuring(work: () => Promise<unknown>): Promise<string[]> {
  const lines: string[] = [];
  const capture = (stream: NodeJS.WriteStream) => {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      lines.push(String(chunk));
      return write(chunk, ...rest);
    }) as typeof stream.write;
    return () => {
      stream.write = write;
    };
  };
  const restore = [capture(process.stdout), capture(process.stderr)];
  try {
    await work();
  } finally {
    for (const undo of restore) undo();
  }
  return lines;
}
