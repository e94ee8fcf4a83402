namespace EnvOrchestrator.Api.Http;

/// <summary>The URLs of an environment and its runs, as returned in Location headers and bodies.</summary>
internal static class ApiLinks
{
    public const string Root = "/api";

    public static string Environment(string project, string name) => $"{Root}/projects/{project}/environments/{name}";

    public static string Run(string project, string name, string run) => $"{Environment(project, name)}/runs/{run}";

    public static string Logs(string project, string name, string run) => $"{Run(project, name, run)}/logs";
}
