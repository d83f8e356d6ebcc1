// The Function App's user-assigned managed identity: it outlives the app (role assignments and
// Unity Catalog grants survive a re-created app) and is the one identity the app's code runs as.
param name string
param location string
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output principalId string = identity.properties.principalId
output clientId string = identity.properties.clientId
