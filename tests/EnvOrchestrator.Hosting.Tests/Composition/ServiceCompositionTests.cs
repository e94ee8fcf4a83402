using EnvOrchestrator.Hosting.Composition;
using EnvOrchestrator.Secrets;
using EnvOrchestrator.StateBackend;
using EnvOrchestrator.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Hosting.Tests.Composition;

/// <summary>Where each building block's storage settings come from when the service is composed.</summary>
public sealed class ServiceCompositionTests
{
    [Fact]
    public void Compose_EndpointsAsInfraSetsThem_NoBlockFallsBackToTheEmulatorConnectionString()
    {
        using var provider = Compose(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Storage:Environments:TableEndpoint"] = "https://acct.table.core.windows.net/",
            ["Storage:Environments:BlobEndpoint"] = "https://acct.blob.core.windows.net/",
            ["TerraformStateBackend:BlobEndpoint"] = "https://acct.blob.core.windows.net/",
            ["Secrets:BlobEndpoint"] = "https://acct.blob.core.windows.net/",
        });

        var storage = provider.GetRequiredService<IOptions<EnvironmentStorageOptions>>().Value;
        var state = provider.GetRequiredService<IOptions<TerraformStateBackendOptions>>().Value;
        var secrets = provider.GetRequiredService<IOptions<SecretsOptions>>().Value;

        Assert.Null(storage.ConnectionString);
        Assert.NotNull(storage.Credential);
        Assert.Null(state.BlobConnectionString);
        Assert.Equal(new Uri("https://acct.blob.core.windows.net/"), state.BlobEndpoint);
        Assert.Null(secrets.ConnectionString);
    }

    [Fact]
    public void Compose_OnlyAzureWebJobsStorage_EveryBlockUsesIt()
    {
        const string Azurite = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;TableEndpoint=http://127.0.0.1:2/devstoreaccount1;QueueEndpoint=http://127.0.0.1:3/devstoreaccount1;";
        using var provider = Compose(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = Azurite });

        Assert.Equal(Azurite, provider.GetRequiredService<IOptions<EnvironmentStorageOptions>>().Value.ConnectionString);
        Assert.Equal(Azurite, provider.GetRequiredService<IOptions<TerraformStateBackendOptions>>().Value.BlobConnectionString);
        Assert.Equal(Azurite, provider.GetRequiredService<IOptions<SecretsOptions>>().Value.ConnectionString);
    }

    private static ServiceProvider Compose(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddEnvOrchestratorService(configuration);
        return services.BuildServiceProvider();
    }
}
