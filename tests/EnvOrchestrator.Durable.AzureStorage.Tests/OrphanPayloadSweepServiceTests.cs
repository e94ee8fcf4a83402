using Azure.Storage.Blobs;
using EnvOrchestrator.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace EnvOrchestrator.Durable.AzureStorage.Tests;

public sealed class OrphanPayloadSweepServiceTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const int Timeout = 60_000;

    [Fact(Timeout = Timeout)]
    public async Task ExecuteAsync_IntervalElapses_SweepsOrphans()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var passes = new PassGate();
        await using var provider = Services(time, TimeSpan.FromHours(1), passes);
        var backend = provider.GetRequiredService<AzureStorageOrchestrationBackend>();
        await backend.CreateIfNotExistsAsync(CancellationToken.None);
        var orphan = Container(backend).GetBlobClient(PayloadBlobStore.NewName(PayloadBlobStore.InstancePrefix("gone")));
        await orphan.UploadAsync(BinaryData.FromString("orphan"));
        var service = Sweeper(provider);
        await service.StartAsync(CancellationToken.None);
        try
        {
            // The timer is created on the service's own thread; keep moving the clock until a pass has run.
            while (!passes.Deleted.IsCompleted)
            {
                time.Advance(TimeSpan.FromHours(1));
                await Task.WhenAny(passes.Deleted, Task.Delay(50));
            }

            Assert.False((await orphan.ExistsAsync()).Value);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
            await backend.DeleteTaskHubAsync(CancellationToken.None);
        }
    }

    [Fact(Timeout = Timeout)]
    public async Task ExecuteAsync_IntervalNull_EndsWithoutSweeping()
    {
        await using var provider = Services(TimeProvider.System, interval: null, new PassGate());
        var service = Sweeper(provider);

        await service.StartAsync(CancellationToken.None);
        await service.ExecuteTask!;

        Assert.True(service.ExecuteTask.IsCompletedSuccessfully);
    }

    private ServiceProvider Services(TimeProvider time, TimeSpan? interval, PassGate passes)
    {
        var services = new ServiceCollection().AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(passes));
        services.AddSingleton(time);
        services.AddAzureStorageOrchestrationBackend(o =>
        {
            o.TaskHub = AzuriteFixture.UniqueName("sweep");
            o.ConnectionString = azurite.ConnectionString;
            o.OrphanPayloadSweepInterval = interval;
        });
        return services.BuildServiceProvider();
    }

    private static OrphanPayloadSweepService Sweeper(IServiceProvider provider) =>
        provider.GetServices<IHostedService>().OfType<OrphanPayloadSweepService>().Single();

    private BlobContainerClient Container(AzureStorageOrchestrationBackend backend) =>
        new(azurite.ConnectionString, backend.TaskHub.ToLowerInvariant() + "-payloads", new BlobClientOptions(StorageClients.BlobServiceVersion));

    /// <summary>Completes when the backend logs a pass that deleted something (event 2607).</summary>
    private sealed class PassGate : ILoggerProvider, ILogger
    {
        private readonly TaskCompletionSource _deleted = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Deleted => _deleted.Task;

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == 2607)
            {
                _deleted.TrySetResult();
            }
        }

        public void Dispose()
        {
        }
    }
}
