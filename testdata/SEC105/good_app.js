const octokit = new Octokit({
  auth: process.env.GITHUB_APP_TOKEN,
});
