resource "aws_sqs_queue_policy" "q" {
  queue_url = aws_sqs_queue.q.id
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "${aws_sqs_queue.q.arn}"}
  ]
}
POLICY
}
