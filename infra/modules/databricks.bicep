// Premium Azure Databricks workspace (Unity Catalog, cluster policies, table ACLs) injected into the
// platform VNet with secure cluster connectivity (no public IP on any cluster node), and the Access
// Connector whose managed identity Unity Catalog uses to reach the lake (storage credential,
// docs/deploy.md; role in rbac.bicep).
param workspaceName string
param accessConnectorName string
param location string
param tags object
param vnetId string
param hostSubnetName string
param containerSubnetName string

resource accessConnector 'Microsoft.Databricks/accessConnectors@2024-05-01' = {
  name: accessConnectorName
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {}
}

resource workspace 'Microsoft.Databricks/workspaces@2024-05-01' = {
  // checkov:skip=CKV_AZURE_158:Back-end Private Link needs a transit VNet and private DNS per environment; secure cluster connectivity already keeps nodes without public IPs and relays over outbound-only TLS.
  // checkov:skip=CKV2_AZURE_48:DBFS root holds no lake data (Unity Catalog managed storage lives in the lake account); Microsoft-managed keys encrypt it, a customer-managed key would add a key lifecycle for no data.
  name: workspaceName
  location: location
  tags: tags
  sku: {
    name: 'premium'
  }
  properties: {
    managedResourceGroupId: subscriptionResourceId('Microsoft.Resources/resourceGroups', '${workspaceName}-managed')
    publicNetworkAccess: 'Enabled'
    requiredNsgRules: 'AllRules'
    parameters: {
      enableNoPublicIp: {
        value: true
      }
      customVirtualNetworkId: {
        value: vnetId
      }
      customPublicSubnetName: {
        value: hostSubnetName
      }
      customPrivateSubnetName: {
        value: containerSubnetName
      }
    }
  }
}

output workspaceUrl string = workspace.properties.workspaceUrl
output workspaceResourceId string = workspace.id
output accessConnectorId string = accessConnector.id
output accessConnectorPrincipalId string = accessConnector.identity.principalId
