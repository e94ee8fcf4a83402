using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Lifecycle.Admission;

/// <summary>Source-generated log messages of admission: event ids 7100–7149 of the lifecycle's range.</summary>
internal static partial class AdmissionLog
{
    [LoggerMessage(7101, LogLevel.Information, "Create of {EnvironmentId} refused by quota {Rule}")]
    public static partial void QuotaRefused(this ILogger logger, string environmentId, string rule);

    [LoggerMessage(7102, LogLevel.Information, "Dropped {Count} quota claims of project {Project} whose environments are destroyed or were never stored")]
    public static partial void StaleQuotaClaimsDropped(this ILogger logger, string project, int count);

    [LoggerMessage(7103, LogLevel.Warning, "The quota record of project {Project} changed under every one of {Attempts} attempts; the create was refused as busy")]
    public static partial void QuotaContended(this ILogger logger, string project, int attempts);
}
