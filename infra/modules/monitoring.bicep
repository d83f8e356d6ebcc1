// Log Analytics + workspace-based Application Insights. Local (instrumentation-key) auth is off:
// telemetry is accepted only from Entra ID identities holding Monitoring Metrics Publisher (rbac.bicep).
param logAnalyticsName string
param appInsightsName string
param location string
param tags object

@description('Days Log Analytics keeps data.')
param retentionInDays int = 30

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    features: {
      disableLocalAuth: true
    }
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    DisableLocalAuth: true
  }
}

output logAnalyticsId string = logs.id
output appInsightsName string = insights.name
output appInsightsConnectionString string = insights.properties.ConnectionString
