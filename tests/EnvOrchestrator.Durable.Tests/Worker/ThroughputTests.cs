using System.Diagnostics;
using EnvOrchestrator.Durable.InMemory;
using EnvOrchestrator.Testing.Durable;
using Xunit.Abstractions;

namespace EnvOrchestrator.Durable.Tests.Worker;

/// <summary>
/// Engine overhead on the in-memory backend (no storage latency): a floor well above the Azurite targets
/// (50 sequential steps/s, 300 fan-out activities/s) so the engine itself is never the bottleneck.
/// </summary>
public sealed class ThroughputTests(ITestOutputHelper output)
{
    [Fact(Timeout = 60_000)]
    public async Task Chain_200SequentialActivities_AtLeast50StepsPerSecond()
    {
        await using var h = new EngineHarness(new InMemoryOrchestrationBackend("perfchain"), null);
        await h.StartWorkerAsync();

        var watch = Stopwatch.StartNew();
        var result = await h.RunAsync("Chain", 200, TimeSpan.FromSeconds(50));
        var rate = 200 / watch.Elapsed.TotalSeconds;
        output.WriteLine($"chain of 200: {watch.Elapsed.TotalMilliseconds:F0} ms, {rate:F0} steps/s");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.True(rate >= 50, $"{rate:F0} steps/s");
    }

    [Fact(Timeout = 60_000)]
    public async Task FanOut_1000Activities_AtLeast300PerSecond()
    {
        await using var h = new EngineHarness(new InMemoryOrchestrationBackend("perffan"), null);
        await h.StartWorkerAsync();

        var watch = Stopwatch.StartNew();
        var result = await h.RunAsync("FanOut", 1000, TimeSpan.FromSeconds(50));
        var rate = 1000 / watch.Elapsed.TotalSeconds;
        output.WriteLine($"fan-out of 1000: {watch.Elapsed.TotalMilliseconds:F0} ms, {rate:F0} activities/s");

        Assert.Equal(1000 * 1001, result.ReadOutputAs<int>());
        Assert.True(rate >= 300, $"{rate:F0} activities/s");
    }
}
