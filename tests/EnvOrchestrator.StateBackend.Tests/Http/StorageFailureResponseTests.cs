using System.Net;
using System.Text.Json;
using EnvOrchestrator.Azurite;
using EnvOrchestrator.Core.TerraformState;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace EnvOrchestrator.StateBackend.Tests.Http;

/// <summary>What Terraform gets when the storage account cannot be reached: a 503 it retries, with a one-line detail.</summary>
public sealed class StorageFailureResponseTests(ITestOutputHelper output)
{
    private static readonly TerraformStateAddress Address = TerraformStateAddress.Create("env-5", "app");

    [Fact(Timeout = 30_000)]
    public async Task LockAndPost_StorageRefusesConnections_Answer503WithRetryAfterAndConciseDetail()
    {
        // Nothing listens on a port just found free: every storage call is refused.
        var nowhere = new AzuriteEndpoints(LoopbackPorts.Free(), LoopbackPorts.Free(), LoopbackPorts.Free());
        var logs = new LogCapture();
        await using var host = await BackendHost.StartAsync(
            output,
            o =>
            {
                o.Store = TerraformStateStoreKind.Blob;
                o.BlobConnectionString = nowhere.ConnectionString;
            },
            services: s => s.AddSingleton<ILoggerProvider>(logs));
        var auth = BackendHost.Basic(host.Backend.IssueCredentials(Address, TimeSpan.FromHours(1)));
        var path = BackendHost.PathOf(Address);

        using var lockResponse = await host.SendAsync("LOCK", path, auth, """{"ID":"run-1"}""");
        using var postResponse = await host.SendAsync("POST", path + "?ID=run-1", auth, """{"version":4}""");

        foreach (var response in new[] { lockResponse, postResponse })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var detail = problem.RootElement.GetProperty("detail").GetString()!;
            Assert.StartsWith("State storage request failed: no answer: Connection refused", detail, StringComparison.Ordinal);
            Assert.DoesNotContain("Retry settings", detail, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', detail);
        }

        Assert.Equal(2, logs.Entries.Count(e => e.EventId == 4012 && e.Level == LogLevel.Warning));
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
    }
}
