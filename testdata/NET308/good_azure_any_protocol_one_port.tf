# Outbound on every protocol but only port 443 is not "egress on all traffic".
resource "azurerm_network_security_rule" "https_out" {
  name                        = "AllowHttpsOutbound"
  priority                    = 100
  direction                   = "Outbound"
  access                      = "Allow"
  protocol                    = "*"
  source_port_range           = "*"
  destination_port_range      = "443"
  source_address_prefix       = "VirtualNetwork"
  destination_address_prefix  = "Internet"
  resource_group_name         = "rg"
  network_security_group_name = "nsg"
}
