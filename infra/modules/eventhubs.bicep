// Event Hubs namespace carrying BPM readings. No SAS keys: local auth is off, so producers and the
// trigger authenticate with Entra ID (the Function App's identity holds Data Sender/Receiver on `bpm`
// only, rbac.bicep). The function reads through its own consumer group, never `$Default`.
param name string
param location string
param tags object
param partitionCount int
param allowedSubnetIds array
param logAnalyticsId string

@description('Throughput units (Standard tier); sizing in docs/deploy.md.')
param capacity int = 1

@description('Days events stay in the hub (replay window after a failed landing).')
param retentionDays int = 7

resource namespace 'Microsoft.EventHub/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
    capacity: capacity
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    isAutoInflateEnabled: false
    // Devices reach Event Hubs only through the Function App; the namespace admits its subnet.
    publicNetworkAccess: 'Enabled'
  }
}

resource networkRules 'Microsoft.EventHub/namespaces/networkRuleSets@2024-01-01' = {
  parent: namespace
  name: 'default'
  properties: {
    defaultAction: 'Deny'
    publicNetworkAccess: 'Enabled'
    trustedServiceAccessEnabled: true
    virtualNetworkRules: [for id in allowedSubnetIds: { subnet: { id: id }, ignoreMissingVnetServiceEndpoint: false }]
    ipRules: []
  }
}

resource bpm 'Microsoft.EventHub/namespaces/eventhubs@2024-01-01' = {
  parent: namespace
  name: 'bpm'
  properties: {
    partitionCount: partitionCount
    messageRetentionInDays: retentionDays
  }
}

resource functionConsumerGroup 'Microsoft.EventHub/namespaces/eventhubs/consumergroups@2024-01-01' = {
  parent: bpm
  name: 'pulselake-function'
  properties: {
    userMetadata: 'BPM Event Hubs trigger of the PulseLake Function App'
  }
}

resource namespaceLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'eventhubs-logs'
  scope: namespace
  properties: {
    workspaceId: logAnalyticsId
    logs: [
      { categoryGroup: 'allLogs', enabled: true }
    ]
  }
}

output namespaceName string = namespace.name
output namespaceHost string = '${namespace.name}.servicebus.windows.net'
output bpmHubName string = bpm.name
output functionConsumerGroupName string = functionConsumerGroup.name
