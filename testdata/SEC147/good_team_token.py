# the token read at run time, and a value too regular to be one
import os

DEPLOY_TOKEN = os.environ["ACME_TOKEN"]
EXAMPLE = "acme_00000000000000000000000000000000"
