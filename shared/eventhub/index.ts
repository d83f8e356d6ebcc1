/**
 * Creates the Event Hubs BPM publisher from settings: a connection string, else the namespace
 * with DefaultAzureCredential (managed identity in Azure). Config errors name the settings.
 */
import { EventHubProducerClient } from '@azure/event-hubs';
import { DefaultAzureCredential } from '@azure/identity';
import { ConfigError, SETTINGS, readSetting, requireSetting } from '../config/settings.js';
import { EventHubBpmPublisher } from './EventHubBpmPublisher.js';

export { bpmPartitionKey, type BpmPublisher } from './BpmPublisher.js';
export { EventHubBpmPublisher, type BpmProducer } from './EventHubBpmPublisher.js';
export { landBpmEvents, type BpmEventsOutcome } from './landBpmEvents.js';
export { readPartitionBatch, type PartitionBatch } from './triggerMetadata.js';

export function createEventHubProducer(env: NodeJS.ProcessEnv = process.env): EventHubProducerClient {
  const hub = requireSetting('eventHubName', env);
  const connectionString = readSetting('eventHubConnection', env);
  if (connectionString) {
    // A hub-level connection string names its hub (EntityPath); the SDK rejects a second name.
    return /;\s*EntityPath=/i.test(connectionString)
      ? new EventHubProducerClient(connectionString)
      : new EventHubProducerClient(connectionString, hub);
  }
  const namespace = readSetting('eventHubNamespace', env);
  if (namespace) return new EventHubProducerClient(namespace, hub, new DefaultAzureCredential());
  throw new ConfigError(
    `${SETTINGS.eventHubConnection.name} or ${SETTINGS.eventHubNamespace.name}`,
    'one of them is required to publish BPM readings to Event Hubs',
  );
}

export function createBpmPublisher(env: NodeJS.ProcessEnv = process.env): EventHubBpmPublisher {
  return new EventHubBpmPublisher(createEventHubProducer(env));
}
