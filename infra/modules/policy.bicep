// Azure Policy guard rails on the environment's resource group (built-in definitions, Deny where the
// definition allows it), so a hand-made or drifted resource cannot undo what the templates set:
// allowed regions, the three mandatory tags, storage without shared keys / public blob access / TLS < 1.2,
// and Event Hubs without local (SAS) auth.
param env string
param allowedLocations array

var mandatoryTags = ['env', 'owner', 'cost-center']
var builtIn = {
  allowedLocations: 'e56962a6-4747-49cd-b67b-bf8b01975c4c'
  requireTag: '871b6d14-10aa-478d-b590-94f262ecfa99'
  storageNoSharedKey: '8c6a50c6-9ffd-4ae7-986f-5fa6111f9a54'
  storageNoPublicAccess: '4fa4b6c0-31ca-4c0d-b10d-24b96f62a751'
  storageMinimumTls: 'fe83a0eb-a853-422d-aac2-1bffd182c5d0'
  eventHubsNoLocalAuth: '5d4e3c65-4873-47be-94f3-6f8b953a3598'
}

var definitions = '/providers/Microsoft.Authorization/policyDefinitions'

resource allowedLocationsAssignment 'Microsoft.Authorization/policyAssignments@2024-04-01' = {
  name: 'pulselake-${env}-allowed-locations'
  properties: {
    displayName: 'PulseLake ${env}: allowed locations'
    policyDefinitionId: '${definitions}/${builtIn.allowedLocations}'
    parameters: {
      listOfAllowedLocations: { value: allowedLocations }
    }
  }
}

resource requiredTags 'Microsoft.Authorization/policyAssignments@2024-04-01' = [
  for tag in mandatoryTags: {
    name: 'pulselake-${env}-require-tag-${tag}'
    properties: {
      displayName: 'PulseLake ${env}: require tag ${tag}'
      policyDefinitionId: '${definitions}/${builtIn.requireTag}'
      parameters: {
        tagName: { value: tag }
      }
    }
  }
]

resource storageNoSharedKey 'Microsoft.Authorization/policyAssignments@2024-04-01' = {
  name: 'pulselake-${env}-storage-no-shared-key'
  properties: {
    displayName: 'PulseLake ${env}: deny storage shared key access'
    policyDefinitionId: '${definitions}/${builtIn.storageNoSharedKey}'
    parameters: {
      effect: { value: 'Deny' }
    }
  }
}

resource storageNoPublicAccess 'Microsoft.Authorization/policyAssignments@2024-04-01' = {
  name: 'pulselake-${env}-storage-no-public-access'
  properties: {
    displayName: 'PulseLake ${env}: deny storage public blob access'
    policyDefinitionId: '${definitions}/${builtIn.storageNoPublicAccess}'
    parameters: {
      effect: { value: 'deny' }
    }
  }
}

resource storageMinimumTls 'Microsoft.Authorization/policyAssignments@2024-04-01' = {
  name: 'pulselake-${env}-storage-tls12'
  properties: {
    displayName: 'PulseLake ${env}: require TLS 1.2 on storage'
    policyDefinitionId: '${definitions}/${builtIn.storageMinimumTls}'
    parameters: {
      effect: { value: 'Deny' }
      minimumTlsVersion: { value: 'TLS1_2' }
    }
  }
}

resource eventHubsNoLocalAuth 'Microsoft.Authorization/policyAssignments@2024-04-01' = {
  name: 'pulselake-${env}-eventhubs-no-local-auth'
  properties: {
    displayName: 'PulseLake ${env}: deny Event Hubs local auth'
    policyDefinitionId: '${definitions}/${builtIn.eventHubsNoLocalAuth}'
    parameters: {
      effect: { value: 'Deny' }
    }
  }
}
