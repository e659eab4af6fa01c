FROM node:22-slim
# sechooks: ignore[DKR207] -- public test fixture credential
ENV API_TOKEN=Qm9vb3RzdHJhcDEyMzQ1Njc4OQx
