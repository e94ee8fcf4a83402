using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.UseCases.Runs;
using Xunit.Abstractions;
using static EnvOrchestrator.Lifecycle.Tests.UseCases.Refusals;

namespace EnvOrchestrator.Lifecycle.Tests.UseCases.Runs;

/// <summary>The run queries on in-memory stores.</summary>
public sealed class RunQueriesTests(ITestOutputHelper output)
{
    [Fact(Timeout = 10_000)]
    public async Task ListAsync_PageSizeZero_Refused()
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        await services.SeedAsync("team-a", "web", EnvironmentStatus.Ready);

        var result = await services.Get<RunQueries>().ListAsync(new ListRunsQuery("team-a", "web") { PageSize = 0 }, CancellationToken.None);

        AssertRefused(result, ProblemCodes.InvalidRequest, "pageSize", "paging.page-size");
    }

    [Theory(Timeout = 10_000)]
    [InlineData("not-a-run-id", "invalid-request", "run.invalid-id")]
    [InlineData("20260105T0900000000000Z-1a2b3c4d", "not-found", "run.not-found")]
    public async Task GetAsync_NoSuchRun_RefusedOnTheRunField(string runId, string code, string rule)
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        await services.SeedAsync("team-a", "web", EnvironmentStatus.Ready);

        var result = await services.Get<RunQueries>().GetAsync(new RunQuery("team-a", "web", runId), CancellationToken.None);
        var logs = await services.Get<RunQueries>().ReadLogsAsync(new RunLogsQuery("team-a", "web", runId), CancellationToken.None);

        AssertRefused(result, code, "run", rule);
        AssertRefused(logs, code, "run", rule);
    }

    [Fact(Timeout = 10_000)]
    public async Task ListAsyncAndGetAsync_StoredRuns_NewestFirstAndEachByItsId()
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        var seeded = await services.SeedAsync("team-a", "web", EnvironmentStatus.Ready);
        var deploy = await services.SeedRunAsync(seeded, RunKind.Deploy);
        services.Time.Advance(TimeSpan.FromMinutes(1));
        var update = await services.SeedRunAsync(seeded, RunKind.Update);

        var list = await services.Get<RunQueries>().ListAsync(new ListRunsQuery("team-a", "web"), CancellationToken.None);
        var one = await services.Get<RunQueries>().GetAsync(new RunQuery("team-a", "web", deploy.Id.Value), CancellationToken.None);

        Assert.Equal([update.Id.Value, deploy.Id.Value], list.Value!.Items.Select(r => r.Id));
        Assert.Equal(RunKind.Deploy, one.Value!.Kind);
    }
}
