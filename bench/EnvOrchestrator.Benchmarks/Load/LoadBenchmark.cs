using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using EnvOrchestrator.Azurite;
using EnvOrchestrator.Benchmarks.Service;
using Microsoft.Extensions.Logging.Abstractions;
using static EnvOrchestrator.Benchmarks.BenchArgs;

namespace EnvOrchestrator.Benchmarks.Load;

/// <summary>
/// Many environments at once against the real service (a child process on a fresh in-memory Azurite, its own catalog
/// in a temporary folder): <c>--environments</c> (50) environments of a 5-resource template (3 waves: 1 → 3 → 1,
/// <c>terraform_data</c> with <c>--delay</c> s of provisioning, default 1) are created at once while one client reads
/// <c>GET /api/projects/load/environments</c> back to back, which is also how completion is seen. Headlines:
/// <c>load.succeeded k/N</c> (Ready within <c>--timeout</c> s, default 900) and <c>load.api_p99_ms</c> (target &lt; 50).
/// Afterwards the same read is timed 200 times on the idle service (<c>load.api_idle_*</c>): the query's own cost.
/// Options: <c>--service PATH</c>, <c>--set Key=Value</c> (any service setting, repeatable), <c>--keep</c>.
/// </summary>
internal sealed class LoadBenchmark : IBenchmarkCommand
{
    private const string Project = "load";
    private const string Template = "load5";

    public string Name => "load";

