using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using EnvOrchestrator.Api.Security;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Testing;
using EnvOrchestrator.Testing.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Api.Tests.Security;

/// <summary>
/// A sensitive output planted by a real deploy (the demo cache's access key) is shown by the explicit reveal call and
/// nowhere else: not in any API answer, not in the service's log, not in notifications, not in orchestration history
/// or anything else in the storage emulator.
/// </summary>
public sealed class PlantedSecretTests
{
    [Fact(Timeout = 180_000)]
    public async Task SensitiveOutput_AfterDeploy_OnlyTheRevealCallShowsItInClear()
    {
        var log = new CapturingLoggerProvider();
        await using var host = await LifecycleHost.StartAsync(new LifecycleHostOptions
        {
            Services = services =>
            {
                services.AddEnvOrchestratorApi(o => o.LogPollInterval = TimeSpan.FromMilliseconds(200), s => s.Mode = SecurityMode.Development);
                services.AddLogging(b => b.AddProvider(log).SetMinimumLevel(LogLevel.Trace));
            },
            Map = (app, _) => app.MapEnvOrchestratorApi(),
        });
        using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add("X-EnvOrch-User", "dev");
        var project = "team-a";
        var name = "planted-" + Guid.NewGuid().ToString("N")[..8];
        using var created = await http.PostAsync($"/api/projects/{project}/environments", ApiHost.Json(new { name, template = "cache-only" }));
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var ready = await host.WaitSettledAsync(EnvironmentId.Parse(project, name), TimeSpan.FromSeconds(120));
        Assert.Equal(EnvironmentStatus.Ready, ready.Status);

        using var revealed = await http.PostAsync($"/api/projects/{project}/environments/{name}/outputs/reveal", null);
        Assert.Equal(HttpStatusCode.OK, revealed.StatusCode);
        Assert.Contains("no-store", revealed.Headers.CacheControl?.ToString() ?? string.Empty, StringComparison.Ordinal);
        var outputs = (await ApiHost.ReadJsonAsync(revealed)).GetProperty("resources").GetProperty("cache");
        var key = outputs.GetProperty("primary_key");
        Assert.True(key.GetProperty("sensitive").GetBoolean());
        var secret = key.GetProperty("value").GetString()!;
        Assert.Matches("^[0-9a-f]{64}$", secret);

        var places = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in new[]
                 {
                     $"/api/projects/{project}/environments/{name}",
                     $"/api/projects/{project}/environments",
                     $"/api/projects/{project}/environments/{name}/runs",
                     $"/api/projects/{project}/audit",
                 })
        {
            places[path] = await http.GetStringAsync(path);
        }

        var run = ready.CurrentRunId?.Value ?? (await host.Runs.ListAsync(ready.Id, 1, null, CancellationToken.None)).Items[0].Id.Value;
        places["run"] = await http.GetStringAsync($"/api/projects/{project}/environments/{name}/runs/{run}");
        places["run logs"] = await http.GetStringAsync($"/api/projects/{project}/environments/{name}/runs/{run}/logs");
        places["service log"] = log.Text;
        places["notifications"] = string.Join('\n', host.Notifications.Sent.Select(n => n.ToString()));
        places["storage emulator"] = await EverythingStoredAsync((await AzuriteFixture.SharedAsync()).ConnectionString);

        Assert.Contains("\"primary_key\":{\"value\":null,\"sensitive\":true", places[$"/api/projects/{project}/environments/{name}"], StringComparison.Ordinal);
        Assert.Contains("revealed in clear to dev", log.Text, StringComparison.Ordinal);
        Assert.Empty(places.Where(p => p.Value.Contains(secret, StringComparison.Ordinal)).Select(p => p.Key));
    }

    /// <summary>Every table entity and blob in the emulator (task hubs included) as text.</summary>
    private static async Task<string> EverythingStoredAsync(string connectionString)
    {
        var text = new StringBuilder();
        var tables = new TableServiceClient(connectionString);
        await foreach (var table in tables.QueryAsync())
        {
            await foreach (var entity in tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                foreach (var (_, value) in entity)
                {
                    text.Append(value switch { byte[] bytes => Encoding.UTF8.GetString(bytes), _ => value?.ToString() }).Append('\n');
                }
            }
        }

        var blobs = new BlobServiceClient(connectionString);
        await foreach (var container in blobs.GetBlobContainersAsync())
        {
            var client = blobs.GetBlobContainerClient(container.Name);
            await foreach (var blob in client.GetBlobsAsync())
            {
                var bytes = (await client.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToArray();
                text.Append(Encoding.UTF8.GetString(Gunzipped(bytes))).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>The task hub compresses large messages: look inside them too.</summary>
    private static byte[] Gunzipped(byte[] bytes)
    {
        if (bytes is not [0x1f, 0x8b, ..])
        {
            return bytes;
        }

        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        gzip.CopyTo(plain);
        return plain.ToArray();
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public string Text => string.Join('\n', _lines);

        public ILogger CreateLogger(string categoryName) => new Logger(_lines);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{formatter(state, exception)} {exception}");
        }
    }
}
