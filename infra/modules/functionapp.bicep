// The ingestion Function App on Flex Consumption (FC1), Node 22, running as one user-assigned
// identity. Every connection is identity-based: AzureWebJobsStorage__*, the deployment container
// (UserAssignedIdentity), the lake (PULSELAKE_STORAGE_ACCOUNT_URL + DefaultAzureCredential), Event
// Hubs (PULSELAKE_EVENTHUB_CONNECTION__*), Application Insights (AAD authentication string) and the
// Databricks coordinates as Key Vault references. Setting names come from shared/config/settings.ts;
// AZURE_CLIENT_ID is read by @azure/identity's DefaultAzureCredential to pick the user-assigned identity.
param planName string
param appName string
param location string
param tags object
param identityId string
param identityClientId string
param runtimeStorageName string
param deploymentContainerUrl string
param lakeBlobEndpoint string
param landingContainerName string
param eventHubsNamespaceHost string
param eventHubName string
@description('Consumer group the BPM trigger reads (its own, never $Default).')
param eventHubConsumerGroup string
param appInsightsConnectionString string
param keyVaultName string
param databricksHostSecretName string
param databricksHttpPathSecretName string
param catalog string
param subnetId string
param maximumInstanceCount int

@description('Memory per instance (Flex Consumption: 512, 2048 or 4096).')
param instanceMemoryMB int = 2048

var keyVaultReference = 'VaultName=${keyVaultName};SecretName='

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true // Linux
    zoneRedundant: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  // checkov:skip=CKV_AZURE_222:Devices and kiosks post readings over the internet; each route needs its function key (x-functions-key), and nothing behind the app is public.
  // checkov:skip=CKV_AZURE_17:Devices authenticate with function keys; mutual TLS would need a client certificate provisioned on every wearable and kiosk.
  // checkov:skip=CKV_AZURE_212:Flex Consumption scales from zero per demand; a standing failover instance would cost around the clock for a feed that tolerates retries (senders retry on 429/5xx).
  // checkov:skip=CKV_AZURE_213:Flex Consumption has no App Service health-check probe; failures show in Application Insights and the Event Hubs trigger retries in place.
  name: appName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    publicNetworkAccess: 'Enabled' // devices and kiosks post over the internet, with function keys
    virtualNetworkSubnetId: subnetId
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      httpLoggingEnabled: true
      detailedErrorLoggingEnabled: true
      requestTracingEnabled: true
      appSettings: [
        { name: 'AzureWebJobsStorage__accountName', value: runtimeStorageName }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
        { name: 'AZURE_CLIENT_ID', value: identityClientId }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
        { name: 'PULSELAKE_STORAGE', value: 'blob' }
        { name: 'PULSELAKE_STORAGE_ACCOUNT_URL', value: lakeBlobEndpoint }
        { name: 'PULSELAKE_LANDING_CONTAINER', value: landingContainerName }
        { name: 'PULSELAKE_EVENTHUB_CONNECTION__fullyQualifiedNamespace', value: eventHubsNamespaceHost }
        { name: 'PULSELAKE_EVENTHUB_CONNECTION__credential', value: 'managedidentity' }
        { name: 'PULSELAKE_EVENTHUB_CONNECTION__clientId', value: identityClientId }
        { name: 'PULSELAKE_EVENTHUB_NAME', value: eventHubName }
        { name: 'PULSELAKE_EVENTHUB_CONSUMER_GROUP', value: eventHubConsumerGroup }
        { name: 'PULSELAKE_DATABRICKS_CATALOG', value: catalog }
        { name: 'DATABRICKS_HOST', value: '@Microsoft.KeyVault(${keyVaultReference}${databricksHostSecretName})' }
        { name: 'DATABRICKS_HTTP_PATH', value: '@Microsoft.KeyVault(${keyVaultReference}${databricksHttpPathSecretName})' }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'node'
        version: '22'
      }
    }
  }
}


// No publishing passwords: deployments authenticate with Entra ID (AzureFunctionApp@2 via the service connection).
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

output name string = app.name
output url string = 'https://${app.properties.defaultHostName}'
