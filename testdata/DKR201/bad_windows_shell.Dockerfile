FROM example.com/tools/runner:2.1
SHELL ["powershell", "-Command"]
# expect: DKR201
USER containeradministrator
