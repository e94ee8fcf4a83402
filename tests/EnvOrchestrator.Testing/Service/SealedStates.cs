using EnvOrchestrator.Secrets;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace EnvOrchestrator.Testing.Service;

/// <summary>
/// Opens Terraform states as the service stores them (sealed by its key ring, ADR 0012), for tests that inspect state
/// blobs: the same key ring (blob container and development key-encryption key of the same storage account) as a
/// service started with <see cref="ServiceSettings"/> in development mode.
/// </summary>
public sealed class SealedStates : IDisposable
{
    private static readonly byte[] Marker = "ENVORCH-SEALED-1\n"u8.ToArray();

    private readonly ServiceProvider _provider;
    private readonly IDataProtector _protector;

    public SealedStates(string storageConnectionString)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddEnvOrchestratorSecrets(o =>
        {
            o.ConnectionString = storageConnectionString;
            o.AllowDevelopmentKey = true;
        });
        _provider = services.BuildServiceProvider();
        _protector = _provider.GetRequiredService<IDataProtectionProvider>().CreateProtector("EnvOrchestrator.StateBackend.State.v1");
    }

    /// <summary>The state document as Terraform wrote it; a blob written before sealing is returned as it is.</summary>
    public ReadOnlyMemory<byte> Open(ReadOnlyMemory<byte> stored) =>
        stored.Span.StartsWith(Marker) ? _protector.Unprotect(stored[Marker.Length..].ToArray()) : stored;

    public void Dispose() => _provider.Dispose();
}
