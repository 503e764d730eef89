// What reading a file that a stack file names gave the parser (the engine reads; the parser,
// which runs in the renderer too, cannot touch the disk): its text, nothing there, or why it
// cannot be used (not a regular file, too big, not text), said without quoting its content.

export type FileRead = { text: string } | { missing: true } | { problem: string };
