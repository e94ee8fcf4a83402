using Azure.Monitor.OpenTelemetry.Exporter;
using EnvOrchestrator.Lifecycle;
using EnvOrchestrator.Terraform;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace EnvOrchestrator.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// OpenTelemetry for the service: a trace per HTTP request (ASP.NET Core) whose runs' steps and Terraform commands
    /// are child spans (<see cref="LifecycleTelemetry"/>, <see cref="TerraformTelemetry"/>), outgoing HTTP, and the
    /// lifecycle's and runner's metrics; exported by OTLP and/or Azure Monitor when configured.
    /// </summary>
    /// <param name="tracing">Last changes to the tracer provider, e.g. a test's in-memory exporter.</param>
    /// <param name="metrics">Last changes to the meter provider.</param>
    public static IServiceCollection AddEnvOrchestratorTelemetry(
        this IServiceCollection services,
        TelemetryOptions options,
        Action<TracerProviderBuilder>? tracing = null,
        Action<MeterProviderBuilder>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        var otlp = options.OtlpEndpoint ?? (Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT") is { Length: > 0 } url ? new Uri(url) : null);
        var azureMonitor = options.AzureMonitorConnectionString ?? Environment.GetEnvironmentVariable("APPLICATIONINSIGHTS_CONNECTION_STRING");
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName))
            .WithTracing(builder =>
            {
                builder
                    .AddSource(LifecycleTelemetry.Name, TerraformTelemetry.Name)
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/tfstate", StringComparison.Ordinal))
                    .AddHttpClientInstrumentation();
                if (otlp is not null)
                {
                    builder.AddOtlpExporter(o => o.Endpoint = otlp);
                }

                if (!string.IsNullOrEmpty(azureMonitor))
                {
                    builder.AddAzureMonitorTraceExporter(o => o.ConnectionString = azureMonitor);
                }

                tracing?.Invoke(builder);
            })
            .WithMetrics(builder =>
            {
                builder
                    .AddMeter(LifecycleTelemetry.Name, TerraformTelemetry.Name)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation();
                if (otlp is not null)
                {
                    builder.AddOtlpExporter(o => o.Endpoint = otlp);
                }

                if (!string.IsNullOrEmpty(azureMonitor))
                {
                    builder.AddAzureMonitorMetricExporter(o => o.ConnectionString = azureMonitor);
                }

                metrics?.Invoke(builder);
            });
        return services;
    }
}
