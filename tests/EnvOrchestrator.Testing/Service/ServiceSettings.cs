using EnvOrchestrator.Azurite;

namespace EnvOrchestrator.Testing.Service;

/// <summary>
/// Settings for one service under test: the shared Azurite, its own task hub, tables and state container (so tests
/// never see each other's data), the demo catalog, a free loopback port, fast polling and development security mode
/// (the development headers identify callers; tests about authentication set <c>Security:Mode</c> themselves).
/// </summary>
public sealed class ServiceSettings
{
    private ServiceSettings(string storage, string workRoot, string? name = null)
    {
        name ??= AzuriteFixture.UniqueName("e2e");
        Name = name;
        WorkRoot = workRoot;
        StateContainer = name + "-tfstate";
        Values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AzureWebJobsStorage"] = storage,
            ["EnvOrchestrator:Emulator:AutoStart"] = "false",
            ["EnvOrchestrator:CatalogPath"] = Path.Combine(RepositoryPaths.Templates, "demo"),
            ["TaskHub:TaskHubName"] = name,
            ["Storage:Environments:TablePrefix"] = name,
            ["TerraformStateBackend:ContainerName"] = StateContainer,
            ["Terraform:WorkRoot"] = Path.Combine(workRoot, "runs"),
            ["Terraform:GracePeriod"] = "00:00:05",
            ["Lifecycle:InterruptedLockWait"] = "00:00:06",
            ["Lifecycle:MinimumTtl"] = "00:00:01",
            ["TaskHub:MaxQueuePollingInterval"] = "00:00:00.200",
            ["Security:Mode"] = "Development",
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        };
    }

    public Dictionary<string, string> Values { get; }

    /// <summary>The task hub, table prefix and state container stem this service uses.</summary>
    public string Name { get; }

    public string WorkRoot { get; }

    public string StateContainer { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public int Port { get; private set; }

    public static ServiceSettings Create(string storage) =>
        new ServiceSettings(storage, Directory.CreateTempSubdirectory("envorch-e2e-").FullName).OnFreePort();

    /// <summary>
    /// A second instance of the same service: the same storage, task hub, tables and state container, its own
    /// working folder and port, and every other setting copied — two hosts behind one application.
    /// </summary>
    public ServiceSettings SecondInstance()
    {
        var twin = new ServiceSettings(Values["AzureWebJobsStorage"], Directory.CreateTempSubdirectory("envorch-e2e-").FullName, Name);
        foreach (var (key, value) in Values.Where(v => v.Key != "Terraform:WorkRoot"))
        {
            twin.Values[key] = value;
        }

        return twin.OnFreePort();
    }

    /// <summary>Moves the service to another free port (a restarted process must not wait for the old socket).</summary>
    public ServiceSettings OnFreePort() => OnPort(LoopbackPorts.Free());

    /// <summary>Moves the service to <paramref name="port"/>.</summary>
    public ServiceSettings OnPort(int port)
    {
        Port = port;
        Values["urls"] = BaseAddress.ToString().TrimEnd('/');
        return this;
    }

    /// <summary>As command-line arguments for an in-process host.</summary>
    public string[] ToArguments() =>
        ["--contentRoot", WorkRoot, .. Values.Select(v => $"--{v.Key}={v.Value}")];
}
