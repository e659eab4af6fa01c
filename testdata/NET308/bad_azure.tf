resource "azurerm_network_security_rule" "out" { # expect: NET308
  name                        = "out"
  priority                    = 100
  direction                   = "Outbound"
  access                      = "Allow"
  protocol                    = "*"
  source_port_range           = "*"
  destination_port_range      = "*"
  source_address_prefix       = "VirtualNetwork"
  destination_address_prefix  = "Internet"
  resource_group_name         = "rg"
  network_security_group_name = "nsg"
}
