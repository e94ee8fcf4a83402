using System.Diagnostics;
using EnvOrchestrator.Terraform.Execution;
using EnvOrchestrator.Terraform.Tests.Support;
using Xunit.Abstractions;

namespace EnvOrchestrator.Terraform.Tests.Real;

[Collection(RealTerraformGroup.Name)]
public sealed class CancellationTests(ITestOutputHelper output)
{
    [Fact(Timeout = 90_000)]
    public async Task ApplyAsync_CancelledDuringProvisioner_StopsWithinGraceUnlocksAndLeavesNoProcess()
    {
        const string SleepSeconds = "29.71";
        var grace = TimeSpan.FromSeconds(10);
        await using var context = await TerraformTestContext.StartAsync(output, o => o.GracePeriod = grace);
        var (address, backend) = await context.Backend.NewStateAsync("cancel");
        using var cancel = new CancellationTokenSource();
        var applyProcess = 0;
        var cancelledAt = Stopwatch.StartNew();
        var sink = new RecordingSink(e =>
        {
            if (e is CommandStartedEvent { Command: "apply" } started)
            {
                applyProcess = started.ProcessId;
            }

            if (e is ProvisionerEvent { Stage: ProvisionerStage.Started })
            {
                // Cancel once the provisioner's child really runs, so there is an orphan to reap.
                _ = Task.Run(async () =>
                {
                    await WaitForAsync(() => ProcessTable.LiveWithCommandLine("sleep " + SleepSeconds).Count > 0);
                    cancelledAt.Restart();
                    await cancel.CancelAsync();
                });
            }
        });

        var result = await context.Runner.ApplyAsync(
            new TerraformRunRequest(TerraformTestContext.Module("sleep"), backend)
            {
                Inputs = new Dictionary<string, TerraformValue> { ["sleep_seconds"] = TerraformValue.FromJson(SleepSeconds) },
            },
            sink,
            cancel.Token);
        var stoppedAfter = cancelledAt.Elapsed;

        output.WriteLine($"stopped {stoppedAfter.TotalMilliseconds:F0} ms after cancel");
        Assert.True(cancel.IsCancellationRequested);
        Assert.Equal(TerraformFailureKind.Cancelled, result.Failure?.Kind);
        Assert.False(result.Failure!.StateMayBeLocked);
        Assert.True(stoppedAfter < grace, $"stopped after {stoppedAfter}");
        Assert.Contains(context.Backend.Requests, r => r.StartsWith("UNLOCK ", StringComparison.Ordinal) && r.EndsWith(" 200", StringComparison.Ordinal));
        Assert.Null(await context.Backend.Backend.Store.GetLockAsync(address, CancellationToken.None));
        Assert.NotEqual(0, applyProcess);
        Assert.True(await ProcessTable.NoneAliveAsync(() => ProcessTable.LiveMembersOfGroup(applyProcess)));
        Assert.True(await ProcessTable.NoneAliveAsync(() => ProcessTable.LiveWithCommandLine("sleep " + SleepSeconds)));
    }

    [Fact(Timeout = 90_000)]
    public async Task ApplyAsync_HardKilled_LockHeldUntilReleasedServerSideThenNextRunSucceeds()
    {
        const string SleepSeconds = "28.93";
        await using var context = await TerraformTestContext.StartAsync(output);
        var (address, backend) = await context.Backend.NewStateAsync("hardkill");
        var applyProcess = 0;
        var sink = new RecordingSink(e =>
        {
            if (e is CommandStartedEvent { Command: "apply" } started)
            {
                applyProcess = started.ProcessId;
            }

            if (e is ProvisionerEvent { Stage: ProvisionerStage.Started })
            {
                _ = Task.Run(async () =>
                {
                    await WaitForAsync(() => ProcessTable.LiveWithCommandLine("sleep " + SleepSeconds).Count > 0);
                    ProcessSignals.KillGroup(applyProcess);
                });
            }
        });
        TerraformRunRequest Request(string seconds) => new(TerraformTestContext.Module("sleep"), context.Backend.HttpFor(address))
        {
            Inputs = new Dictionary<string, TerraformValue> { ["sleep_seconds"] = TerraformValue.FromJson(seconds) },
            LockTimeout = TimeSpan.Zero,
        };

        var killed = await context.Runner.ApplyAsync(Request(SleepSeconds) with { Backend = backend }, sink, CancellationToken.None);
        var heldLock = await context.Backend.Backend.Store.GetLockAsync(address, CancellationToken.None);
        var blocked = await context.Runner.ApplyAsync(Request("0"), NullTerraformEventSink.Instance, CancellationToken.None);
        var released = await context.Backend.Backend.ReleaseLockAsync(address, "terraform was killed", CancellationToken.None);
        var next = await context.Runner.ApplyAsync(Request("0"), NullTerraformEventSink.Instance, CancellationToken.None);

        Assert.Equal(TerraformFailureKind.Killed, killed.Failure?.Kind);
        Assert.True(killed.Failure!.StateMayBeLocked);
        Assert.NotNull(heldLock);
        Assert.Equal(TerraformFailureKind.StateLocked, blocked.Failure?.Kind);
        Assert.True(blocked.Failure!.IsTransient);
        Assert.Equal(heldLock.Id, released?.Id);
        Assert.Null(next.Failure);
        Assert.True(await ProcessTable.NoneAliveAsync(() => ProcessTable.LiveWithCommandLine("sleep " + SleepSeconds)));
    }

    /// <summary>Polls for up to 20 s (the sleeps last about 29 s); the test goes on either way.</summary>
    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 400 && !condition(); i++)
        {
            await Task.Delay(50);
        }
    }
}
