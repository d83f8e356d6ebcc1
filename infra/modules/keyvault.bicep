// Key Vault in RBAC mode (no access policies) with soft delete and purge protection. It holds the
// Databricks coordinates the Function App reads as Key Vault references: the workspace host (written
// here) and the warehouse HTTP path (written by the pipeline after `bundle deploy`).
// None of them is a password: the app authenticates with its managed identity.
param name string
param location string
param tags object
param allowedSubnetIds array
param databricksHost string
param logAnalyticsId string

var databricksHostSecretName = 'databricks-host'
var databricksHttpPathSecretName = 'databricks-http-path'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  // checkov:skip=CKV_AZURE_109:Azure DevOps reads the vault for the pipeline's variable group from Microsoft-hosted agents without fixed addresses; every read needs an Entra ID role on this vault (RBAC mode).
  // checkov:skip=CKV_AZURE_189:Same reason as CKV_AZURE_109: the hosted agents and the variable group reach the vault over its public endpoint, authenticated and role-checked.
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
      virtualNetworkRules: [for id in allowedSubnetIds: { id: id, ignoreMissingVnetServiceEndpoint: false }]
    }
  }
}

// Not a credential (the workspace URL is public); in the vault so every Databricks coordinate has one home.
resource databricksHostSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  // checkov:skip=CKV_AZURE_41:The workspace host is not a credential and cannot expire; it changes only with the workspace, and this deployment rewrites it.
  parent: vault
  name: databricksHostSecretName
  properties: {
    value: databricksHost
    contentType: 'text/plain'
  }
}

resource vaultLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'keyvault-audit'
  scope: vault
  properties: {
    workspaceId: logAnalyticsId
    logs: [
      { categoryGroup: 'audit', enabled: true }
    ]
  }
}

output name string = vault.name
output databricksHostSecretName string = databricksHostSecretName
output databricksHttpPathSecretName string = databricksHttpPathSecretName
