// Two accounts, both key-less (allowSharedKeyAccess: false) and closed to the internet except the
// platform's subnets and trusted Azure services:
// - the lake (ADLS Gen2): `landing` (the functions write raw feeds; quarantine/ is a prefix of it)
//   and `managed` (Unity Catalog managed storage), reached by Databricks through its access connector;
// - the Function App's runtime storage: AzureWebJobsStorage (leases, Event Hubs checkpoints) and
//   the Flex Consumption deployment container.
// Storage account names: 3-24 lowercase letters and digits (main.bicep builds them from prefix + env).
@minLength(3)
@maxLength(24)
param lakeName string
@minLength(3)
@maxLength(24)
param runtimeStorageName string
param location string
param tags object
param landingCoolAfterDays int
param allowedSubnetIds array
param accessConnectorId string
param logAnalyticsId string

@description('Days deleted blobs and containers stay recoverable.')
param softDeleteDays int = 14

var deploymentContainerName = 'deployments'
var virtualNetworkRules = [for id in allowedSubnetIds: { id: id, action: 'Allow' }]

resource lake 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  // checkov:skip=CKV_AZURE_43:The name is a module parameter checkov cannot evaluate; its decorators keep it to 3-24 characters and main.bicep builds it from the lowercase prefix and env.
  // checkov:skip=CKV_AZURE_59:publicNetworkAccess stays Enabled so that the networkAcls below apply (default Deny, only the platform subnets, the access connector and trusted services); Disabled would allow private endpoints only.
  // checkov:skip=CKV_AZURE_206:ZRS survives a zone loss; geo-replication would double the lake's cost, and landing can be replayed from the devices' and Event Hubs' retention.
  name: lakeName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_ZRS'
  }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
    publicNetworkAccess: 'Enabled' // reachable only through networkAcls: the platform subnets and trusted services
    encryption: {
      requireInfrastructureEncryption: true
      keySource: 'Microsoft.Storage'
      services: {
        blob: { enabled: true, keyType: 'Account' }
        file: { enabled: true, keyType: 'Account' }
      }
    }
    isHnsEnabled: true
    accessTier: 'Hot'
    networkAcls: {
      defaultAction: 'Deny'
      bypass: 'AzureServices'
      virtualNetworkRules: virtualNetworkRules
      // Unity Catalog reaches the lake as the access connector's identity.
      resourceAccessRules: [
        { tenantId: subscription().tenantId, resourceId: accessConnectorId }
      ]
    }
  }
}

resource lakeBlob 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: lake
  name: 'default'
  properties: {
    // Versioning and change feed are not available with a hierarchical namespace; soft delete is.
    deleteRetentionPolicy: { enabled: true, days: softDeleteDays }
    containerDeleteRetentionPolicy: { enabled: true, days: softDeleteDays }
  }
}

resource landing 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: lakeBlob
  name: 'landing'
  properties: {
    publicAccess: 'None'
  }
}

resource managed 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: lakeBlob
  name: 'managed'
  properties: {
    publicAccess: 'None'
  }
}

resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: lake
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'landing-to-cool'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: ['blockBlob']
              prefixMatch: ['landing/']
            }
            actions: {
              baseBlob: {
                tierToCool: { daysAfterModificationGreaterThan: landingCoolAfterDays }
              }
            }
          }
        }
      ]
    }
  }
}

resource runtimeStorage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  // checkov:skip=CKV_AZURE_43:The name is a module parameter checkov cannot evaluate; its decorators keep it to 3-24 characters and main.bicep builds it from the lowercase prefix and env.
  // checkov:skip=CKV_AZURE_59:publicNetworkAccess stays Enabled so that the networkAcls below apply (default Deny, only the platform subnets and trusted services); Disabled would allow private endpoints only.
  // checkov:skip=CKV_AZURE_206:Holds only the Function App's leases, Event Hubs checkpoints and deployment zip, all recreated by a redeploy; LRS is enough.
  name: runtimeStorageName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
    publicNetworkAccess: 'Enabled' // reachable only through networkAcls: the platform subnets and trusted services
    encryption: {
      requireInfrastructureEncryption: true
      keySource: 'Microsoft.Storage'
      services: {
        blob: { enabled: true, keyType: 'Account' }
        file: { enabled: true, keyType: 'Account' }
      }
    }
    accessTier: 'Hot'
    networkAcls: {
      defaultAction: 'Deny'
      bypass: 'AzureServices'
      virtualNetworkRules: virtualNetworkRules
    }
  }
}

resource runtimeBlob 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: runtimeStorage
  name: 'default'
  properties: {
    deleteRetentionPolicy: { enabled: true, days: softDeleteDays }
    containerDeleteRetentionPolicy: { enabled: true, days: softDeleteDays }
  }
}

resource deployments 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: runtimeBlob
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

// Blob reads, writes and deletes of the lake go to Log Analytics (who touched landing, and as whom).
resource lakeBlobLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'lake-blob-logs'
  scope: lakeBlob
  properties: {
    workspaceId: logAnalyticsId
    logs: [
      { category: 'StorageRead', enabled: true }
      { category: 'StorageWrite', enabled: true }
      { category: 'StorageDelete', enabled: true }
    ]
  }
}

output lakeName string = lake.name
output lakeBlobEndpoint string = lake.properties.primaryEndpoints.blob
output landingContainerName string = landing.name
output managedContainerName string = managed.name
output runtimeStorageName string = runtimeStorage.name
output deploymentContainerUrl string = '${runtimeStorage.properties.primaryEndpoints.blob}${deployments.name}'
