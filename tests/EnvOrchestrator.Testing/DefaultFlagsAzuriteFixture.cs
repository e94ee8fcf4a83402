using EnvOrchestrator.Azurite;
using Xunit;

namespace EnvOrchestrator.Testing;

/// <summary>
/// An in-memory Azurite started with its default flags, as users run their own: without <c>--skipApiVersionCheck</c>,
/// so a client sending a newer service version than Azurite knows gets 400. One per test process on free loopback
/// ports, started on first use and killed at exit; give each test its own tables and containers. Shared by every test project that proves a store against it.
/// </summary>
public sealed class DefaultFlagsAzuriteFixture : IAsyncLifetime
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static AzuriteProcess? _shared;

    private AzuriteProcess? _process;

    public string ConnectionString => (_process ?? throw new InvalidOperationException("The fixture was not initialized.")).ConnectionString;

    public async Task InitializeAsync()
    {
        await Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _shared ??= await AzuriteProcess.StartAsync(
                new AzuriteOptions { InMemory = true, ExitWithParent = true, ToolRoot = RepositoryPaths.Root, SkipApiVersionCheck = false },
                logger: null,
                CancellationToken.None).ConfigureAwait(false);
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
