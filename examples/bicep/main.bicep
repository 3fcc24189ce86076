// A data platform for ITAR technical data. `itar-guard scan examples/` reports what would break the program.
targetScope = 'resourceGroup'

@description('Where the drawings and the parts catalogue live.')
@allowed([
  'usgovvirginia'
  'usgovtexas'
  'eastasia' // permitting a proscribed region is a finding at this entry
])
param location string = 'usgovvirginia'

@description('Where the portal runs; decided at deployment unless restricted.')
param portalLocation string = resourceGroup().location

var replicas = [
  'usgovvirginia'
  'westeurope' // a replication target outside the US
]

module drawings 'modules/storage.bicep' = {
  name: 'drawings'
  params: {
    name: 'itardrawings'
    location: location
    skuName: 'Standard_RAGRS'
  }
}

module archive 'modules/storage.bicep' = {
  name: 'archive'
  params: {
    name: 'itararchive'
    location: 'chinanorth3' // judged and anchored here, in the caller
    skuName: 'Standard_LRS'
  }
}

resource catalog 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' = {
  name: 'itar-parts-catalog'
  location: location
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [for (region, i) in replicas: {
      locationName: region
      failoverPriority: i
    }]
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: 'itar-portal-plan'
  location: portalLocation
  sku: {
    name: 'P1v3'
  }
}

resource edge 'Microsoft.Cdn/profiles@2024-02-01' = {
  name: 'itar-edge'
  // itar-guard-ignore region-global: routing rules only; no technical data is cached at the edge
  location: 'global'
  sku: {
    name: 'Premium_AzureFrontDoor'
  }
}
