using EnvOrchestrator.Azurite;
using Xunit;

namespace EnvOrchestrator.Testing;

/// <summary>
/// One in-memory Azurite on free loopback ports per test process, started on first use and stopped at exit.
/// Use it as a class fixture: every class shares the same emulator, so classes still run in parallel;
/// isolate tests by giving each its own task hub, table or container name (see <see cref="UniqueName"/>).
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static AzuriteProcess? _shared;

    private AzuriteProcess? _process;

    public string ConnectionString => Process.ConnectionString;

    public AzuriteEndpoints Endpoints => Process.Endpoints;

    private AzuriteProcess Process => _process
        ?? throw new InvalidOperationException("Azurite has not been started; the fixture was not initialized.");

    /// <summary>A lower-case alphanumeric name that is unique in this run, valid for tables, queues and containers.</summary>
    public static string UniqueName(string prefix) =>
        (prefix + Guid.NewGuid().ToString("N")[..12]).ToLowerInvariant();

    public async Task InitializeAsync() => _process = await SharedAsync().ConfigureAwait(false);

    /// <summary>The test process's one emulator, started on first use (for hosts that are not class fixtures).</summary>
    public static async Task<AzuriteProcess> SharedAsync()
    {
        await Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            return _shared ??= await AzuriteProcess.StartAsync(
                new AzuriteOptions { InMemory = true, ExitWithParent = true, ToolRoot = RepositoryPaths.Root },
                logger: null,
                CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// The emulator lives for the whole test process: killed when the process exits, and leaving by itself when the
    /// test host is killed (<see cref="AzuriteOptions.ExitWithParent"/>).
    /// </summary>
    public Task DisposeAsync() => Task.CompletedTask;
}
