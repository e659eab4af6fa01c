resource "aws_lambda_permission" "sns" {
  statement_id  = "AllowSNS"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.f.function_name
  principal     = "sns.amazonaws.com"
  source_arn    = aws_sns_topic.t.arn
}

resource "aws_lambda_permission" "url" {
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = aws_lambda_function.f.function_name
  principal              = "*"
  principal_org_id       = "o-abc123"
}
