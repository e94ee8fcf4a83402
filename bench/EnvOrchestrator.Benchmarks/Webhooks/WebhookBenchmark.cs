using System.Collections.Concurrent;
using System.Diagnostics;
using EnvOrchestrator.Azurite;
using EnvOrchestrator.Core.Events;
using EnvOrchestrator.Core.Secrets;
using EnvOrchestrator.Core.Webhooks;
using EnvOrchestrator.Storage;
using EnvOrchestrator.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static EnvOrchestrator.Benchmarks.BenchArgs;

namespace EnvOrchestrator.Benchmarks.Webhooks;

/// <summary>
/// Webhook delivery on Azurite: N events (default 500) published to a project with one CloudEvents subscription, the
/// outbox written (publish rate), then the running sender delivers them to a receiver on loopback that answers 204.
/// Reports publish and delivery rates and the latency from publish to receipt (median, p95) at the sender's default
/// 1-second poll (<c>--poll-ms</c>).
/// </summary>
internal sealed class WebhookBenchmark : IBenchmarkCommand
{
    public string Name => "webhooks";

    public string Description => "webhook outbox and sender on Azurite: publish rate, delivery rate, publish-to-receipt latency (--events, default 500)";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var events = Int(args, "--events", 500);
        var pollMs = Int(args, "--poll-ms", 1000);
        Print("webhooks.load_average", LoadAverage());
        await using var azurite = await AzuriteProcess.StartAsync(new AzuriteOptions { InMemory = true }, NullLogger.Instance, cancellationToken);

        var received = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        await using var receiver = await StartReceiverAsync(received);
        var services = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<ISecretProtector, InMemorySecretProtector>()
            .AddEnvironmentStorage(o =>
            {
                o.ConnectionString = azurite.ConnectionString;
                o.TablePrefix = "bench";
            })
            .AddWebhooks(o =>
            {
                o.PollInterval = TimeSpan.FromMilliseconds(pollMs);
                o.Source = "https://envorch.example.com";
            });
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<EnvironmentStorageInitializer>().EnsureCreatedAsync(cancellationToken);
        var store = provider.GetRequiredService<IWebhookStore>();
        var project = Core.Environments.ProjectName.Parse("bench");
        await store.AddSubscriptionAsync(
            new WebhookSubscription("whbench", project, new Uri(receiver.Urls.First() + "/hook"), [], WebhookFormat.CloudEvents, WebhookSignature.NewSecret(), "bench", DateTimeOffset.UtcNow),
            cancellationToken);

        var sender = provider.GetRequiredService<WebhookSender>();
        await sender.StartAsync(cancellationToken);
        var outbox = provider.GetRequiredService<IEnvironmentEventSink>();
        var published = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var publish = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, events),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var id = $"run-{i}:ready";
                published[id] = Stopwatch.GetTimestamp();
                await outbox.PublishAsync(new EnvironmentEvent(id, EnvironmentEventType.Ready, "bench", $"env-{i}", DateTimeOffset.UtcNow, "Ready", $"run-{i}", "bench", null), ct);
            });
        publish.Stop();
        while (received.Count < events && publish.Elapsed < TimeSpan.FromMinutes(10))
        {
            await Task.Delay(50, cancellationToken);
        }

        var all = Stopwatch.GetElapsedTime(0, received.Values.Max()) - Stopwatch.GetElapsedTime(0, published.Values.Min());
        await sender.StopAsync(cancellationToken);
        var latencies = received.Select(r => Stopwatch.GetElapsedTime(published[r.Key], r.Value).TotalMilliseconds).Order().ToList();
        Print("webhooks.events", events);
        Print("webhooks.publish_per_s", events / publish.Elapsed.TotalSeconds);
        Print("webhooks.delivered", received.Count);
        Print("webhooks.delivered_per_s", received.Count / all.TotalSeconds);
        Print("webhooks.latency_ms_p95", latencies[(int)(latencies.Count * 0.95)]);
        Print("webhooks.latency_ms_median", latencies[latencies.Count / 2]);
        return received.Count == events ? 0 : 1;
    }

    private static async Task<WebApplication> StartReceiverAsync(ConcurrentDictionary<string, long> received)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/hook", (HttpContext context) =>
        {
            received.TryAdd(context.Request.Headers["webhook-id"].ToString(), Stopwatch.GetTimestamp());
            return Results.NoContent();
        });
        await app.StartAsync();
        return app;
    }
}
