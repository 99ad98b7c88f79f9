import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { AttemptOutcome } from '@conduit/shared';
import { AttemptOutcomeEnum, DateTimeScalar } from '../../graphql/scalars';
import type { StatsRange } from './delivery-stats.service';

export const StatsRangeEnum: Record<StatsRange, StatsRange> = { HOUR: 'HOUR', DAY: 'DAY' };
registerEnumType(StatsRangeEnum, {
  name: 'StatsRange',
  valuesConfig: {
    HOUR: { description: 'The last hour: 60 buckets of 60 seconds.' },
    DAY: { description: 'The last 24 hours: 96 buckets of 15 minutes (900 seconds).' },
  },
});

@ObjectType('OutcomeCount')
export class OutcomeCountType {
  @Field(() => AttemptOutcomeEnum) outcome!: AttemptOutcome;
  @Field(() => Int) count!: number;
}

@ObjectType('AttemptBucket')
export class AttemptBucketType {
  @Field(() => DateTimeScalar, { description: 'Start of the bucket, a multiple of bucketSeconds since the Unix epoch; it lasts bucketSeconds.' })
  start!: Date;
  @Field(() => Int) total!: number;
  @Field(() => [OutcomeCountType], { description: 'Only the outcomes that occurred in the bucket (count > 0), in AttemptOutcome order; empty for an empty bucket.' })
  counts!: OutcomeCountType[];
  @Field(() => Int, { nullable: true, description: '95th percentile of the attempts\' durations (a duration that occurred); null for an empty bucket.' })
  p95DurationMs!: number | null;
}

@ObjectType('DeliveryStats')
export class DeliveryStatsType {
  @Field(() => StatsRangeEnum) range!: StatsRange;
  @Field(() => Int) bucketSeconds!: number;
  @Field(() => [AttemptBucketType], { description: 'Every bucket of the range, oldest first, empty ones included; the last one is the bucket in progress.' })
  buckets!: AttemptBucketType[];
  @Field(() => Int, { description: 'Attempts in all the buckets.' }) attempts!: number;
  @Field(() => Float, { nullable: true, description: 'SUCCESS attempts / attempts, 0 to 1; null when there was no attempt.' })
  successRate!: number | null;
  @Field(() => Int, { nullable: true, description: '95th percentile of the duration of all the attempts; null when there was none.' })
  p95DurationMs!: number | null;
  @Field(() => Int, { description: 'Deliveries waiting for an attempt now (PENDING or RETRYING), whenever they were created.' })
  pendingDeliveries!: number;
}