    public string Description => "50 environments of 5 resources created at once against the real service while the list API is read (--environments N, --delay S)";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var count = Int(args, "--environments", 50);
        var delay = Int(args, "--delay", 1);
        var timeout = TimeSpan.FromSeconds(Int(args, "--timeout", 900));
        var assembly = ServiceUnderTest.FindAssembly(Text(args, "--service"));
        var overrides = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count - 1; i++)
        {
            if (args[i] == "--set" && args[i + 1].Split('=', 2) is [var key, var value])
            {
                overrides[key] = value;
            }
        }

        Print("load.load_average", LoadAverage());
        Print("load.service", $"{assembly} (built {File.GetLastWriteTimeUtc(assembly):yyyy-MM-dd HH:mm:ss} UTC)");
        Print("load.shape", string.Create(CultureInfo.InvariantCulture, $"environments={count} resources_each=5 waves=1-3-1 delay_seconds={delay}"));
        Print("load.service_settings", overrides.Count == 0 ? "service defaults" : string.Join(' ', overrides.Select(o => $"{o.Key}={o.Value}")));

        var root = Directory.CreateTempSubdirectory("envorch-bench-load-").FullName;
        var catalog = Path.Combine(root, "catalog");
        WriteCatalog(catalog);
        overrides["EnvOrchestrator:CatalogPath"] = catalog;
        await using var azurite = await AzuriteProcess.StartAsync(new AzuriteOptions { InMemory = true }, NullLogger.Instance, cancellationToken);
        var service = new ServiceUnderTest(assembly, root, azurite.ConnectionString, string.Create(CultureInfo.InvariantCulture, $"load{Environment.ProcessId}"), overrides);
        var ok = false;
        try
        {
            Print("load.service_start_s", (await service.StartAsync(TimeSpan.FromMinutes(2), cancellationToken)).TotalSeconds, "0.0");
            using var http = new HttpClient { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            await ListAsync(http, cancellationToken); // warm-up of the read path: not counted

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var latencies = new List<double>();
            var errors = 0;
            var ready = 0;
            var failed = 0;
            var clock = Stopwatch.StartNew();
            var reader = Task.Run(
                async () =>
                {
                    while (!stop.IsCancellationRequested && clock.Elapsed < timeout)
                    {
                        var started = Stopwatch.GetTimestamp();
                        try
                        {
                            var page = await ListAsync(http, stop.Token);
                            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                            if (page is null)
                            {
                                errors++;
                                continue;
                            }

                            var items = page.Value.GetProperty("items").EnumerateArray().ToList();
                            ready = items.Count(e => ServiceApi.IsSettledIn(e, "Ready"));
                            failed = items.Count(e => e.GetProperty("currentRunId").ValueKind == JsonValueKind.Null && ServiceApi.Status(e) is "Failed" or "Cancelled");
                            if (ready + failed >= count)
                            {
                                return;
                            }
                        }
                        catch (HttpRequestException)
                        {
                            errors++;
                        }
                        catch (TaskCanceledException) when (!stop.IsCancellationRequested)
                        {
                            errors++;
                        }
                    }
                },
                CancellationToken.None);

            var creates = await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
            {
                var started = Stopwatch.GetTimestamp();
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/projects/{Project}/environments")
                {
                    Content = JsonContent.Create(new { name = string.Create(CultureInfo.InvariantCulture, $"load-{i:00}"), template = Template, inputs = new { delay_seconds = delay } }),
                };
                request.Headers.Add("X-EnvOrch-User", "bench");
                using var response = await http.SendAsync(request, cancellationToken);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (response.StatusCode != System.Net.HttpStatusCode.Accepted)
                {
                    Print($"load.create_refused.load-{i:00}", $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}".ReplaceLineEndings(" "));
                }

                return (Accepted: response.StatusCode == System.Net.HttpStatusCode.Accepted, Ms: elapsed);
            }));
            Print("load.creates_accepted", creates.Count(c => c.Accepted));
            Print("load.create_ms_median", Percentile([.. creates.Select(c => c.Ms)], 0.5), "0");
            Print("load.create_ms_max", creates.Max(c => c.Ms), "0");

            await reader;
            var elapsed = clock.Elapsed.TotalSeconds;
            var measured = latencies.ToArray();
            Print("load.all_settled_s", elapsed, "0.0");
            Print("load.failed", failed);
            Print("load.environments_per_minute", ready / elapsed * 60, "0.0");
            Print("load.resources_per_second", ready * 5 / elapsed, "0.00");
            Print("load.api_requests", measured.Length);
            Print("load.api_errors", errors);
            Print("load.api_p50_ms", Percentile(measured, 0.5), "0.0");
            Print("load.api_p90_ms", Percentile(measured, 0.9), "0.0");
            Print("load.api_max_ms", measured.Length == 0 ? 0 : measured.Max(), "0.0");

            // The same read once the work is done: what the query itself costs with all environments listed.
            var idle = new List<double>();
            for (var i = 0; i < 200; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await ListAsync(http, cancellationToken);
                idle.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            Print("load.api_idle_p50_ms", Percentile([.. idle], 0.5), "0.0");
            Print("load.api_idle_p99_ms", Percentile([.. idle], 0.99), "0.0");
            Print("load.succeeded", string.Create(CultureInfo.InvariantCulture, $"{ready}/{count}"));
            Print("load.api_p99_ms", Percentile(measured, 0.99), "0.0");
            ok = ready == count;
            return ok ? 0 : 1;
        }
        finally
        {
            await service.DisposeAsync();
            ServiceLeftovers.KillProcessesIn(service.WorkRoot);
            if (ok && !Flag(args, "--keep"))
            {
                try
                {
                    Directory.Delete(root, recursive: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Left to the OS's temp cleaning.
                }
            }
            else
            {
                Print("load.kept", $"{root} (service log: {service.LogPath})");
            }
        }
    }

    private static async Task<JsonElement?> ListAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri($"/api/projects/{Project}/environments", UriKind.Relative), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return document.RootElement.Clone();
    }

    private static double Percentile(double[] values, double p)
    {
        if (values.Length == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    /// <summary>One resource template (<c>terraform_data</c>, a sleep) and one environment template of 5 of them in 3 waves.</summary>
    private static void WriteCatalog(string root)
    {
        var step = Directory.CreateDirectory(Path.Combine(root, "resources", "load-step")).FullName;
        File.WriteAllText(Path.Combine(step, "main.tf"), """
            variable "name" {
              type = string
            }

            variable "upstream" {
              type    = string
              default = ""
            }

            variable "delay_seconds" {
              type    = number
              default = 0
            }

            resource "terraform_data" "step" {
              input = {
                name     = var.name
                upstream = var.upstream
              }

              provisioner "local-exec" {
                command     = "sleep \"$DELAY\""
                environment = { DELAY = var.delay_seconds }
              }
            }

            output "value" {
              value = "${var.name}:${terraform_data.step.id}"
            }

            """);
        File.WriteAllText(Path.Combine(step, "template.yaml"), """
            apiVersion: envorch.io/v1
            kind: ResourceTemplate
            metadata: { name: load-step, version: 1.0.0, description: One resource of the load benchmark }
            spec:
              module: .
              inputs:
                name: { type: string }
                upstream: { type: string, default: "" }
                delay_seconds: { type: number, default: 0, min: 0, max: 60 }
              outputs:
                value: { type: string }

            """);
        var environments = Directory.CreateDirectory(Path.Combine(root, "environments")).FullName;
        File.WriteAllText(Path.Combine(environments, "load5.yaml"), """
            apiVersion: envorch.io/v1
            kind: EnvironmentTemplate
            metadata: { name: load5, version: 1.0.0, description: 5 resources in 3 waves for the load benchmark }
            spec:
              inputs:
                delay_seconds: { type: number, default: 1, min: 0, max: 60 }
              sharedWith: ["*"]
              resources:
                - name: base
                  template: load-step@1.0.0
                  inputs: { name: base, delay_seconds: "${inputs.delay_seconds}" }
                - name: app
                  template: load-step@1.0.0
                  inputs: { name: app, upstream: "${resources.base.outputs.value}", delay_seconds: "${inputs.delay_seconds}" }
                - name: cache
                  template: load-step@1.0.0
                  inputs: { name: cache, upstream: "${resources.base.outputs.value}", delay_seconds: "${inputs.delay_seconds}" }
                - name: queue
                  template: load-step@1.0.0
                  inputs: { name: queue, upstream: "${resources.base.outputs.value}", delay_seconds: "${inputs.delay_seconds}" }
                - name: edge
                  template: load-step@1.0.0
                  inputs: { name: edge, upstream: "${resources.app.outputs.value}+${resources.cache.outputs.value}+${resources.queue.outputs.value}", delay_seconds: "${inputs.delay_seconds}" }

            """);
    }
}
