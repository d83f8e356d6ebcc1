import { describe, expect, it } from 'vitest';
import { createEventHubProducer } from '../../../shared/eventhub/index.js';

describe('createEventHubProducer', () => {
  it('uses the connection string and the configured hub', async () => {
    const producer = createEventHubProducer({
      PULSELAKE_EVENTHUB_CONNECTION:
        'Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=c2VjcmV0',
      PULSELAKE_EVENTHUB_NAME: 'readings',
    });
    expect(producer.eventHubName).toBe('readings');
    expect(producer.fullyQualifiedNamespace).toBe('ns.servicebus.windows.net');
    await producer.close();
  });

  it('uses the namespace with DefaultAzureCredential when there is no connection string', async () => {
    const producer = createEventHubProducer({
      PULSELAKE_EVENTHUB_CONNECTION__fullyQualifiedNamespace: 'ns2.servicebus.windows.net',
    });
    expect(producer.eventHubName).toBe('bpm');
    expect(producer.fullyQualifiedNamespace).toBe('ns2.servicebus.windows.net');
    await producer.close();
  });

  it('names both settings when neither is set', () => {
    expect(() => createEventHubProducer({})).toThrow(
      /PULSELAKE_EVENTHUB_CONNECTION or PULSELAKE_EVENTHUB_CONNECTION__fullyQualifiedNamespace/,
    );
  });
});
