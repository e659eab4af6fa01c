import boto3

# fixture: fake but correctly shaped key id
AWS_ACCESS_KEY_ID = "AKIAFAKEDKRY7GNU3CJQ"  # expect: SEC101
client = boto3.client("s3", aws_access_key_id=AWS_ACCESS_KEY_ID)
