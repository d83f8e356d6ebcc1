// Prod environment: deployed by the pipeline's Deploy prod stage after the approval of the `pulselake-prod` environment.
using './main.bicep'

param env = 'prod'
param catalog = 'pulselake'
param owner = 'platform-team'
param costCenter = 'pulselake-prod'
param allowedLocations = ['westeurope', 'northeurope']
param landingCoolAfterDays = 30
param bpmPartitionCount = 8
param functionMaximumInstanceCount = 100
param vnetAddressPrefix = '10.41.0.0/16'
param subnetPrefixes = {
  databricksHost: '10.41.0.0/22'
  databricksContainer: '10.41.4.0/22'
  functions: '10.41.8.0/24'
}
param deployerPrincipalId = readEnvironmentVariable('PULSELAKE_DEPLOYER_PRINCIPAL_ID', '')
