// Dev environment: `az deployment group create -g rg-pulselake-dev -f infra/main.bicep -p infra/dev.bicepparam`.
using './main.bicep'

param env = 'dev'
param catalog = 'pulselake_dev'
param owner = 'platform-team'
param costCenter = 'pulselake-dev'
param allowedLocations = ['westeurope', 'northeurope']
param landingCoolAfterDays = 14
param bpmPartitionCount = 2
param functionMaximumInstanceCount = 10
param deployerPrincipalId = readEnvironmentVariable('PULSELAKE_DEPLOYER_PRINCIPAL_ID', '')
