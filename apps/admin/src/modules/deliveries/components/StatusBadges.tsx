import { Badge, Tooltip } from '@mantine/core';
import type { AttemptOutcome, DeliveryStatus } from '../../../generated/graphql';
import { deliveryStatusLook, outcomeLook } from '../delivery-status';

export function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  const look = deliveryStatusLook(status);
  return (
    <Tooltip label={look.hint} multiline maw={280}>
      <Badge color={look.color} variant="light" data-status={status}>
        {look.label}
      </Badge>
    </Tooltip>
  );
}

export function OutcomeBadge({ outcome, httpStatus }: { outcome: AttemptOutcome; httpStatus?: number | null }) {
  const look = outcomeLook(outcome);
  return (
    <Tooltip label={look.hint} multiline maw={280}>
      <Badge color={look.color} variant="dot" data-outcome={outcome}>
        {httpStatus ? `${httpStatus} · ${look.label}` : look.label}
      </Badge>
    </Tooltip>
  );
}
