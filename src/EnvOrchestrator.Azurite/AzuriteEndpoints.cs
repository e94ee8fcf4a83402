using System.Globalization;

namespace EnvOrchestrator.Azurite;

/// <summary>The loopback endpoints of one Azurite instance and the well-known emulator account.</summary>
public sealed record AzuriteEndpoints(int BlobPort, int QueuePort, int TablePort)
{
    public const string AccountName = "devstoreaccount1";

    /// <summary>The emulator's published, fixed development key (not a secret).</summary>
    public const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The ports <c>UseDevelopmentStorage=true</c> points at.</summary>
    public static AzuriteEndpoints Default { get; } = new(10000, 10001, 10002);

    public string ConnectionString => string.Create(
        CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};");

    /// <summary>True for the emulator shorthand, which needs a local Azurite.</summary>
    public static bool IsDevelopmentStorage(string? connectionString) =>
        connectionString is not null &&
        connectionString.Replace(" ", string.Empty, StringComparison.Ordinal)
            .Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase);
}
