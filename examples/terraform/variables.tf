variable "location" {
  type    = string
  default = "usgovvirginia"
  validation {
    # Permitting a proscribed region is a finding at this entry.
    condition     = contains(["usgovvirginia", "usgovtexas", "eastasia"], var.location)
    error_message = "Only ITAR-approved regions."
  }
}
