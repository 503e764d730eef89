// What the connection to the engine says when it drops or cannot be opened (shown in the banner).
export const api = {
  newToken: 'this Branchyard server has a new token: open the address `branchyard serve` printed (or run `branchyard serve` and open the address it prints)',
  serverNotAnswering: 'the Branchyard server at {host} does not answer (stopped?)',
  appClosed: 'the app closed the connection to the engine',
  serverClosed: 'the connection to the server was closed',
  retrying: '{reason}; retrying in {seconds} s',
} as const;
