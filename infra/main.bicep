// PulseLake platform, one resource group per environment: `az deployment group create -g <rg>
// -f infra/main.bicep -p infra/<env>.bicepparam` (docs/deploy.md). One module per concern; every
// connection is identity-based (no keys, no connection strings) and every role assignment is scoped
// to the one resource it is for (infra/modules/rbac.bicep).
targetScope = 'resourceGroup'

@description('Environment name; part of every resource name and the `env` tag.')
@allowed(['dev', 'prod'])
param env string

@description('Region of every resource; must be one of allowedLocations.')
param location string = resourceGroup().location

@description('Short lowercase prefix of resource names (letters and digits, <= 10 chars).')
@maxLength(10)
param prefix string = 'pulselake'

@description('Unity Catalog catalog of this environment (databricks/uc/access.yml environments.<env>.catalog); the gold refresh writes there.')
param catalog string

@description('Team or person answering for the environment (the `owner` tag).')
param owner string

@description('Cost center the environment is billed to (the `cost-center` tag).')
param costCenter string

@description('Regions the Azure Policy assignment allows resources in.')
param allowedLocations array

@description('Landing files older than this many days move to the cool tier.')
@minValue(1)
param landingCoolAfterDays int = 30

@description('Partitions of the `bpm` event hub (sizing: docs/deploy.md).')
@minValue(1)
@maxValue(32)
param bpmPartitionCount int = 4

@description('Largest number of Function App instances (Flex Consumption scale-out limit).')
param functionMaximumInstanceCount int = 40

@description('Object id of the pipeline service connection principal (writes the Databricks coordinates into Key Vault).')
param deployerPrincipalId string = ''

@description('Address space of the platform virtual network (Databricks host/container subnets + Function App integration).')
param vnetAddressPrefix string = '10.40.0.0/16'

@description('Subnet prefixes inside vnetAddressPrefix: Databricks host, Databricks container, Function App.')
param subnetPrefixes object = {
  databricksHost: '10.40.0.0/22'
  databricksContainer: '10.40.4.0/22'
  functions: '10.40.8.0/24'
}

var tags = {
  env: env
  owner: owner
  'cost-center': costCenter
  project: 'pulselake'
}
var names = {
  identity: '${prefix}-${env}-func-id'
  logs: '${prefix}-${env}-logs'
  insights: '${prefix}-${env}-insights'
  lake: '${prefix}${env}'
  runtimeStorage: '${prefix}${env}fn'
  eventHubs: '${prefix}-${env}-ehns'
  keyVault: '${prefix}-${env}-kv'
  vnet: '${prefix}-${env}-vnet'
  databricks: '${prefix}-${env}-dbw'
  accessConnector: '${prefix}-${env}-dbac'
  functionPlan: '${prefix}-${env}-plan'
  functionApp: '${prefix}-${env}-func'
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: names.logs
    appInsightsName: names.insights
    location: location
    tags: tags
  }
}

module network 'modules/network.bicep' = {
  name: 'network'
  params: {
    name: names.vnet
    location: location
    tags: tags
    addressPrefix: vnetAddressPrefix
    hostSubnetPrefix: subnetPrefixes.databricksHost
    containerSubnetPrefix: subnetPrefixes.databricksContainer
    functionSubnetPrefix: subnetPrefixes.functions
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    lakeName: names.lake
    runtimeStorageName: names.runtimeStorage
    location: location
    tags: tags
    landingCoolAfterDays: landingCoolAfterDays
    allowedSubnetIds: [
      network.outputs.databricksHostSubnetId
      network.outputs.databricksContainerSubnetId
      network.outputs.functionSubnetId
    ]
    accessConnectorId: databricks.outputs.accessConnectorId
    logAnalyticsId: monitoring.outputs.logAnalyticsId
  }
}

module eventHubs 'modules/eventhubs.bicep' = {
  name: 'eventhubs'
  params: {
    name: names.eventHubs
    location: location
    tags: tags
    partitionCount: bpmPartitionCount
    allowedSubnetIds: [network.outputs.functionSubnetId]
    logAnalyticsId: monitoring.outputs.logAnalyticsId
  }
}

module databricks 'modules/databricks.bicep' = {
  name: 'databricks'
  params: {
    workspaceName: names.databricks
    accessConnectorName: names.accessConnector
    location: location
    tags: tags
    vnetId: network.outputs.vnetId
    hostSubnetName: network.outputs.databricksHostSubnetName
    containerSubnetName: network.outputs.databricksContainerSubnetName
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: names.keyVault
    location: location
    tags: tags
    allowedSubnetIds: [network.outputs.functionSubnetId]
    databricksHost: databricks.outputs.workspaceUrl
    logAnalyticsId: monitoring.outputs.logAnalyticsId
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    planName: names.functionPlan
    appName: names.functionApp
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    runtimeStorageName: storage.outputs.runtimeStorageName
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    lakeBlobEndpoint: storage.outputs.lakeBlobEndpoint
    landingContainerName: storage.outputs.landingContainerName
    eventHubsNamespaceHost: eventHubs.outputs.namespaceHost
    eventHubName: eventHubs.outputs.bpmHubName
    eventHubConsumerGroup: eventHubs.outputs.functionConsumerGroupName
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    keyVaultName: keyVault.outputs.name
    databricksHostSecretName: keyVault.outputs.databricksHostSecretName
    databricksHttpPathSecretName: keyVault.outputs.databricksHttpPathSecretName
    catalog: catalog
    subnetId: network.outputs.functionSubnetId
    maximumInstanceCount: functionMaximumInstanceCount
  }
}

module rbac 'modules/rbac.bicep' = {
  name: 'rbac'
  params: {
    functionPrincipalId: identity.outputs.principalId
    accessConnectorPrincipalId: databricks.outputs.accessConnectorPrincipalId
    lakeName: storage.outputs.lakeName
    landingContainerName: storage.outputs.landingContainerName
    runtimeStorageName: storage.outputs.runtimeStorageName
    eventHubsNamespaceName: eventHubs.outputs.namespaceName
    eventHubName: eventHubs.outputs.bpmHubName
    keyVaultName: keyVault.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
    deployerPrincipalId: deployerPrincipalId
  }
}

module policy 'modules/policy.bicep' = {
  name: 'policy'
  params: {
    env: env
    allowedLocations: allowedLocations
  }
}

output functionAppName string = functionApp.outputs.name
output functionAppUrl string = functionApp.outputs.url
output functionIdentityClientId string = identity.outputs.clientId
output databricksWorkspaceUrl string = databricks.outputs.workspaceUrl
output databricksWorkspaceId string = databricks.outputs.workspaceResourceId
output accessConnectorId string = databricks.outputs.accessConnectorId
output keyVaultName string = keyVault.outputs.name
output lakeName string = storage.outputs.lakeName
output eventHubsNamespaceHost string = eventHubs.outputs.namespaceHost
