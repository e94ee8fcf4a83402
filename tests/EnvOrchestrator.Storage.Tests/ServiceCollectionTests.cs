using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Storage.Tests;

public sealed class ServiceCollectionTests
{
    [Fact]
    public void AddEnvironmentStorage_ValidOptions_ResolvesEveryPortOnce()
    {
        using var services = new ServiceCollection()
            .AddSingleton<ISecretProtector, InMemorySecretProtector>()
            .AddEnvironmentStorage(o => o.ConnectionString = "UseDevelopmentStorage=true")
            .BuildServiceProvider();

        Assert.IsType<TableEnvironmentStore>(services.GetRequiredService<IEnvironmentStore>());
        Assert.IsType<TableRunStore>(services.GetRequiredService<IRunStore>());
        Assert.IsType<TableActiveRunIndex>(services.GetRequiredService<IActiveRunIndex>());
        Assert.IsType<BlobStepLogStore>(services.GetRequiredService<IStepLogStore>());
        Assert.IsType<TableIdempotencyStore>(services.GetRequiredService<IIdempotencyStore>());
        Assert.Same(services.GetRequiredService<IEnvironmentStore>(), services.GetRequiredService<IEnvironmentStore>());
        Assert.NotNull(services.GetRequiredService<EnvironmentStorageInitializer>());
    }

    [Fact]
    public void AddEnvironmentStorage_NoSecretProtector_EnvironmentStoreSaysWhatToRegister()
    {
        using var services = new ServiceCollection()
            .AddEnvironmentStorage(o => o.ConnectionString = "UseDevelopmentStorage=true")
            .BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IEnvironmentStore>());

        Assert.Contains("AddEnvOrchestratorSecrets", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddEnvironmentStorage_InvalidOptions_FailValidation()
    {
        using var services = new ServiceCollection()
            .AddEnvironmentStorage(o => o.TablePrefix = "x")
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<EnvironmentStorageOptions>>().Value);

        Assert.Equal(2, error.Failures.Count());
    }
}
