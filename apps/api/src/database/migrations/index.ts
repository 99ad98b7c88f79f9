import { InitialSchema1763700000000 } from './1763700000000-initial-schema';
import { Integrations1763800000000 } from './1763800000000-integrations';
import { Automations1763900000000 } from './1763900000000-automations';
import { Flows1764000000000 } from './1764000000000-flows';
import { DeliveryStatsIndexes1764100000000 } from './1764100000000-delivery-stats-indexes';
import { DispatchQueue1764200000000 } from './1764200000000-dispatch-queue';
import { OpenDeliveryQueue1764300000000 } from './1764300000000-open-delivery-queue';
import { DeliveryQueueStatistics1764400000000 } from './1764400000000-delivery-queue-statistics';
import { TargetDeletion1764500000000 } from './1764500000000-target-deletion';
import { SignInFailures1764600000000 } from './1764600000000-sign-in-failures';
import { TemporaryPasswords1764700000000 } from './1764700000000-temporary-passwords';
import { HealthChangedAt1764800000000 } from './1764800000000-health-changed-at';

/** Every migration, oldest first. Applied at start-up; never `synchronize`. */
export const MIGRATIONS = [InitialSchema1763700000000, Integrations1763800000000, Automations1763900000000, Flows1764000000000, DeliveryStatsIndexes1764100000000, DispatchQueue1764200000000, OpenDeliveryQueue1764300000000, DeliveryQueueStatistics1764400000000, TargetDeletion1764500000000, SignInFailures1764600000000, TemporaryPasswords1764700000000, HealthChangedAt1764800000000];
