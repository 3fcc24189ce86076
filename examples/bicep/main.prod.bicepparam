using './main.bicep'

param location = 'usgovtexas'
param portalLocation = 'East Asia'
