import requests

LINEAR_URL = "https://api.linear.app/graphql"
HEADERS = {
    "Authorization": "lin_api_a16lmhZRFxNMvSEdaO0snSlsA25zJUv7mF2oPLAz",
    "Content-Type": "application/json",
}
NEXT_PAGE_TOKEN_FIELD = "endCursor"
PAGINATION = {"input_token": "Marker", "output_token": "NextToken", "limit_key": "MaxItems"}


def issues(team_key: str):
    query = "query($team: String!) { issues(filter: {team: {key: {eq: $team}}}) { nodes { id title } } }"
    r = requests.post(LINEAR_URL, json={"query": query, "variables": {"team": team_key}}, headers=HEADERS)
    r.raise_for_status()
    return r.json()["data"]["issues"]["nodes"]
