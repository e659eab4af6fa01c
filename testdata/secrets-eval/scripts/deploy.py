import os
import requests

NEXUS = "https://nexus.shop.internal"


def upload(path: str) -> None:
    token = os.environ["DEPLOY_TOKEN"]
    with open(path, "rb") as f:
        requests.put(f"{NEXUS}/repository/raw/{os.path.basename(path)}", data=f, auth=("deploy", "d3ploy-2024"))
    requests.post(f"{NEXUS}/service/rest/v1/script/run", headers={"Authorization": f"Bearer {token}"})
