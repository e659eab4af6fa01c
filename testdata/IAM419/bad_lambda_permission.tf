resource "aws_lambda_permission" "any" {
  statement_id  = "AllowAnyone"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.f.function_name
  principal     = "*" # expect: IAM419
}
