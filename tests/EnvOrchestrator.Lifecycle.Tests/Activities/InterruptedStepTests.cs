using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.Runs;
using EnvOrchestrator.StateBackend.Storage;
using EnvOrchestrator.Testing.Lifecycle;
using Xunit.Abstractions;

namespace EnvOrchestrator.Lifecycle.Tests.Activities;

/// <summary>
/// An earlier attempt of a step died mid-way: its resource is still marked active and the Terraform it ran still
/// holds the state lock. The next attempt releases that lock server-side instead of failing on it.
/// </summary>
public sealed class InterruptedStepTests(ITestOutputHelper output)
{
    private const string DeadLock = "dead-terraform-lock";

    [Fact(Timeout = 150_000)]
    public async Task Retry_ApplyInterruptedEarlierWithLockHeld_ReleasesLockAndReachesReady()
    {
        await using var host = await LifecycleHost.StartAsync(output);
        var id = EnvironmentId.Parse("team-a", "killed-apply");
        var failFile = Path.Combine(host.WorkRoot, "fail-left");
        await File.WriteAllTextAsync(failFile, "fail");
        var created = await host.Service.CreateAsync(
            new CreateEnvironmentCommand("team-a", "killed-apply", "flaky-chain", TestInputs.Of(("fail_file", failFile)), null, "alice"), CancellationToken.None);
        Assert.True(created.Succeeded, created.Problem?.Detail);
        Assert.Equal(EnvironmentStatus.Failed, (await host.WaitSettledAsync(id, TimeSpan.FromSeconds(90))).Status);
        File.Delete(failFile);
        await InterruptAsync(host, id, "left", ResourceStatus.Planning, ResourceStatus.Applying);

        var retry = await host.Service.RetryAsync(new EnvironmentCommand("team-a", "killed-apply", "alice"), CancellationToken.None);
        Assert.True(retry.Succeeded, retry.Problem?.Detail);
        var ready = await host.WaitSettledAsync(id, TimeSpan.FromSeconds(90));

        Assert.Equal(EnvironmentStatus.Ready, ready.Status);
        Assert.Null(await host.StateStore.GetLockAsync(StateAddresses.For(id, "left"), CancellationToken.None));
        var run = await host.Runs.FindAsync(id, RunId.Parse(retry.Value.Run.Id), CancellationToken.None);
        Assert.Contains(run!.Steps, s => s is { Resource: "left", Action: StepAction.Apply, Attempt: 1, Status: StepStatus.Succeeded });
    }

    [Fact(Timeout = 150_000)]
    public async Task Destroy_DestroyInterruptedEarlierWithLockHeld_ReleasesLockAndDestroys()
    {
        await using var host = await LifecycleHost.StartAsync(output);
        var id = EnvironmentId.Parse("team-a", "killed-destroy");
        var created = await host.Service.CreateAsync(
            new CreateEnvironmentCommand("team-a", "killed-destroy", "flaky-chain", TestInputs.Of(), null, "alice"), CancellationToken.None);
        Assert.True(created.Succeeded, created.Problem?.Detail);
        Assert.Equal(EnvironmentStatus.Ready, (await host.WaitSettledAsync(id, TimeSpan.FromSeconds(90))).Status);
        await InterruptAsync(host, id, "tail", ResourceStatus.Destroying);

        var destroy = await host.Service.DestroyAsync(new EnvironmentCommand("team-a", "killed-destroy", "alice"), CancellationToken.None);
        Assert.True(destroy.Succeeded, destroy.Problem?.Detail);
        var destroyed = await host.WaitSettledAsync(id, TimeSpan.FromSeconds(90));

        Assert.Equal(EnvironmentStatus.Destroyed, destroyed.Status);
        Assert.All(destroyed.Resources, r => Assert.Equal(ResourceStatus.Destroyed, r.Status));
        var run = await host.Runs.FindAsync(id, RunId.Parse(destroy.Value.Run.Id), CancellationToken.None);
        Assert.Contains(run!.Steps, s => s is { Resource: "tail", Action: StepAction.Destroy, Attempt: 1, Status: StepStatus.Succeeded });
    }

