# a team token shape that no public rule set knows
DEPLOY_TOKEN = "acme_9f2k4m7q1z8x3c6v5b0n2l4j6h8g1f3d"  # expect: SEC147
