// The error a cancelled call ends with: the transports turn the name AbortError into "cancelled".

export function abortError(): Error {
  return Object.assign(new Error('cancelled'), { name: 'AbortError' });
}
