import boto3

AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"  # the AWS documentation key
session = boto3.Session(profile_name="deploy")
