using EnvOrchestrator.Lifecycle.Catalog;
using EnvOrchestrator.Templates.Git;
using EnvOrchestrator.Templates.Loading;
using EnvOrchestrator.Terraform;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Hosting.Composition;

/// <summary>
/// Loads the catalog from its source — a folder, or a Git repository at a ref exported to
/// <c>{Terraform work root}/catalogs/{commit}</c> so its modules stay on disk while it is served — and swaps it into
/// <see cref="LoadedCatalogSource"/> only when it is valid. Loads are serialised; the last few exports are kept, as a
/// step that started on an older commit may still be running its modules.
/// </summary>
internal sealed class CatalogRefresher(
    IOptions<ServiceOptions> options,
    IOptions<TerraformRunnerOptions> terraform,
    LoadedCatalogSource catalog,
    IHostEnvironment environment,
    TimeProvider time,
    ILogger<CatalogRefresher> logger) : ICatalogRefresher, IDisposable
{
    private const int ExportsKept = 5;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile CatalogStatus? _status;

    public CatalogStatus Status => _status ?? NothingServed(null, []);

    public string SourceDescription => options.Value.CatalogRepository is { } repository
        ? $"{repository}@{options.Value.CatalogRef}{(string.IsNullOrEmpty(options.Value.CatalogFolder) ? "" : ":" + options.Value.CatalogFolder)}"
        : options.Value.CatalogPath;

    public void Dispose() => _gate.Dispose();

    public async Task<CatalogStatus> RefreshAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var attempt = time.GetUtcNow();
            var (loaded, root, revision) = await LoadAsync(cancellationToken).ConfigureAwait(false);
            var previous = _status;
            if (!loaded.IsValid)
            {
                var errors = loaded.Errors.Select(e => e.ToString()).ToList();
                logger.CatalogRefreshFailed(SourceDescription, errors.Count, string.Join(Environment.NewLine, errors));
                _status = (previous ?? NothingServed(attempt, errors)) with { LastAttemptAt = attempt, LastErrors = errors };
                return _status;
            }

            if (previous?.Commit is { } served && served == revision.Commit && previous.LastErrors.Count == 0)
            {
                _status = previous with { LastAttemptAt = attempt };
                return _status;
            }

            catalog.Set(loaded.Catalog, root!, revision);
            logger.CatalogServed(revision.Source, revision.Commit ?? "-", loaded.Catalog.EnvironmentTemplates.Length, loaded.Catalog.ResourceTemplates.Length);
            _status = new CatalogStatus(revision.Source, revision.Commit, attempt, loaded.Catalog.EnvironmentTemplates.Length, loaded.Catalog.ResourceTemplates.Length, attempt, []);
            PruneExports(revision.Commit);
            return _status;
        }
        finally
        {
            _gate.Release();
        }
    }

    private CatalogStatus NothingServed(DateTimeOffset? attempt, IReadOnlyList<string> errors) => new(SourceDescription, null, null, 0, 0, attempt, errors);

    private async Task<(CatalogLoadResult Loaded, string? Root, CatalogRevision Revision)> LoadAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.CatalogRepository is not { Length: > 0 } repository)
        {
            var folder = ServiceStartup.FindCatalog(settings.CatalogPath, environment.ContentRootPath);
            var fromFolder = await CatalogLoader.LoadDirectoryAsync(folder, null, cancellationToken).ConfigureAwait(false);
            return (fromFolder, folder, new CatalogRevision(folder, null));
        }

        var location = new GitCatalogLocation(repository, settings.CatalogRef) { Folder = string.IsNullOrEmpty(settings.CatalogFolder) ? null : settings.CatalogFolder };
        var fromGit = await GitCatalogSource.ExportAsync(location, ExportRoot, null, cancellationToken).ConfigureAwait(false);
        return (fromGit.Result, fromGit.Result.RootDirectory, new CatalogRevision(SourceDescription, fromGit.Commit));
    }

    private string ExportRoot => Path.Combine(terraform.Value.WorkRoot ?? Path.Combine(Path.GetTempPath(), "envorch-terraform"), "catalogs");

    private void PruneExports(string? served)
    {
        if (served is null || !Directory.Exists(ExportRoot))
        {
            return;
        }

        foreach (var old in new DirectoryInfo(ExportRoot).GetDirectories().Where(d => d.Name != served).OrderByDescending(d => d.LastWriteTimeUtc).Skip(ExportsKept - 1))
        {
            try
            {
                old.Delete(recursive: true);
            }
            catch (IOException)
            {
                // In use or half gone: the next refresh tries again.
            }
            catch (UnauthorizedAccessException)
            {
                // Same as above.
            }
        }
    }
}

/// <summary>Reloads the catalog every <see cref="ServiceOptions.CatalogRefreshInterval"/> (5 minutes for a repository by default).</summary>
internal sealed class CatalogRefreshLoop(IOptions<ServiceOptions> options, CatalogRefresher refresher, TimeProvider time, ILogger<CatalogRefreshLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.CatalogRefreshInterval ?? (options.Value.CatalogRepository is { Length: > 0 } ? TimeSpan.FromMinutes(5) : (TimeSpan?)null);
        if (interval is not { } every || every <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(every, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await refresher.RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The served catalog stays; the next tick tries again.
                logger.CatalogRefreshCrashed(e, refresher.SourceDescription);
            }
        }
    }
}
