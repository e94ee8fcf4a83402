using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using EnvOrchestrator.Api;
using EnvOrchestrator.Api.Security;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Terraform;
using EnvOrchestrator.Testing.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Xunit.Abstractions;

namespace EnvOrchestrator.Telemetry.Tests;

/// <summary>
/// The service's OpenTelemetry with in-memory exporters: one trace from the HTTP request through the run's steps to
/// each Terraform command, with environment, project, resource and run as attributes; and the run and command metrics.
/// </summary>
public sealed class TelemetryTests(ITestOutputHelper output)
{
    [Fact(Timeout = 150_000)]
    public async Task CreateOverHttp_Deploys_OneTraceFromTheRequestToEachTerraformCommandAndTheMetrics()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        await using var host = await LifecycleHost.StartAsync(new LifecycleHostOptions
        {
            Output = output,
            Services = services =>
            {
                services.AddEnvOrchestratorApi(_ => { }, s => s.Mode = SecurityMode.Development);
                services.AddEnvOrchestratorTelemetry(new TelemetryOptions(), t => t.AddInMemoryExporter(spans), m => m.AddInMemoryExporter(metrics));
            },
            Map = (app, _) => app.MapEnvOrchestratorApi(),
        });
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var name = "traced-" + Guid.NewGuid().ToString("N")[..6];

        using var created = await http.PostAsJsonAsync("/api/projects/team-a/environments", new { name, template = "tagged" });
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var ready = await host.WaitSettledAsync(EnvironmentId.Parse("team-a", name), TimeSpan.FromSeconds(120));
        Assert.Equal(EnvironmentStatus.Ready, ready.Status);
        host.Services.GetRequiredService<TracerProvider>().ForceFlush();
        host.Services.GetRequiredService<MeterProvider>().ForceFlush();

        Activity[] recorded;
        lock (spans)
        {
            recorded = [.. spans];
        }

        var request = Assert.Single(recorded, s => s.Kind == ActivityKind.Server && s.DisplayName.StartsWith("POST", StringComparison.Ordinal) && s.GetTagItem("envorch.run") is not null);
        var run = (string)request.GetTagItem("envorch.run")!;
        var trace = recorded.Where(s => s.TraceId == request.TraceId).ToList();
        Assert.Contains(trace, s => s.DisplayName == "start deploy" && (string?)s.GetTagItem("envorch.run") == run);
        Assert.Contains(trace, s => s.DisplayName == "complete run" && (string?)s.GetTagItem("envorch.run.status") == "Succeeded");
        var apply = Assert.Single(trace, s => s.DisplayName == "apply box");
        Assert.Equal(("team-a", name, "box"), ((string?)apply.GetTagItem("envorch.project"), (string?)apply.GetTagItem("envorch.environment"), (string?)apply.GetTagItem("envorch.resource")));
        var terraform = trace.Where(s => s.Source.Name == TerraformTelemetry.Name).ToList();
        Assert.Contains(terraform, s => (string?)s.GetTagItem("terraform.command") == "apply" && (string?)s.GetTagItem("terraform.outcome") == "succeeded");
        Assert.All(terraform, s =>
        {
            Assert.Equal(apply.SpanId, s.ParentSpanId);
            Assert.Equal("box", s.GetTagItem("envorch.resource"));
        });

        Assert.True(Sum(metrics, "envorch.runs.started", ("envorch.run.kind", "Deploy")) >= 1);
        Assert.True(Sum(metrics, "envorch.runs.finished", ("envorch.run.status", "Succeeded")) >= 1);
        Assert.True(Count(metrics, "envorch.terraform.command.duration", ("terraform.command", "apply")) >= 1);
        Assert.True(Count(metrics, "envorch.run.queue_latency", ("envorch.run.kind", "Deploy")) >= 1);
    }

    private static long Sum(List<Metric> metrics, string name, (string Key, string Value) tag) =>
        Points(metrics, name, tag).Sum(p => p.GetSumLong());

    private static long Count(List<Metric> metrics, string name, (string Key, string Value) tag) =>
        Points(metrics, name, tag).Sum(p => p.GetHistogramCount());

    private static List<MetricPoint> Points(List<Metric> metrics, string name, (string Key, string Value) tag)
    {
        var points = new List<MetricPoint>();
        lock (metrics)
        {
            foreach (var metric in metrics.Where(m => m.Name == name))
            {
                foreach (ref readonly var point in metric.GetMetricPoints())
                {
                    foreach (var t in point.Tags)
                    {
                        if (t.Key == tag.Key && (string?)t.Value == tag.Value)
                        {
                            points.Add(point);
                        }
                    }
                }
            }
        }

        return points;
    }
}
