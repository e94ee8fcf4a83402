using EnvOrchestrator.Azurite;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Hosting.Hosting;

/// <summary>
/// Starts Azurite before anything touches storage when the service is configured for the emulator and none answers,
/// installing it with npm when missing; stops it with the service. Registered first, it runs in the "starting" phase,
/// ahead of every other hosted service (the engine's workers among them).
/// </summary>
internal sealed partial class StorageEmulatorService(
    IConfiguration configuration,
    IOptions<StorageEmulatorOptions> options,
    IHostEnvironment environment,
    ILogger<StorageEmulatorService> logger) : IHostedLifecycleService, IAsyncDisposable
{
    public const string ConnectionKey = "AzureWebJobsStorage";

    private AzuriteProcess? _emulator;

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var endpoints = EmulatorConnection.TryGetEndpoints(configuration[ConnectionKey]);
        if (endpoints is null || !options.Value.AutoStart)
        {
            return;
        }

        var settings = options.Value;
        _emulator = await AzuriteProcess.StartAsync(
            new AzuriteOptions
            {
                InMemory = false,
                Location = Path.GetFullPath(settings.DataPath, environment.ContentRootPath),
                ToolRoot = settings.ToolRoot ?? AzuriteInstaller.FindToolRoot(environment.ContentRootPath),
                BlobPort = endpoints.BlobPort,
                QueuePort = endpoints.QueuePort,
                TablePort = endpoints.TablePort,
            },
            logger,
            cancellationToken).ConfigureAwait(false);
        LogEmulator(logger, _emulator.Owned ? "started" : "already running", endpoints.TablePort);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Stops an emulator this service started, after every other service has stopped using it.</summary>
    public async Task StoppedAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        if (_emulator is { } emulator)
        {
            _emulator = null;
            await emulator.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(6001, LogLevel.Information, "Storage emulator {State} (table port {TablePort})")]
    private static partial void LogEmulator(ILogger logger, string state, int tablePort);
}
