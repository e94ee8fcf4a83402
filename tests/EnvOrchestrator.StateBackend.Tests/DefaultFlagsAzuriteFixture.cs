using EnvOrchestrator.Azurite;
using EnvOrchestrator.Testing;

namespace EnvOrchestrator.StateBackend.Tests;

/// <summary>
/// An in-memory Azurite started with its default flags, as users run their own: without <c>--skipApiVersionCheck</c>,
/// so a client sending a newer service version than Azurite knows gets 400. One per test process on free loopback
/// ports, started on first use and killed at exit; give each test its own container.
/// </summary>
public sealed class DefaultFlagsAzuriteFixture : IAsyncLifetime
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static AzuriteProcess? _shared;

    private AzuriteProcess? _process;

    public string ConnectionString => (_process ?? throw new InvalidOperationException("The fixture was not initialized.")).ConnectionString;

    public async Task InitializeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            _shared ??= await AzuriteProcess.StartAsync(
                new AzuriteOptions { InMemory = true, ToolRoot = RepositoryPaths.Root, SkipApiVersionCheck = false },
                logger: null,
                CancellationToken.None);
            _process = _shared;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>The emulator lives for the whole test process; it is killed when the process exits.</summary>
    public Task DisposeAsync() => Task.CompletedTask;
}
