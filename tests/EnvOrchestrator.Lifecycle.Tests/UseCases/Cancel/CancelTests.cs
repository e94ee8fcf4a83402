using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.TerraformState;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Testing.Lifecycle;
using Xunit.Abstractions;

namespace EnvOrchestrator.Lifecycle.Tests.UseCases.Cancel;

public sealed class CancelTests(ITestOutputHelper output)
{
    [Fact(Timeout = 150_000)]
    public async Task Cancel_DuringSlowResource_InterruptsTerraformReleasesLockAndCanStillDestroy()
    {
        await using var host = await LifecycleHost.StartAsync(output);
        var id = EnvironmentId.Parse("team-b", "slow");
        var created = await host.Service.CreateAsync(
            new CreateEnvironmentCommand("team-b", "slow", "flaky-chain", TestInputs.Of(("slow_seconds", 60)), null, "bob"), CancellationToken.None);
        Assert.True(created.Succeeded, created.Problem?.Detail);
        await host.WaitForAsync(id, e => e.FindResource("right")!.Status == ResourceStatus.Applying, TimeSpan.FromSeconds(60));

        // Applying is set before Terraform starts: cancel once its apply holds the state lock, so the cancel really
        // interrupts a running Terraform (a fixed second may not be enough on a loaded box).
        await WaitForLockAsync(host, TerraformStateAddress.Create("team-b", "slow.right"));

        var cancel = await host.Service.CancelAsync(new EnvironmentCommand("team-b", "slow", "bob"), CancellationToken.None);
        Assert.True(cancel.Succeeded, cancel.Problem?.Detail);
        var cancelled = await host.WaitSettledAsync(id, TimeSpan.FromSeconds(40));

        Assert.Equal(EnvironmentStatus.Cancelled, cancelled.Status);
        Assert.Equal(ResourceStatus.Cancelled, cancelled.FindResource("right")!.Status);
        Assert.Equal("Terraform.Cancelled", cancelled.FindResource("right")!.Failure?.ErrorType);
        var run = await host.Runs.FindAsync(id, RunId.Parse(created.Value.Run.Id), CancellationToken.None);
        Assert.Equal(RunStatus.Cancelled, run!.Status);
        Assert.Contains(run.Steps, s => s.Resource == "right" && s.Status == StepStatus.Cancelled);
        Assert.Null(await host.StateStore.GetLockAsync(TerraformStateAddress.Create("team-b", "slow.right"), CancellationToken.None));

        var destroy = await host.Service.DestroyAsync(new EnvironmentCommand("team-b", "slow", "bob"), CancellationToken.None);
        Assert.True(destroy.Succeeded, destroy.Problem?.Detail);
        var destroyed = await host.WaitSettledAsync(id, TimeSpan.FromSeconds(60));
        Assert.Equal(EnvironmentStatus.Destroyed, destroyed.Status);
        Assert.Empty(await host.StateStore.ListLocksAsync(CancellationToken.None));
    }

    [Fact(Timeout = 150_000)]
    public async Task Cancel_RightAfterCreate_AcceptedAndTheRunEndsCancelled()
    {
        await using var host = await LifecycleHost.StartAsync(output);
        var id = EnvironmentId.Parse("team-b", "hasty");
        var created = await host.Service.CreateAsync(
            new CreateEnvironmentCommand("team-b", "hasty", "flaky-chain", TestInputs.Of(("slow_seconds", 60)), null, "bob"), CancellationToken.None);
        Assert.True(created.Succeeded, created.Problem?.Detail);

        // No wait: the run's orchestration may still be pending, when an event raised to it would be discarded.
        var cancel = await host.Service.CancelAsync(new EnvironmentCommand("team-b", "hasty", "bob"), CancellationToken.None);
        Assert.True(cancel.Succeeded, cancel.Problem?.Detail);
        var cancelled = await host.WaitSettledAsync(id, TimeSpan.FromSeconds(50));

        Assert.Equal(EnvironmentStatus.Cancelled, cancelled.Status);
        Assert.NotEqual(ResourceStatus.Succeeded, cancelled.FindResource("right")!.Status);
        var run = await host.Runs.FindAsync(id, RunId.Parse(created.Value.Run.Id), CancellationToken.None);
        Assert.Equal(RunStatus.Cancelled, run!.Status);
    }

    private static async Task WaitForLockAsync(LifecycleHost host, TerraformStateAddress address)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await host.StateStore.GetLockAsync(address, cts.Token) is null)
        {
            await Task.Delay(100, cts.Token);
        }
    }
}
