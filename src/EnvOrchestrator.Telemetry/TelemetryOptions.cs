namespace EnvOrchestrator.Telemetry;

/// <summary>
/// Where traces and metrics go (section <see cref="SectionName"/>). With neither exporter configured the sources are
/// still listened to, so a test or a host can add its own exporter.
/// </summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>The service name on every span and metric (<c>service.name</c>).</summary>
    public string ServiceName { get; set; } = "envorch";

    /// <summary>An OTLP endpoint (e.g. <c>http://collector:4317</c>); also read from <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>Application Insights; also read from <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c>, which App Service and Functions set.</summary>
    public string? AzureMonitorConnectionString { get; set; }
}
