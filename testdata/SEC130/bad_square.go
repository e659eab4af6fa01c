package pay

const squareToken = "EAAAFAKEDKRYfmt07CJQXelsz6BIPWdkry5AHOVcjqx4-GNUbipw3_FMTahov29E" // expect: SEC130
