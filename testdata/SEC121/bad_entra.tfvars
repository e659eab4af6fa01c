client_id     = "00000000-0000-0000-0000-000000000001"
client_secret = "Fak8Q~DKRYfmt07AHOVcjqx4~ELSZgnu18BIPWdk" # expect: SEC121
