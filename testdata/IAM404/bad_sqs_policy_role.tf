resource "aws_sqs_queue_policy" "jobs" {
  queue_url = aws_sqs_queue.jobs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ # expect: IAM404
      Sid       = "WorkerDoesEverything"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:role/worker" }
      Action    = "sqs:*"
      Resource  = "*"
    }]
  })
}
