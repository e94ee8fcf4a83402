using Microsoft.Extensions.Time.Testing;

namespace EnvOrchestrator.Storage.Tests.Contracts;

/// <summary>Base of the contract suites: each test gets fresh stores and a fake clock.</summary>
public abstract class StoreContract : IAsyncLifetime
{
    protected const int Timeout = 60_000;

    private StoreSet? _stores;

    protected static DateTimeOffset Start { get; } = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    protected FakeTimeProvider Time { get; } = new(Start);

    protected StoreSet Stores => _stores ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync() => _stores = await CreateStoresAsync(Time);

    public Task DisposeAsync() => Task.CompletedTask;

    protected abstract Task<StoreSet> CreateStoresAsync(FakeTimeProvider time);
}
