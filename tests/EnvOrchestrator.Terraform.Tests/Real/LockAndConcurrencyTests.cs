using System.Collections.Concurrent;
using EnvOrchestrator.Terraform.Tests.Support;
using Xunit.Abstractions;

namespace EnvOrchestrator.Terraform.Tests.Real;

[Collection(RealTerraformGroup.Name)]
public sealed class LockAndConcurrencyTests(ITestOutputHelper output)
{
    [Fact(Timeout = 120_000)]
    public async Task ApplyAsync_SecondRunOnSameState_WaitsForLockOrFailsLocked()
    {
        // Three runs at once: enough slots that the third meets the lock, not the concurrency limit. The first holds
        // the lock until the test opens its gate, after both others met the lock (no race with a fixed sleep).
        await using var context = await TerraformTestContext.StartAsync(output, o => o.MaxConcurrentRuns = 3);
        var (address, backend) = await context.Backend.NewStateAsync("contended");
        var gate = Path.Combine(Directory.CreateDirectory(context.WorkRoot).FullName, "gate");
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstSink = new RecordingSink(e =>
        {
            if (e is ProvisionerEvent { Stage: ProvisionerStage.Started })
            {
                holding.TrySetResult();
            }
        });
        TerraformRunRequest Request(TimeSpan lockTimeout) => new(TerraformTestContext.Module("gate"), context.Backend.HttpFor(address))
        {
            Inputs = new Dictionary<string, TerraformValue>
            {
                ["gate_file"] = TerraformValue.From(gate),
                ["marker"] = TerraformValue.From("same"),
            },
            LockTimeout = lockTimeout,
        };

        var first = context.Runner.ApplyAsync(Request(TimeSpan.FromSeconds(5)) with { Backend = backend }, firstSink, CancellationToken.None);
        TerraformRunResult impatient;
        Task<TerraformRunResult> waiter;
        try
        {
            await holding.Task.WaitAsync(TimeSpan.FromSeconds(60));
            waiter = context.Runner.ApplyAsync(Request(TimeSpan.FromSeconds(60)), NullTerraformEventSink.Instance, CancellationToken.None);
            impatient = await context.Runner.ApplyAsync(Request(TimeSpan.Zero), NullTerraformEventSink.Instance, CancellationToken.None);
            await WaitForAsync(() => context.Backend.Requests.Count(IsLockRefused) >= 2, TimeSpan.FromSeconds(60));
        }
        finally
        {
            await File.WriteAllTextAsync(gate, "open");
        }

        var results = await Task.WhenAll(first, waiter);

        Assert.Null(results[0].Failure);
        Assert.Equal(TerraformFailureKind.StateLocked, impatient.Failure?.Kind);
        Assert.Equal("plan", impatient.Failure!.Command);
        Assert.Contains("Lock Info", impatient.Failure.Detail, StringComparison.Ordinal);
        Assert.Null(results[1].Failure);
        var waitedPlan = results[1].Commands.Single(c => c.Command == "plan");
        output.WriteLine($"waiting plan took {waitedPlan.Elapsed.TotalMilliseconds:F0} ms");

        // Terraform retries a refused lock after a second at the earliest, and the waiter was refused once.
        Assert.True(waitedPlan.Elapsed > TimeSpan.FromSeconds(1), $"plan took {waitedPlan.Elapsed}");
    }

    [Fact(Timeout = 150_000)]
    public async Task ApplyAsync_EightConcurrentRuns_NoCrossTalkAndLimitHolds()
    {
        const int Limit = 3;
        await using var context = await TerraformTestContext.StartAsync(output, o => o.MaxConcurrentRuns = Limit);
        var intervals = new ConcurrentBag<(DateTimeOffset Start, DateTimeOffset End)>();
        var states = new List<(EnvOrchestrator.Core.TerraformState.TerraformStateAddress Address, TerraformHttpBackend Http)>();
        for (var i = 0; i < 8; i++)
        {
            states.Add(await context.Backend.NewStateAsync("item-" + i));
        }

        var runs = states.Select(async (state, i) =>
        {
            var sink = new RecordingSink();
            var result = await context.Runner.ApplyAsync(
                new TerraformRunRequest(TerraformTestContext.Module("simple"), state.Http)
                {
                    RunId = "run-" + i,
                    Inputs = new Dictionary<string, TerraformValue> { ["value"] = TerraformValue.From("value-" + i) },
                },
                sink,
                CancellationToken.None);
            intervals.Add((sink.Events.OfType<CommandStartedEvent>().Min(e => e.Timestamp), sink.Events.OfType<CommandFinishedEvent>().Max(e => e.Timestamp)));
            return result;
        }).ToList();
        var results = await Task.WhenAll(runs);

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Null(results[i].Failure);
            Assert.Equal("value-" + i, results[i].Outputs["value"].Value.GetString());
            var stored = await context.Backend.Backend.GetOutputsAsync(states[i].Address, CancellationToken.None);
            Assert.Equal("value-" + i, stored!["value"].Value.GetString());
        }

        var maxConcurrent = intervals.Max(a => intervals.Count(b => b.Start <= a.Start && a.Start < b.End));
        output.WriteLine($"max concurrent runs observed: {maxConcurrent}");
        Assert.InRange(maxConcurrent, 2, Limit);
    }

    private static bool IsLockRefused(string request) =>
        request.StartsWith("LOCK ", StringComparison.Ordinal) && request.EndsWith(" 423", StringComparison.Ordinal);

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!condition())
        {
            await Task.Delay(50, cts.Token);
        }
    }
}
