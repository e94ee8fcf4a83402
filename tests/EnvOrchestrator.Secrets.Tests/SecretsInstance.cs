using System.Security.Cryptography;
using Azure.Storage.Blobs;
using EnvOrchestrator.Core.Secrets;
using EnvOrchestrator.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace EnvOrchestrator.Secrets.Tests;

/// <summary>One service instance's secrets: its own container of services, a shared key ring container, the KEKs given.</summary>
internal sealed class SecretsInstance : IDisposable
{
    private readonly ServiceProvider _services;

    private SecretsInstance(ServiceProvider services) => _services = services;

    public ISecretProtector Protector => _services.GetRequiredService<ISecretProtector>();

    public IDataProtectionProvider DataProtection => _services.GetRequiredService<IDataProtectionProvider>();

    public KeyRingCheck Check => _services.GetRequiredService<KeyRingCheck>();

    public IHostedService Startup => _services.GetServices<IHostedService>().OfType<SecretsStartup>().Single();

    public static string NewKek() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static SecretsInstance Create(string connectionString, string container, ITestOutputHelper output, Action<SecretsOptions> configure)
    {
        var services = new ServiceCollection()
            .AddLogging(b => b.AddProvider(new XunitLoggerProvider(output)).SetMinimumLevel(LogLevel.Debug))
            .AddEnvOrchestratorSecrets(o =>
            {
                o.ConnectionString = connectionString;
                o.ContainerName = container;
                configure(o);
            })
            .BuildServiceProvider();
        return new SecretsInstance(services);
    }

    public static async Task<List<(string Name, string Text)>> KeyBlobsAsync(string connectionString, string container)
    {
        var client = new BlobServiceClient(connectionString, new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06)).GetBlobContainerClient(container);
        var blobs = new List<(string, string)>();
        await foreach (var item in client.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, null, CancellationToken.None))
        {
            blobs.Add((item.Name, (await client.GetBlobClient(item.Name).DownloadContentAsync()).Value.Content.ToString()));
        }

        return blobs;
    }

    public void Dispose() => _services.Dispose();
}
