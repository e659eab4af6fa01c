import os
from github import Github

gh = Github(os.environ["GITHUB_TOKEN"])
placeholder = "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