    [Fact(Timeout = 150_000)]
    public async Task Destroy_InterruptedAttemptStillStoppingReleasesItsLock_LockNotTakenAwayAndDestroys()
    {
        await using var host = await LifecycleHost.StartAsync(output, o => o.InterruptedLockWait = TimeSpan.FromMinutes(2));
        var id = EnvironmentId.Parse("team-a", "slow-stop");
        var created = await host.Service.CreateAsync(
            new CreateEnvironmentCommand("team-a", "slow-stop", "flaky-chain", TestInputs.Of(), null, "alice"), CancellationToken.None);
        Assert.True(created.Succeeded, created.Problem?.Detail);
        Assert.Equal(EnvironmentStatus.Ready, (await host.WaitSettledAsync(id, TimeSpan.FromSeconds(90))).Status);
        await InterruptAsync(host, id, "tail", ResourceStatus.Destroying);

        var destroy = await host.Service.DestroyAsync(new EnvironmentCommand("team-a", "slow-stop", "alice"), CancellationToken.None);
        Assert.True(destroy.Succeeded, destroy.Problem?.Detail);

        // The step taking over waits for the lock instead of breaking it; the earlier attempt then unlocks by its id.
        // The 3 s window counts from the step's start: on a loaded box the step may not even run within 3 s of the request.
        await WaitForRunningStepAsync(host, id, RunId.Parse(destroy.Value.Run.Id), "tail");
        await Task.Delay(TimeSpan.FromSeconds(3));
        var stillHeld = await host.StateStore.GetLockAsync(StateAddresses.For(id, "tail"), CancellationToken.None);
        var unlocked = await host.StateStore.UnlockAsync(StateAddresses.For(id, "tail"), DeadLock, CancellationToken.None);
        var destroyed = await host.WaitSettledAsync(id, TimeSpan.FromSeconds(90));

        Assert.Equal(DeadLock, stillHeld?.Id);
        Assert.Equal(UnlockOutcome.Released, unlocked.Outcome);
        Assert.Equal(EnvironmentStatus.Destroyed, destroyed.Status);
        var run = await host.Runs.FindAsync(id, RunId.Parse(destroy.Value.Run.Id), CancellationToken.None);
        Assert.Contains(run!.Steps, s => s is { Resource: "tail", Action: StepAction.Destroy, Attempt: 1, Status: StepStatus.Succeeded });
    }

    private static async Task WaitForRunningStepAsync(LifecycleHost host, EnvironmentId id, RunId runId, string resource)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await host.Runs.FindAsync(id, runId, cts.Token))?.Steps.Any(s => s.Resource == resource && s.Status == StepStatus.Running) != true)
        {
            await Task.Delay(100, cts.Token);
        }
    }

    /// <summary>What a killed process leaves: the resource still marked active and its state locked by a Terraform that is gone.</summary>
    private static async Task InterruptAsync(LifecycleHost host, EnvironmentId id, string resource, params ResourceStatus[] statuses)
    {
        var environment = (await host.Environments.FindAsync(id, CancellationToken.None))!;
        var changed = environment;
        foreach (var status in statuses)
        {
            changed = changed.TransitionResource(resource, status, DateTimeOffset.UtcNow).Value!;
        }

        Assert.True((await host.Environments.SaveAsync(changed, environment.Version!, CancellationToken.None)).Succeeded);
        var locked = await host.StateStore.TryLockAsync(
            StateAddresses.For(id, resource), new TerraformStateLock(DeadLock, $$"""{"ID":"{{DeadLock}}","Operation":"OperationTypeApply"}""", DateTimeOffset.UtcNow), CancellationToken.None);
        Assert.Equal(LockOutcome.Acquired, locked.Outcome);
    }
}
