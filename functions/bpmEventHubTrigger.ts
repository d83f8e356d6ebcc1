/** Event Hubs trigger (cardinality many): lands each BPM batch as one file, or fails the invocation. */
import { bpmEventHubHandler } from '../shared/functions/handlers.js';

export const bpmEventHubTrigger = bpmEventHubHandler();
