using Azure.Identity;
using EnvOrchestrator.Core.TerraformState;
using EnvOrchestrator.StateBackend.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.StateBackend;

public static class TerraformStateBackendServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="TerraformStateBackend"/> (also as the lifecycle's <see cref="ITerraformStateBackend"/>), its store (Blob or in-memory per options, unless an
    /// <see cref="ITerraformStateStore"/> is already registered) and the optional stale-lock sweep.
    /// Map the endpoints with <see cref="TerraformStateBackendEndpointRouteBuilderExtensions.MapTerraformStateBackend"/>.
    /// </summary>
    public static IServiceCollection AddTerraformStateBackend(this IServiceCollection services, Action<TerraformStateBackendOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<TerraformStateBackendOptions>()
            .Configure(configure)
            .ValidateDataAnnotations()
            .Validate(
                o => o.SigningKey is null || o.SigningKey.Length is 0 or >= 32,
                "TerraformStateBackend:SigningKey must be empty (tokens sealed by the key ring) or at least 32 characters.")
            .Validate(
                o => o.Store != TerraformStateStoreKind.Blob || !string.IsNullOrWhiteSpace(o.BlobConnectionString) || o.BlobEndpoint is { IsAbsoluteUri: true },
                "TerraformStateBackend:BlobConnectionString or TerraformStateBackend:BlobEndpoint is required when Store is Blob.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ITerraformStateStore>(CreateStore);
        services.TryAddSingleton<IStateRunGate, OpenStateRunGate>();
        services.TryAddSingleton<TerraformStateBackend>();
        services.TryAddSingleton<ITerraformStateBackend>(sp => sp.GetRequiredService<TerraformStateBackend>());
        services.AddHostedService<StaleLockSweeper>();
        return services;
    }

    /// <summary>
    /// The configured store, sealed by the key ring when the host has one (the service always does: its Data Protection
    /// key ring; a host without Data Protection, such as a stand-alone test, keeps states as Terraform wrote them).
    /// </summary>
    private static ITerraformStateStore CreateStore(IServiceProvider provider)
    {
        var store = CreateRawStore(provider);
        return provider.GetService<IDataProtectionProvider>() is { } dataProtection
            ? new SealingTerraformStateStore(store, dataProtection.CreateProtector(SealingTerraformStateStore.Purpose))
            : store;
    }

    private static ITerraformStateStore CreateRawStore(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<TerraformStateBackendOptions>>().Value;
        var timeProvider = provider.GetRequiredService<TimeProvider>();
        if (options.Store == TerraformStateStoreKind.InMemory)
        {
            return new InMemoryTerraformStateStore(timeProvider, options.KeepPreviousVersions);
        }

        // Pinned to a service version Azurite accepts with its default flags: see BlobTerraformStateStore.BlobServiceVersion.
        var container = string.IsNullOrWhiteSpace(options.BlobConnectionString)
            ? BlobTerraformStateStore.CreateContainerClient(options.BlobEndpoint!, options.Credential ?? new DefaultAzureCredential(), options.ContainerName)
            : BlobTerraformStateStore.CreateContainerClient(options.BlobConnectionString, options.ContainerName);
        return new BlobTerraformStateStore(container, timeProvider, options.KeepPreviousVersions);
    }
}
