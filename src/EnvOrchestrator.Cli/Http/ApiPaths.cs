namespace EnvOrchestrator.Cli.Http;

/// <summary>The API's routes (src/EnvOrchestrator.Api/Endpoints), with every caller-given segment escaped.</summary>
internal static class ApiPaths
{
    public const string Templates = "api/templates";

    public static string Template(string name) => $"{Templates}/{E(name)}";

    public static string Environments(string project) => $"api/projects/{E(project)}/environments";

    public static string Environment(string project, string name) => $"{Environments(project)}/{E(name)}";

    public static string Action(string project, string name, string action) => $"{Environment(project, name)}/{action}";

    public static string Runs(string project, string name) => $"{Environment(project, name)}/runs";

    public static string Run(string project, string name, string run) => $"{Runs(project, name)}/{E(run)}";

    public static string Logs(string project, string name, string run) => $"{Run(project, name, run)}/logs";

    public static string Webhooks(string project) => $"api/projects/{E(project)}/webhooks";

    public static string Webhook(string project, string id) => $"{Webhooks(project)}/{E(id)}";

    public static string WithQuery(string path, params (string Key, string? Value)[] query)
    {
        var parts = query.Where(q => q.Value is not null).Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value!)}").ToArray();
        return parts.Length == 0 ? path : $"{path}?{string.Join('&', parts)}";
    }

    private static string E(string segment) => Uri.EscapeDataString(segment);
}
