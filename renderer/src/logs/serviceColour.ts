/** The same service always gets the same colour, in every view: a CSS class `svc-c0`..`svc-c7`. */
export function serviceColourClass(service: string): string {
  let h = 0;
  for (let i = 0; i < service.length; i++) h = (h * 31 + service.charCodeAt(i)) >>> 0;
  return `svc-c${h % 8}`;
}
