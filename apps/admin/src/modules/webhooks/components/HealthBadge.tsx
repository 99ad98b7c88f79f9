import { failureSummary, healthBadge, type Health } from '../health-badge';

interface HealthBadgeProps {
  health: Health;
  consecutiveFailures: number;
}

export function HealthBadge({ health, consecutiveFailures }: HealthBadgeProps) {
  const badge = healthBadge(health);
  const failures = failureSummary(consecutiveFailures);
  return (
    <div className="health">
      <span className={`badge badge--${badge.tone}`} title={badge.hint}>
        {badge.label}
      </span>
      {failures && <span className="health__failures">{failures}</span>}
    </div>
  );
}
