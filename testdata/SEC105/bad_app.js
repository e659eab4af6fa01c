const octokit = new Octokit({
  auth: "ghs_FAKEDINSXchmrw16BGLQVafkpuz49EJOTYdi", // expect: SEC105
});
