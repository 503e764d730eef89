/** "valid" or "N problems", as a pill coloured like a stack's status. */
export function Validity({ valid, problems }: { valid: boolean; problems: number }) {
  return (
    <span className={`pill ${valid ? 'status-running' : 'status-degraded'}`} data-testid="template-validity">
      {valid ? 'valid' : `${problems} problem${problems === 1 ? '' : 's'}`}
    </span>
  );
}
