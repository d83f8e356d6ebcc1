// One virtual network: the two Databricks subnets (VNet injection: host = "public", container =
// "private" in Azure's naming, both without public IPs) and the Function App's integration subnet.
// Service endpoints let the storage, Event Hubs and Key Vault firewalls admit these subnets only.
param name string
param location string
param tags object
param addressPrefix string

@description('Databricks host subnet (>= /26; /22 leaves room for ~1000 nodes).')
param hostSubnetPrefix string

@description('Databricks container subnet, same size as the host subnet.')
param containerSubnetPrefix string

@description('Function App integration subnet (Flex Consumption: >= /27).')
param functionSubnetPrefix string

var hostSubnetName = 'databricks-host'
var containerSubnetName = 'databricks-container'
var functionSubnetName = 'functions'
var serviceEndpoints = [
  { service: 'Microsoft.Storage' }
  { service: 'Microsoft.EventHub' }
  { service: 'Microsoft.KeyVault' }
]

// Databricks manages the rules it needs on this NSG (requiredNsgRules: AllRules in databricks.bicep).
resource databricksNsg 'Microsoft.Network/networkSecurityGroups@2024-05-01' = {
  name: '${name}-databricks-nsg'
  location: location
  tags: tags
  properties: {
    securityRules: []
  }
}

resource functionNsg 'Microsoft.Network/networkSecurityGroups@2024-05-01' = {
  name: '${name}-functions-nsg'
  location: location
  tags: tags
  properties: {
    securityRules: []
  }
}

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [addressPrefix]
    }
    subnets: [
      {
        name: hostSubnetName
        properties: {
          addressPrefix: hostSubnetPrefix
          networkSecurityGroup: { id: databricksNsg.id }
          serviceEndpoints: serviceEndpoints
          delegations: [
            { name: 'databricks', properties: { serviceName: 'Microsoft.Databricks/workspaces' } }
          ]
        }
      }
      {
        name: containerSubnetName
        properties: {
          addressPrefix: containerSubnetPrefix
          networkSecurityGroup: { id: databricksNsg.id }
          serviceEndpoints: serviceEndpoints
          delegations: [
            { name: 'databricks', properties: { serviceName: 'Microsoft.Databricks/workspaces' } }
          ]
        }
      }
      {
        name: functionSubnetName
        properties: {
          addressPrefix: functionSubnetPrefix
          networkSecurityGroup: { id: functionNsg.id }
          serviceEndpoints: serviceEndpoints
          // Flex Consumption integrates through a subnet delegated to Microsoft.App/environments.
          delegations: [
            { name: 'flex', properties: { serviceName: 'Microsoft.App/environments' } }
          ]
        }
      }
    ]
  }
}

output vnetId string = vnet.id
output databricksHostSubnetName string = hostSubnetName
output databricksContainerSubnetName string = containerSubnetName
output databricksHostSubnetId string = resourceId('Microsoft.Network/virtualNetworks/subnets', name, hostSubnetName)
output databricksContainerSubnetId string = resourceId('Microsoft.Network/virtualNetworks/subnets', name, containerSubnetName)
output functionSubnetId string = resourceId('Microsoft.Network/virtualNetworks/subnets', name, functionSubnetName)
