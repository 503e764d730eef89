// A stack file of `n` services with the keys real files use (image, environment with
// interpolation, ports, volumes, depends_on, deploy limits): the big file of the validation bench
// and of the unit test that such a file parses whole.

export function bigStackFile(n: number): string {
  const out = ['name: big', 'x-branchyard: { subnet: 10.40.0.0/20 }', 'volumes: { data: {} }', 'services:'];
  for (let i = 0; i < n; i++) {
    out.push(
      `  svc${i}:`,
      `    image: registry.example.com/app${i % 7}:1.${i}`,
      `    environment: { INDEX: "${i}", HOME_DIR: "\${HOME:-/root}" }`,
      `    ports: ["${10000 + i}:80"]`,
      `    volumes: ["./d${i}:/data", "data:/shared:ro"]`,
      i ? `    depends_on: { svc${i - 1}: { condition: service_started } }` : '    depends_on: []',
      '    deploy: { resources: { limits: { memory: 64m } } }',
    );
  }
  return out.join('\n') + '\n';
}
