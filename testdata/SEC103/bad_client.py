from github import Github

gh = Github("ghp_FAKEDKRYfmt07ELSZgnu18FMTahov29GNUbi")  # expect: SEC103
