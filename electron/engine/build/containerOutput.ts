// Lines of a build container's output, one splitter per stream: stdout and stderr arrive as
// separate frames, and a line half-written on one must not be glued to a line of the other
// (under load an assemble's `echo` pairs came out as `err 60out 60000`). Each line says which
// stream it came from, so the build log can record it.

import { PassThrough } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

export type OutputStream = 'stdout' | 'stderr';
export type OnOutputLine = (line: string, stream: OutputStream) => void;

const TAIL = 20;

export interface OutputLines {
  stdout: PassThrough;
  stderr: PassThrough;
  /** The last lines of both streams, for error messages. */
  tail: string[];
  /** Ends both streams, emitting what is left of a last line without a newline. */
  end(): void;
}

function splitter(stream: OutputStream, emit: (line: string, stream: OutputStream) => void): PassThrough {
  const decoder = new StringDecoder('utf8');
  let partial = '';
  const out = new PassThrough();
  out.on('data', (chunk: Buffer) => {
    const lines = (partial + decoder.write(chunk)).split(/\r?\n/);
    partial = lines.pop()!;
    for (const l of lines) emit(l, stream);
  });
  out.on('end', () => {
    const rest = partial + decoder.end();
    if (rest) emit(rest, stream);
  });
  return out;
}

export function outputLines(onLine: OnOutputLine): OutputLines {
  const tail: string[] = [];
  const emit = (line: string, stream: OutputStream) => {
    onLine(line, stream);
    tail.push(line);
    if (tail.length > TAIL) tail.shift();
  };
  const stdout = splitter('stdout', emit);
  const stderr = splitter('stderr', emit);
  return {
    stdout,
    stderr,
    tail,
    end() {
      stdout.end();
      stderr.end();
    },
  };
}
