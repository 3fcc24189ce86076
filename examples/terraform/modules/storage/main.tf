variable "name" {
  type = string
}

variable "location" {
  type = string
}

variable "resource_group" {
  type = string
}

variable "replication_type" {
  type    = string
  default = "ZRS"
}

resource "azurerm_storage_account" "account" {
  name                     = var.name
  resource_group_name      = var.resource_group
  location                 = var.location
  account_tier             = "Standard"
  account_replication_type = var.replication_type
}
