export { startReceiver } from './receiver';
export type { Receiver, ReceiverOptions, ReceiverStats, RecordedRequest } from './receiver';
export { DEFAULT_BEHAVIOUR, InvalidBehaviourError, resolveBehaviour } from './behaviour';
export type { Behaviour, ResolvedBehaviour } from './behaviour';
