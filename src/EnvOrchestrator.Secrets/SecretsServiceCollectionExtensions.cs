using Azure.Identity;
using Azure.Storage.Blobs;
using EnvOrchestrator.Core.Secrets;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Secrets;

public static class SecretsServiceCollectionExtensions
{
    /// <summary>
    /// Registers ASP.NET Core Data Protection (so <see cref="IDataProtectionProvider"/> is resolvable by anyone) with
    /// its key ring in a blob container, every key encrypted with the KEK of <see cref="SecretsOptions"/>, keys rotated
    /// every <see cref="SecretsOptions.KeyLifetime"/>; <see cref="ISecretProtector"/> on top of it; and a start-up
    /// check that refuses to start without a usable KEK. Bind configuration in <paramref name="configure"/>, e.g.
    /// <c>o =&gt; configuration.GetSection(SecretsOptions.SectionName).Bind(o)</c>.
    /// </summary>
    public static IServiceCollection AddEnvOrchestratorSecrets(this IServiceCollection services, Action<SecretsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SecretsOptions>().Configure(configure);
        services.TryAddSingleton(sp => new KeyEncryptionKeyLoader(sp.GetRequiredService<IOptions<SecretsOptions>>(), Logger<KeyEncryptionKeyLoader>(sp)));
        services.TryAddSingleton(sp => new BlobXmlRepository(Container(sp.GetRequiredService<IOptions<SecretsOptions>>().Value), Logger<BlobXmlRepository>(sp)));
        services.TryAddSingleton(sp => new KekXmlEncryptor(sp.GetRequiredService<KeyEncryptionKeyLoader>()));
        services.TryAddSingleton(sp => new KeyRingCheck(sp.GetRequiredService<KeyEncryptionKeyLoader>(), sp.GetRequiredService<BlobXmlRepository>(), Logger<KeyRingCheck>(sp)));

        services.AddDataProtection();
        services.AddOptions<DataProtectionOptions>()
            .Configure<IOptions<SecretsOptions>>((dp, secrets) => dp.ApplicationDiscriminator = secrets.Value.ApplicationName);
        services.AddOptions<KeyManagementOptions>()
            .Configure<BlobXmlRepository, KekXmlEncryptor, IOptions<SecretsOptions>>((keys, repository, encryptor, secrets) =>
            {
                keys.XmlRepository = repository;
                keys.XmlEncryptor = encryptor;
                keys.AutoGenerateKeys = true;
                keys.NewKeyLifetime = secrets.Value.KeyLifetime;
            });

        // Replaces an in-memory protector registered before (tests compose in-memory stores first).
        services.RemoveAll<ISecretProtector>();
        services.AddSingleton<ISecretProtector>(sp => new DataProtectionSecretProtector(sp.GetRequiredService<IDataProtectionProvider>()));
        services.AddHostedService(sp => new SecretsStartup(sp.GetRequiredService<KeyRingCheck>()));
        return services;
    }

    private static BlobContainerClient Container(SecretsOptions options)
    {
        // The service version Azurite 3.37 accepts (as the environment storage pins it); Azure accepts it too.
        var clientOptions = new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06);
        clientOptions.Diagnostics.IsLoggingEnabled = false;
        clientOptions.Diagnostics.IsTelemetryEnabled = false;
        BlobServiceClient blobs;
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            blobs = new BlobServiceClient(options.ConnectionString, clientOptions);
        }
        else if (options.BlobEndpoint is { } endpoint)
        {
            blobs = new BlobServiceClient(endpoint, options.Credential ?? new DefaultAzureCredential(), clientOptions);
        }
        else
        {
            throw new SecretsConfigurationException("The key ring needs a storage account: set Secrets:ConnectionString or Secrets:BlobEndpoint.");
        }

        return blobs.GetBlobContainerClient(options.ContainerName);
    }

    // Hosts always register logging; a bare container (a tool, a test) still gets working services.
    private static ILogger<T> Logger<T>(IServiceProvider services) =>
        services.GetService<ILoggerFactory>()?.CreateLogger<T>() ?? NullLogger<T>.Instance;
}
