using System.Collections.Immutable;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.Retention;
using EnvOrchestrator.Testing.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EnvOrchestrator.Lifecycle.Tests.Retention;

/// <summary>Reusing a destroyed environment's name, purging it by hand and by retention, on real Terraform.</summary>
public sealed class PurgeTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(40);

    [Fact(Timeout = 150_000)]
    public async Task CreateAsync_OverDestroyedName_StartsFreshEnvironmentWithOnlyItsOwnRuns()
    {
        await using var host = await LifecycleHost.StartAsync(output);
        var id = EnvironmentId.Parse("team-a", "again");
        var first = await CreateAsync(host, "again");
        await host.WaitSettledAsync(id);
        var taken = await CreateAsync(host, "again", succeed: false);
        var destroy = await host.Service.DestroyAsync(new EnvironmentCommand("team-a", "again", "alice"), CancellationToken.None);
        Assert.True(destroy.Succeeded, destroy.Problem?.Detail);
        await host.WaitSettledAsync(id);
        var oldRuns = new[] { first.Value!.Run.Id, destroy.Value.Run.Id }.Select(RunId.Parse).ToList();
        var oldLog = (await host.Runs.FindAsync(id, oldRuns[0], CancellationToken.None))!.LogOf(0);

        var second = await CreateAsync(host, "again", requestedBy: "bob");
        var ready = await host.WaitSettledAsync(id);
        var runs = await host.Service.ListRunsAsync(new ListRunsQuery("team-a", "again"), CancellationToken.None);
        var oldRun = await host.Service.GetRunAsync(new RunQuery("team-a", "again", oldRuns[0].Value), CancellationToken.None);
        var newLogs = await host.Service.ReadRunLogsAsync(new RunLogsQuery("team-a", "again", second.Value!.Run.Id), CancellationToken.None);

        Assert.Equal(ProblemCodes.Conflict, taken.Problem!.Code);
        Assert.Equal(("name", "environment.exists"), (taken.Problem.Field, taken.Problem.Rule));
        Assert.Equal(EnvironmentStatus.Ready, ready.Status);
        Assert.Equal("bob", ready.CreatedBy);
        Assert.Equal([second.Value.Run.Id], runs.Value!.Items.Select(r => r.Id));
        Assert.Equal(ProblemCodes.NotFound, oldRun.Problem!.Code);
        Assert.Empty((await host.Services.GetRequiredService<IStepLogStore>().ReadAsync(oldLog, 0, CancellationToken.None)).Lines);
        Assert.NotEmpty(Assert.Single(newLogs.Value!.Steps).Lines);
    }

    [Fact(Timeout = 150_000)]
    public async Task CreateAsync_ConcurrentOverDestroyedName_ExactlyOneAccepted()
    {
        await using var host = await LifecycleHost.StartAsync(output);
        var id = EnvironmentId.Parse("team-a", "race");
        await SeedDestroyedAsync(host, id, DateTimeOffset.UtcNow, runs: 3);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => host.Service.CreateAsync(
            new CreateEnvironmentCommand("team-a", "race", "short-lived", TestInputs.Of(), Ttl, "user-" + i), CancellationToken.None))));
        var winner = Assert.Single(results, r => r.Succeeded);
        await host.WaitSettledAsync(id);
        var runs = await host.Runs.ListAsync(id, 10, null, CancellationToken.None);

        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal("environment.exists", r.Problem!.Rule));
        Assert.Equal([winner.Value!.Run.Id], runs.Items.Select(r => r.Id.Value));
    }

    [Fact(Timeout = 150_000)]
    public async Task CreateAsync_AfterReuseInterruptedMidway_Succeeds()
    {
        await using var host = await LifecycleHost.StartAsync(output);
        var id = EnvironmentId.Parse("team-a", "crashed");
        var leftover = await SeedDestroyedAsync(host, id, DateTimeOffset.UtcNow, runs: 3);
        await host.Runs.DeleteAsync(id, [leftover[0]], CancellationToken.None);

        var created = await CreateAsync(host, "crashed");
        await host.WaitSettledAsync(id);
        var runs = await host.Runs.ListAsync(id, 10, null, CancellationToken.None);

        Assert.Equal([created.Value!.Run.Id], runs.Items.Select(r => r.Id.Value));
    }

    [Fact(Timeout = 60_000)]
    public async Task ClaimNameAsync_DestroyedNameReusedByAnotherCallerWhileListing_LeavesTheWinnersRunsAlone()
    {
        await using var host = await LifecycleHost.StartAsync(output);
        var id = EnvironmentId.Parse("team-a", "fenced");
        await SeedDestroyedAsync(host, id, DateTimeOffset.UtcNow, runs: 2);
        var environments = host.Environments;
        var winnerRun = RunId.New(DateTimeOffset.UtcNow.AddMinutes(1));

        // Another caller wins the name after this one read the destroyed record, and starts its own run before this one lists.
        var runs = new InterleavingRunStore(host.Runs, async () =>
        {
            var destroyed = (await environments.FindAsync(id, CancellationToken.None))!;
            var fresh = await environments.SaveAsync(Record(id, DateTimeOffset.UtcNow) with { Status = EnvironmentStatus.Queued }, destroyed.Version!, CancellationToken.None);
            Assert.True(fresh.Succeeded);
            await host.Runs.CreateAsync(new RunRecord { Id = winnerRun, Environment = id, Kind = RunKind.Deploy, RequestedBy = "winner" }, CancellationToken.None);
        });
        var purger = ActivatorUtilities.CreateInstance<EnvironmentPurger>(host.Services, runs);

        var claimed = await purger.ClaimNameAsync(Record(id, DateTimeOffset.UtcNow), CancellationToken.None);
        var left = await host.Runs.ListAsync(id, 10, null, CancellationToken.None);

        Assert.Null(claimed);
        Assert.Contains(winnerRun, left.Items.Select(r => r.Id));
    }

    [Fact(Timeout = 60_000)]
    public async Task PurgeAsync_DestroyedReadyOrUnknown_RemovesOnlyTheDestroyedOne()
    {
        await using var host = await LifecycleHost.StartAsync(output);
        var gone = EnvironmentId.Parse("team-a", "gone");
        var runIds = await SeedDestroyedAsync(host, gone, DateTimeOffset.UtcNow, runs: 2);
        var readyId = EnvironmentId.Parse("team-a", "ready");
        var ready = (await host.Environments.CreateAsync(Record(readyId, DateTimeOffset.UtcNow) with { Status = EnvironmentStatus.Ready }, CancellationToken.None)).Value!;
        var logs = host.Services.GetRequiredService<IStepLogStore>();

        var purged = await host.Service.PurgeAsync(new EnvironmentCommand("team-a", "gone", "alice"), CancellationToken.None);
        var refused = await host.Service.PurgeAsync(new EnvironmentCommand("team-a", "ready", "alice"), CancellationToken.None);
        var unknown = await host.Service.PurgeAsync(new EnvironmentCommand("team-a", "never", "alice"), CancellationToken.None);

        Assert.True(purged.Succeeded, purged.Problem?.Detail);
        Assert.Null(await host.Environments.FindAsync(gone, CancellationToken.None));
        Assert.Empty((await host.Runs.ListAsync(gone, 10, null, CancellationToken.None)).Items);
        foreach (var run in runIds)
        {
            Assert.Empty((await logs.ReadAsync(new StepLogId(gone, run, "only.apply.1"), 0, CancellationToken.None)).Lines);
        }

        Assert.Equal((ProblemCodes.Conflict, "status", "environment.not-destroyed"), (refused.Problem!.Code, refused.Problem.Field, refused.Problem.Rule));
        Assert.Equal(ready.Version, (await host.Environments.FindAsync(readyId, CancellationToken.None))!.Version);
        Assert.Equal(ProblemCodes.NotFound, unknown.Problem!.Code);
    }

    [Fact(Timeout = 60_000)]
    public async Task PurgeExpiredAsync_DestroyedBeyondRetention_PurgesOnlyThose()
    {
        await using var host = await LifecycleHost.StartAsync(output, o => o.DestroyedRetention = TimeSpan.FromDays(30));
        var now = DateTimeOffset.UtcNow;
        await SeedDestroyedAsync(host, EnvironmentId.Parse("team-a", "old"), now.AddDays(-31), runs: 1);
        await SeedDestroyedAsync(host, EnvironmentId.Parse("team-b", "older"), now.AddDays(-90), runs: 2);
        await SeedDestroyedAsync(host, EnvironmentId.Parse("team-a", "recent"), now.AddDays(-29), runs: 1);
        await host.Environments.CreateAsync(Record(EnvironmentId.Parse("team-a", "live"), now.AddDays(-60)) with { Status = EnvironmentStatus.Ready }, CancellationToken.None);

        var result = await host.Services.GetRequiredService<EnvironmentPurger>().PurgeExpiredAsync(CancellationToken.None);
        var left = await host.Environments.ListAsync(ProjectName.Parse("team-a"), EnvironmentFilter.None, 10, null, CancellationToken.None);

        Assert.Equal(2, result.EnvironmentsPurged);
        Assert.Equal(["live", "recent"], left.Items.Select(e => e.Id.Name.Value));
        Assert.Null(await host.Environments.FindAsync(EnvironmentId.Parse("team-b", "older"), CancellationToken.None));
        Assert.Empty((await host.Runs.ListAsync(EnvironmentId.Parse("team-b", "older"), 10, null, CancellationToken.None)).Items);
    }

    [Fact(Timeout = 60_000)]
    public async Task SweepOnceAsync_DestroyedBeyondRetention_PurgedOnFirstPassThenNotBeforeTheInterval()
    {
        await using var host = await LifecycleHost.StartAsync(output, o => o.DestroyedRetention = TimeSpan.FromDays(1));
        var sweeper = host.Services.GetRequiredService<IEnvironmentSweeper>();
        var first = EnvironmentId.Parse("team-a", "gone");
        var second = EnvironmentId.Parse("team-a", "gone-too");
        await SeedDestroyedAsync(host, first, DateTimeOffset.UtcNow.AddDays(-2), runs: 1);

        var swept = await sweeper.SweepOnceAsync(CancellationToken.None);
        await SeedDestroyedAsync(host, second, DateTimeOffset.UtcNow.AddDays(-2), runs: 1);
        var again = await sweeper.SweepOnceAsync(CancellationToken.None);

        Assert.Equal(1, swept.EnvironmentsPurged);
        Assert.Null(await host.Environments.FindAsync(first, CancellationToken.None));
        Assert.Equal(0, again.EnvironmentsPurged);
        Assert.NotNull(await host.Environments.FindAsync(second, CancellationToken.None));
    }

    [Fact(Timeout = 60_000)]
    public async Task PurgeExpiredAsync_RetentionNull_KeepsEverything()
    {
        await using var host = await LifecycleHost.StartAsync(output, o => o.DestroyedRetention = null);
        var id = EnvironmentId.Parse("team-a", "ancient");
        await SeedDestroyedAsync(host, id, DateTimeOffset.UtcNow.AddYears(-2), runs: 1);

        var result = await host.Services.GetRequiredService<EnvironmentPurger>().PurgeExpiredAsync(CancellationToken.None);

        Assert.Equal(0, result.EnvironmentsPurged);
        Assert.NotNull(await host.Environments.FindAsync(id, CancellationToken.None));
    }

    private static async Task<LifecycleResult<OperationAccepted>> CreateAsync(LifecycleHost host, string name, bool succeed = true, string requestedBy = "alice")
    {
        var result = await host.Service.CreateAsync(new CreateEnvironmentCommand("team-a", name, "short-lived", TestInputs.Of(), Ttl, requestedBy), CancellationToken.None);
        Assert.True(result.Succeeded == succeed, result.Problem?.Detail ?? "accepted");
        return result;
    }

    private static EnvironmentRecord Record(EnvironmentId id, DateTimeOffset at) => EnvironmentRecord.Create(
        id,
        new TemplateReference("short-lived", VersionRange.Any),
        new SemVersion(1, 0, 0),
        ImmutableSortedDictionary.Create<string, Core.Values.Value>(StringComparer.Ordinal),
        [new ResourceRecord { Name = "only", Template = new TemplateReference("step", VersionRange.Any) }],
        "seed",
        at,
        expiresAt: null);

    /// <summary>A destroyed environment as a finished destroy leaves it: record, runs and a step log per run.</summary>
    private static async Task<List<RunId>> SeedDestroyedAsync(LifecycleHost host, EnvironmentId id, DateTimeOffset destroyedAt, int runs)
    {
        var logs = host.Services.GetRequiredService<IStepLogStore>();
        var created = (await host.Environments.CreateAsync(Record(id, destroyedAt.AddHours(-1)), CancellationToken.None)).Value!;
        var saved = await host.Environments.SaveAsync(created with { Status = EnvironmentStatus.Destroyed, UpdatedAt = destroyedAt }, created.Version!, CancellationToken.None);
        Assert.True(saved.Succeeded);
        var ids = new List<RunId>();
        for (var i = 0; i < runs; i++)
        {
            var run = RunId.New(destroyedAt.AddMinutes(-30 + i));
            await host.Runs.CreateAsync(new RunRecord { Id = run, Environment = id, Kind = RunKind.Deploy, RequestedBy = "seed" }, CancellationToken.None);
            await logs.AppendAsync(new StepLogId(id, run, "only.apply.1"), ["seeded line"], CancellationToken.None);
            ids.Add(run);
        }

        return ids;
    }

    /// <summary>Runs <paramref name="interleave"/> once, just before the first listing: between the caller's read of the record and its listing.</summary>
    private sealed class InterleavingRunStore(IRunStore inner, Func<Task> interleave) : IRunStore
    {
        private int _listed;

        public async Task<RecordPage<RunRecord>> ListAsync(EnvironmentId environment, int pageSize, string? continuationToken, CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref _listed, 1) == 0)
            {
                await interleave();
            }

            return await inner.ListAsync(environment, pageSize, continuationToken, cancellationToken);
        }

        public Task<StoreResult<RunRecord>> CreateAsync(RunRecord run, CancellationToken cancellationToken) => inner.CreateAsync(run, cancellationToken);

        public Task<StoreResult<RunRecord>> SaveAsync(RunRecord run, string expectedVersion, CancellationToken cancellationToken) => inner.SaveAsync(run, expectedVersion, cancellationToken);

        public Task<RunRecord?> FindAsync(EnvironmentId environment, RunId id, CancellationToken cancellationToken) => inner.FindAsync(environment, id, cancellationToken);

        public Task<int> DeleteAsync(EnvironmentId environment, IReadOnlyCollection<RunId> runs, CancellationToken cancellationToken) => inner.DeleteAsync(environment, runs, cancellationToken);
    }
}
