using EnvOrchestrator.Lifecycle;
using EnvOrchestrator.Storage;
using EnvOrchestrator.TaskHub;
using EnvOrchestrator.Terraform;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Hosting.Composition;

/// <summary>
/// Loads the catalog (<see cref="CatalogRefresher"/>) and creates the storage (tables, queues, containers) once, in the "starting" phase: after the
/// emulator service (registered earlier) has started Azurite, before the workers poll and before requests arrive.
/// A catalog with errors stops the start-up with every error listed. Terraform run folders left by dead service
/// processes are swept (those with a Terraform still saving, or with unsaved state, are kept for the step that takes
/// over). State locks left by a killed Terraform are not released here: the step that takes over an interrupted
/// attempt releases its own lock, whichever instance runs it.
/// </summary>
internal sealed class ServiceStartup(
    IOptions<EnvironmentLifecycleOptions> lifecycle,
    CatalogRefresher catalog,
    EnvironmentStorageInitializer environmentStorage,
    ITerraformRunner terraform,
    ILogger<ServiceStartup> logger,
    TaskHubRuntime? taskHub = null) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var loaded = await catalog.RefreshAsync(cancellationToken);
        if (loaded.LastErrors.Count > 0)
        {
            throw new StartupFailedException($"The catalog at {catalog.SourceDescription} has errors:{Environment.NewLine}{string.Join(Environment.NewLine, loaded.LastErrors)}");
        }

        // Under the Functions host there is no task hub runtime here: the host's Durable extension creates its hub.
        await Task.WhenAll(
            environmentStorage.EnsureCreatedAsync(cancellationToken),
            taskHub?.EnsureCreatedAsync(cancellationToken) ?? Task.CompletedTask);
        logger.StorageReady(taskHub?.Options.TaskHubName ?? "(the Functions host's)", lifecycle.Value.StateBackendUrl!);

        // Run folders of service processes that died: what the steps taking over their work will not reclaim.
        var swept = await terraform.SweepAsync(cancellationToken);
        if (swept.Runs.Count > 0)
        {
            logger.RunFoldersSwept(swept.Runs.Count(r => r.Disposition == TerraformLeftoverDisposition.Removed), swept.Runs.Count);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// An absolute path as given; a relative one from the content root and each parent, then from the executable's
    /// folder and each parent, so the default <c>templates/demo</c> is found from the repository root, the project
    /// folder and the build output alike.
    /// </summary>
    internal static string FindCatalog(string path, string contentRoot)
    {
        if (Path.IsPathRooted(path))
        {
            return Directory.Exists(path) ? path : throw new StartupFailedException($"The catalog folder {path} does not exist; set {ServiceOptions.SectionName}:CatalogPath.");
        }

        foreach (var start in new[] { contentRoot, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, path);
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new StartupFailedException(
            $"The catalog folder {path} was found neither in {contentRoot} nor above it; set {ServiceOptions.SectionName}:CatalogPath.");
    }
}
