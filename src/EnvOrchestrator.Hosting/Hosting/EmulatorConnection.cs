using EnvOrchestrator.Azurite;

namespace EnvOrchestrator.Hosting.Hosting;

/// <summary>Recognises a storage connection string that points at a local emulator, and its ports.</summary>
internal static class EmulatorConnection
{
    /// <summary>
    /// The emulator ports a connection string points at: the defaults for <c>UseDevelopmentStorage=true</c>, or the
    /// loopback ports of an explicit development-account connection string; null for real storage accounts.
    /// </summary>
    public static AzuriteEndpoints? TryGetEndpoints(string? connectionString)
    {
        if (AzuriteEndpoints.IsDevelopmentStorage(connectionString))
        {
            return AzuriteEndpoints.Default;
        }

        if (connectionString is null ||
            !connectionString.Contains("AccountName=" + AzuriteEndpoints.AccountName, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        var blob = LoopbackPort(parts, "BlobEndpoint");
        var queue = LoopbackPort(parts, "QueueEndpoint");
        var table = LoopbackPort(parts, "TableEndpoint");
        return blob is { } b && queue is { } q && table is { } t ? new AzuriteEndpoints(b, q, t) : null;
    }

    private static int? LoopbackPort(Dictionary<string, string> parts, string key) =>
        parts.TryGetValue(key, out var value) && Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.IsLoopback
            ? uri.Port
            : null;
}
