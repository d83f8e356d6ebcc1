// Every role assignment of the platform, least privilege, each scoped to the one resource it is for
// (a container, an event hub, a vault, a component) — never to the subscription or resource group.
// Nobody gets account keys or listKeys(): the accounts have shared-key access switched off.
param functionPrincipalId string
param accessConnectorPrincipalId string
param lakeName string
param landingContainerName string
param runtimeStorageName string
param eventHubsNamespaceName string
param eventHubName string
param keyVaultName string
param appInsightsName string

@description('Object id of the pipeline\'s service connection principal; it writes the Databricks coordinates into the vault after `bundle deploy`. Empty: no assignment.')
param deployerPrincipalId string = ''

// Built-in role definition ids (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).
var roles = {
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  eventHubsDataReceiver: 'a638d3c7-ab3a-418d-83e6-5f17a39d4fde'
  eventHubsDataSender: '2b629674-e913-4c01-ae53-ef4638d8f975'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

resource lake 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: lakeName
}

resource landing 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' existing = {
  name: '${lakeName}/default/${landingContainerName}'
}

resource runtimeStorage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: runtimeStorageName
}

resource bpm 'Microsoft.EventHub/namespaces/eventhubs@2024-01-01' existing = {
  name: '${eventHubsNamespaceName}/${eventHubName}'
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource insights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

// The function writes raw feeds and quarantine files into `landing` only; `managed` is out of its reach.
resource functionLanding 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(landing.id, functionPrincipalId, roles.storageBlobDataContributor)
  scope: landing
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// The Functions host keeps leases, Event Hubs checkpoints and its deployment zip in its own account.
resource functionRuntimeStorage 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(runtimeStorage.id, functionPrincipalId, roles.storageBlobDataOwner)
  scope: runtimeStorage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource functionBpmReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(bpm.id, functionPrincipalId, roles.eventHubsDataReceiver)
  scope: bpm
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.eventHubsDataReceiver)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource functionBpmSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(bpm.id, functionPrincipalId, roles.eventHubsDataSender)
  scope: bpm
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.eventHubsDataSender)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Key Vault references in the app settings resolve as the function's identity (read only).
resource functionVaultReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, functionPrincipalId, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Application Insights accepts only Entra ID-authenticated telemetry (DisableLocalAuth).
resource functionTelemetry 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(insights.id, functionPrincipalId, roles.monitoringMetricsPublisher)
  scope: insights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Unity Catalog's storage credential: the access connector reads and writes the lake (landing + managed).
resource accessConnectorLake 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(lake.id, accessConnectorPrincipalId, roles.storageBlobDataContributor)
  scope: lake
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
    principalId: accessConnectorPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource deployerVaultWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId)) {
  name: guid(vault.id, deployerPrincipalId, roles.keyVaultSecretsOfficer)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsOfficer)
    principalId: deployerPrincipalId
    principalType: 'ServicePrincipal'
  }
}
