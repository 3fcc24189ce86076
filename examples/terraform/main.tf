# A data platform for ITAR technical data. `itar-guard scan examples/` reports what would break the program.
terraform {
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.0"
    }
  }
}

provider "azurerm" {
  features {}
}

resource "azurerm_resource_group" "itar" {
  name     = "itar-data"
  location = var.location
}

# The drawings: geo-redundant, so a copy lives in the paired region too.
module "drawings" {
  source           = "./modules/storage"
  name             = "itardrawings"
  location         = azurerm_resource_group.itar.location
  resource_group   = azurerm_resource_group.itar.name
  replication_type = "RAGRS"
}

resource "azurerm_cosmosdb_account" "catalog" {
  name                = "itar-parts-catalog"
  location            = azurerm_resource_group.itar.location
  resource_group_name = azurerm_resource_group.itar.name
  offer_type          = "Standard"

  consistency_policy {
    consistency_level = "Session"
  }

  geo_location {
    location          = azurerm_resource_group.itar.location
    failover_priority = 0
  }

  geo_location {
    location          = "westeurope" # a replication target outside the US
    failover_priority = 1
  }
}

resource "azurerm_service_plan" "portal" {
  name                = "itar-portal-plan"
  location            = data.azurerm_resource_group.shared.location
  resource_group_name = "shared"
  os_type             = "Linux"
  sku_name            = "P1v3"
}

data "azurerm_resource_group" "shared" {
  name = "shared"
}
