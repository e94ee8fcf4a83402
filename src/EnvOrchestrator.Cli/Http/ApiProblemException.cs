namespace EnvOrchestrator.Cli.Http;

/// <summary>The service answered with an error status; <see cref="Body"/> is its answer unchanged, for <c>--output json</c>.</summary>
internal sealed class ApiProblemException(int status, ApiProblem problem, string body)
    : Exception($"{status} {problem.Title}: {problem.Detail}")
{
    public int Status { get; } = status;

    public ApiProblem Problem { get; } = problem;

    public string Body { get; } = body;
}
