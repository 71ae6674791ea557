export * from './types';
export { ROUTING_POLICIES, ROUTING_POLICY_IDS, DEFAULT_ROUTING, findRoutingPolicy } from './registry';
export { sessionKeyFromId, sessionKeyFromPrompt } from './session';
