resource "aws_vpn_connection" "office" {
  vpn_gateway_id      = aws_vpn_gateway.main.id
  customer_gateway_id = aws_customer_gateway.office.id
  type                = "ipsec.1"
  static_routes_only  = true

  tunnel1_preshared_key = "Vpn_Psk_VL7H336dn1AEv3wP78V2"
  tunnel2_preshared_key = var.tunnel2_psk
}

resource "azurerm_virtual_network_gateway_connection" "onprem" {
  name                       = "onprem"
  type                       = "IPsec"
  shared_key                 = "q2UenP2ZrehqUIRBidpACLSYSXiGFQMi"
  virtual_network_gateway_id = azurerm_virtual_network_gateway.main.id
}
