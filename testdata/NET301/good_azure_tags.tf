# Service tags and prefixes that are not "anywhere": the virtual network, the load balancer
# probe, a private range, and the Internet tag as a *destination* of an inbound rule.
resource "azurerm_network_security_group" "internal" {
  name                = "internal-nsg"
  location            = "westeurope"
  resource_group_name = "rg-internal"

  security_rule {
    name                       = "ssh-from-vnet"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "22"
    source_address_prefix      = "VirtualNetwork"
    destination_address_prefix = "Internet"
  }
  security_rule {
    name                       = "ssh-from-lb"
    priority                   = 110
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "22"
    source_address_prefix      = "AzureLoadBalancer"
    destination_address_prefix = "*"
  }
  security_rule {
    name                       = "ssh-from-bastion-subnets"
    priority                   = 120
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "22"
    source_address_prefixes    = ["10.20.0.0/16", "10.30.0.0/24"]
    destination_address_prefix = "*"
  }
  security_rule {
    name                       = "deny-internet-ssh"
    priority                   = 4000
    direction                  = "Inbound"
    access                     = "Deny"
    protocol                   = "*"
    source_port_range          = "*"
    destination_port_range     = "22"
    source_address_prefix      = "Internet"
    destination_address_prefix = "*"
  }
}
