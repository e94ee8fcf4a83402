using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Testing.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EnvOrchestrator.Lifecycle.Tests.Sweep;

/// <summary>A run start that dies between its steps, then the sweep that finds and finishes or releases it.</summary>
public sealed class RunRecoveryTests(ITestOutputHelper output)
{
    private static readonly EnvironmentId Id = EnvironmentId.Parse("team-a", "crashed");

    [Fact(Timeout = 120_000)]
    public async Task Sweep_StartCrashedAfterRunRecorded_ResumesOrchestrationAndReachesReady()
    {
        await using var host = await StartAsync(CrashPoint.AfterRecord);
        var busy = await CreateCrashingAsync(host);

        var swept = await host.Services.GetRequiredService<IEnvironmentSweeper>().SweepOnceAsync(CancellationToken.None);
        var ready = await host.WaitSettledAsync(Id);
        var run = await host.Runs.FindAsync(Id, busy.CurrentRunId!, CancellationToken.None);
        var again = await host.Services.GetRequiredService<IEnvironmentSweeper>().SweepOnceAsync(CancellationToken.None);
        var left = await host.Services.GetRequiredService<IActiveRunIndex>().ListOlderThanAsync(DateTimeOffset.MaxValue, 10, after: null, CancellationToken.None);

        Assert.Equal(new SweepResult(DestroysStarted: 0, RunsResumed: 1, RunsReleased: 0), swept);
        Assert.Equal(EnvironmentStatus.Ready, ready.Status);
        Assert.Equal(RunStatus.Succeeded, run!.Status);
        Assert.Equal(new SweepResult(0, 0, 0), again);
        Assert.Empty(left);
    }

    [Fact(Timeout = 120_000)]
    public async Task Sweep_StartCrashedBeforeRunRecorded_FailsAsOrphanedAndReleases()
    {
        await using var host = await StartAsync(CrashPoint.BeforeRecord);
        await CreateCrashingAsync(host);

        var swept = await host.Services.GetRequiredService<IEnvironmentSweeper>().SweepOnceAsync(CancellationToken.None);
        var released = await host.Environments.FindAsync(Id, CancellationToken.None);
        var destroy = await host.Service.DestroyAsync(new EnvironmentCommand("team-a", "crashed", "alice"), CancellationToken.None);

        Assert.Equal(new SweepResult(DestroysStarted: 0, RunsResumed: 0, RunsReleased: 1), swept);
        Assert.Equal(EnvironmentStatus.Failed, released!.Status);
        Assert.Equal("Lifecycle.Orphaned", released.Failure?.ErrorType);
        Assert.Null(released.CurrentRunId);
        Assert.True(destroy.Succeeded, destroy.Problem?.Detail);
        Assert.Equal(EnvironmentStatus.Destroyed, (await host.WaitSettledAsync(Id)).Status);
    }

    [Fact(Timeout = 120_000)]
    public async Task Sweep_TwoSweepersAtOnce_ResumeTheRunOnce()
    {
        await using var host = await StartAsync(CrashPoint.AfterRecord);
        await CreateCrashingAsync(host);
        var sweeper = host.Services.GetRequiredService<IEnvironmentSweeper>();

        var swept = await Task.WhenAll(sweeper.SweepOnceAsync(CancellationToken.None), sweeper.SweepOnceAsync(CancellationToken.None));
        var ready = await host.WaitSettledAsync(Id);

        Assert.Equal(1, swept.Sum(s => s.RunsResumed));
        Assert.Equal(0, swept.Sum(s => s.RunsReleased));
        Assert.Equal(EnvironmentStatus.Ready, ready.Status);
        Assert.All(ready.Resources, r => Assert.Equal(1, r.ApplyCount));
    }

    private Task<LifecycleHost> StartAsync(CrashPoint point) =>
        LifecycleHost.StartAsync(output, services: s => s.AddSingleton<IRunStore>(new CrashingRunStore(point)));

    /// <summary>Creates the environment; the run start dies, leaving the environment busy with a run nothing drives.</summary>
    private static async Task<EnvironmentRecord> CreateCrashingAsync(LifecycleHost host)
    {
        await Assert.ThrowsAsync<IOException>(() => host.Service.CreateAsync(
            new CreateEnvironmentCommand("team-a", "crashed", "flaky-chain", TestInputs.Of(), null, "alice"), CancellationToken.None));
        var busy = await host.Environments.FindAsync(Id, CancellationToken.None);
        Assert.NotNull(busy?.CurrentRunId);
        Assert.Equal(EnvironmentStatus.Queued, busy.Status);
        return busy;
    }
}
