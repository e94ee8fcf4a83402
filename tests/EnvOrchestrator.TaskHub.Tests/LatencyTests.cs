using System.Diagnostics;
using System.Globalization;
using EnvOrchestrator.TaskHub.Tests.Support;
using EnvOrchestrator.Testing;
using Microsoft.DurableTask.Client;
using Xunit.Abstractions;

namespace EnvOrchestrator.TaskHub.Tests;

/// <summary>
/// Measures, and prints, how long a one-activity orchestration takes from the start request to completion on an idle
/// hub, by queue polling interval and extended sessions. Asserts only that each run completes.
/// </summary>
[Collection(Measurements.Name)]
public sealed class LatencyTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private const int Runs = 5;

    /// <param name="clientElsewhere">
    /// The client on a runtime of its own, as in another service instance. In one runtime, the provider's queue
    /// poller resets its back-off when the same runtime sends to that queue, so polling barely matters there.
    /// </param>
    [Theory(Timeout = 60_000)]
    [InlineData(100, false, false)]
    [InlineData(100, true, false)]
    [InlineData(1000, false, false)]
    [InlineData(1000, true, false)]
    [InlineData(100, false, true)]
    [InlineData(1000, false, true)]
    [InlineData(1000, true, true)]
    public async Task OneActivity_IdleHub_MeasureStartToCompletion(int pollingMilliseconds, bool extendedSessions, bool clientElsewhere)
    {
        using var logs = new XunitLoggerProvider(output);
        var hub = AzuriteFixture.UniqueName("latency");
        void Configure(TaskHubOptions o)
        {
            o.MaxQueuePollingInterval = TimeSpan.FromMilliseconds(pollingMilliseconds);
            o.ExtendedSessionsEnabled = extendedSessions;
        }

        using var host = HubHost.Build(
            logs,
            azurite.ConnectionString,
            hub,
            Configure,
            r => r
                .AddOrchestratorFunc<int, int>("OneStep", (context, input) => context.CallActivityAsync<int>("Double", input))
                .AddActivityFunc<int, int>("Double", (_, input) => input * 2));
        using var clientHost = HubHost.Build(logs, azurite.ConnectionString, hub, Configure);
        await host.StartAsync();
        var client = (clientElsewhere ? clientHost : host).Client();

        // A warm-up run (first calls, JIT), not measured.
        await client.WaitForCompletionAsync(await client.ScheduleNewOrchestrationInstanceAsync("OneStep", 0), TimeSpan.FromSeconds(30));
        var seen = new List<TimeSpan>();
        var recorded = new List<TimeSpan>();
        for (var run = 0; run < Runs; run++)
        {
            // Idle long enough for the pollers to back off to their longest interval.
            await Task.Delay(pollingMilliseconds * 3 / 2);
            var clock = Stopwatch.StartNew();
            var id = await client.ScheduleNewOrchestrationInstanceAsync("OneStep", run);
            OrchestrationMetadata? done = null;
            while (done is null)
            {
                var state = await client.GetInstanceAsync(id, getInputsAndOutputs: true);
                done = state?.IsCompleted == true ? state : null;
                if (done is null)
                {
                    await Task.Delay(10);
                }

                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "a run took over 20 s");
            }

            seen.Add(clock.Elapsed);
            recorded.Add(done.LastUpdatedAt - done.CreatedAt);
            Assert.Equal(run * 2, done.ReadOutputAs<int>());
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"polling {pollingMilliseconds} ms, extended sessions {(extendedSessions ? "on" : "off")}, client {(clientElsewhere ? "in another runtime" : "in the worker's runtime")}: client saw {Describe(seen)}; instance created→completed {Describe(recorded)}"));
        await host.StopAsync();
    }

    private static string Describe(List<TimeSpan> times)
    {
        var ms = times.Select(t => t.TotalMilliseconds).Order().ToList();
        return string.Create(CultureInfo.InvariantCulture, $"median {ms[ms.Count / 2]:F0} ms, min {ms[0]:F0}, max {ms[^1]:F0} (n={ms.Count})");
    }
}
