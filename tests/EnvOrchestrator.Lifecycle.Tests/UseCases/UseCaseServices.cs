using System.Collections.Immutable;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.TerraformState;
using EnvOrchestrator.Lifecycle.Tests.TerraformState;
using EnvOrchestrator.Templates.Loading;
using EnvOrchestrator.Terraform;
using EnvOrchestrator.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace EnvOrchestrator.Lifecycle.Tests.UseCases;

/// <summary>
/// The lifecycle's use-case handlers as the lifecycle registers them, over in-memory stores, the demo catalog plus
/// <c>TestCatalog/</c>, a fake clock, an <see cref="InMemoryTerraformStateBackend"/> and a
/// <see cref="RecordingDurableTaskClient"/> instead of the Durable Task runtime: no Kestrel, no Azurite, no Terraform.
/// A handler's answer and what it stored and scheduled can be checked in milliseconds.
/// </summary>
internal sealed class UseCaseServices : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<Task<(TemplateCatalog Catalog, string Root)>> SharedCatalog = new(LoadCatalogAsync);

    private readonly ServiceProvider _provider;

    private UseCaseServices(ServiceProvider provider) => _provider = provider;

    public FakeTimeProvider Time => (FakeTimeProvider)_provider.GetRequiredService<TimeProvider>();

    public RecordingDurableTaskClient Client => (RecordingDurableTaskClient)_provider.GetRequiredService<DurableTaskClient>();

    public IEnvironmentStore Environments => _provider.GetRequiredService<IEnvironmentStore>();

    public IRunStore Runs => _provider.GetRequiredService<IRunStore>();

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    /// <param name="services">Last registrations, e.g. a store that fails.</param>
    public static async Task<UseCaseServices> CreateAsync(ITestOutputHelper output, Action<IServiceCollection>? services = null)
    {
        var (catalog, root) = await SharedCatalog.Value;
        var registrations = new ServiceCollection();
        registrations.AddLogging(b => b.AddProvider(new XunitLoggerProvider(output)));
        registrations.AddSingleton<TimeProvider>(new FakeTimeProvider(Start));
        registrations.AddInMemoryEnvironmentStores();
        registrations.AddTerraformRunner(o => o.WorkRoot = Path.Combine(root, "runs"));
        registrations.AddSingleton<ITerraformStateBackend>(sp => new InMemoryTerraformStateBackend(sp.GetRequiredService<TimeProvider>()));
        registrations.AddEnvironmentLifecycle(o =>
        {
            o.Catalog = catalog;
            o.CatalogRoot = root;
            o.StateBackendUrl = new Uri("http://127.0.0.1:9/tfstate");
            o.MinimumTtl = TimeSpan.FromSeconds(1);
        });
        registrations.AddSingleton<DurableTaskClient>(new RecordingDurableTaskClient());
        services?.Invoke(registrations);
        return new UseCaseServices(registrations.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true }));
    }

    /// <summary>Stores an environment of <paramref name="template"/> (resources as the template lists them) in <paramref name="status"/>.</summary>
    public async Task<EnvironmentRecord> SeedAsync(
        string project, string name, EnvironmentStatus status, string template = "short-lived", TimeSpan? ttl = null, RunId? currentRun = null, ResourceStatus? resources = null)
    {
        var (catalog, _) = await SharedCatalog.Value;
        var found = catalog.FindEnvironmentTemplate(template, new SemVersion(1, 0, 0)) ?? throw new InvalidOperationException($"No template {template}@1.0.0.");
        var now = Time.GetUtcNow();
        var record = EnvironmentRecord.Create(
            EnvironmentId.Parse(project, name),
            new TemplateReference(template, VersionRange.Any),
            found.Version,
            ImmutableSortedDictionary.Create<string, Core.Values.Value>(StringComparer.Ordinal),
            found.Resources.Select(r => new ResourceRecord { Name = r.Name, Template = r.Template, Status = resources ?? ResourceStatus.Pending }),
            "seed",
            now,
            now + (ttl ?? TimeSpan.FromSeconds(20)));
        var created = await Environments.CreateAsync(record, CancellationToken.None);
        Assert.True(created.Succeeded);
        var saved = await Environments.SaveAsync(created.Value! with { Status = status, CurrentRunId = currentRun }, created.Value!.Version!, CancellationToken.None);
        Assert.True(saved.Succeeded);
        return saved.Value!;
    }

    /// <summary>Stores a run of the environment, as a run of that kind leaves it.</summary>
    public async Task<RunRecord> SeedRunAsync(EnvironmentRecord environment, RunKind kind)
    {
        var run = new RunRecord { Id = environment.CurrentRunId ?? RunId.New(Time.GetUtcNow()), Environment = environment.Id, Kind = kind, RequestedBy = "seed" };
        var created = await Runs.CreateAsync(run, CancellationToken.None);
        Assert.True(created.Succeeded);
        return created.Value!;
    }

    public async ValueTask DisposeAsync() => await _provider.DisposeAsync();

    private static async Task<(TemplateCatalog, string)> LoadCatalogAsync()
    {
        var root = Path.Combine(Directory.CreateTempSubdirectory("envorch-use-cases-").FullName, "catalog");
        TestFolders.CopyDirectory(Path.Combine(RepositoryPaths.Templates, "demo"), root);
        TestFolders.CopyDirectory(Path.Combine(AppContext.BaseDirectory, "TestCatalog"), root);
        var loaded = await CatalogLoader.LoadDirectoryAsync(root, null, CancellationToken.None);
        Assert.True(loaded.IsValid, string.Join(Environment.NewLine, loaded.Errors));
        return (loaded.Catalog, root);
    }
}
