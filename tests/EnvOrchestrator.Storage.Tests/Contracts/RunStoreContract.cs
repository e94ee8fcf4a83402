using System.Collections.Immutable;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Policies;
using static EnvOrchestrator.Storage.Tests.TestData;

namespace EnvOrchestrator.Storage.Tests.Contracts;

/// <summary>What every <see cref="IRunStore"/> must do; derived once per implementation.</summary>
public abstract class RunStoreContract : StoreContract
{
    private IRunStore Store => Stores.Runs;

    [Fact(Timeout = Timeout)]
    public async Task FindAsync_Missing_ReturnsNull()
    {
        var found = await Store.FindAsync(Id("dev-1"), RunId.New(Now, "00000001"), CancellationToken.None);

        Assert.Null(found);
    }

    [Fact(Timeout = Timeout)]
    public async Task CreateAsync_RunWithSteps_RoundTripsExactly()
    {
        var failure = new FailureDetails("Terraform.Timeout", "apply timed out", null, IsTransient: true);
        var run = Run(Id("dev-1"), Now) with
        {
            Kind = RunKind.Retry,
            Status = RunStatus.Failed,
            StartedAt = Now.AddSeconds(1),
            CompletedAt = Now.AddMinutes(9).AddTicks(7),
            Failure = failure,
            Steps =
            [
                new RunStep { Resource = "network", Action = StepAction.Plan, Status = StepStatus.Succeeded, StartedAt = Now, CompletedAt = Now.AddSeconds(20) },
                new RunStep { Resource = "cache", Action = StepAction.Apply, Status = StepStatus.Failed, Attempt = 2, StartedAt = Now, Failure = failure },
            ],
        };

        var created = await Store.CreateAsync(run, CancellationToken.None);
        var found = await Store.FindAsync(run.Environment, run.Id, CancellationToken.None);

        Assert.True(created.Succeeded);
        Assert.NotNull(found);
        Assert.Equal(created.Value!.Version, found.Version);
        Assert.Equal(run with { Steps = found.Steps, PolicyResults = found.PolicyResults, Version = found.Version }, found);
        Assert.Equal<RunStep>(run.Steps, found.Steps);
        Assert.Empty(found.PolicyResults);
        Assert.Equal("cache.apply.2", found.Steps[1].LogName);
    }

    [Fact(Timeout = Timeout)]
    public async Task SaveAsync_PolicyResults_RoundTripInOrder()
    {
        var created = await Store.CreateAsync(
            Run(Id("dev-1"), Now) with { PolicyResults = [new PolicyResult("cost", "maxTtl", PolicyEnforcement.Advisory, null, "Policy 'cost' limits the TTL to 2h; the environment would live 3h.")] },
            CancellationToken.None);
        PolicyResult[] expected =
        [
            created.Value!.PolicyResults[0],
            new PolicyResult("tags", "requireTags", PolicyEnforcement.Mandatory, "network", "Policy 'tags' requires tags on terraform_data.ns[\"a\"]; missing or empty: owner, cöst-center."),
        ];

        var saved = await Store.SaveAsync(created.Value.WithPolicyResults(expected), created.Value.Version!, CancellationToken.None);
        var found = await Store.FindAsync(created.Value.Environment, created.Value.Id, CancellationToken.None);

        Assert.True(saved.Succeeded);
        Assert.Equal(expected, found!.PolicyResults);
    }

    [Fact(Timeout = Timeout)]
    public async Task CreateAsync_PolicyOverride_RoundTripsWithWhoAndWhy()
    {
        var policyOverride = new PolicyOverride("pat (via portal-bot)", "incident 4711:\n“owner” tag comes later", Now.AddTicks(3));

        var created = await Store.CreateAsync(Run(Id("dev-1"), Now) with { Override = policyOverride }, CancellationToken.None);
        var found = await Store.FindAsync(created.Value!.Environment, created.Value.Id, CancellationToken.None);

        Assert.Equal(policyOverride, found!.Override);
        var plain = await Store.CreateAsync(Run(Id("dev-2"), Now.AddSeconds(1)), CancellationToken.None);
        Assert.Null((await Store.FindAsync(plain.Value!.Environment, plain.Value.Id, CancellationToken.None))!.Override);
    }

    [Fact(Timeout = Timeout)]
    public async Task SaveAsync_CancelRequest_RoundTripsAndIsAbsentUntilAsked()
    {
        var created = await Store.CreateAsync(Run(Id("dev-1"), Now), CancellationToken.None);
        var request = new RunCancelRequest("carol (via chat-bot)", Now.AddSeconds(7));

        var saved = await Store.SaveAsync(created.Value! with { CancelRequest = request }, created.Value.Version!, CancellationToken.None);
        var found = await Store.FindAsync(created.Value.Environment, created.Value.Id, CancellationToken.None);

        Assert.Null(created.Value.CancelRequest);
        Assert.True(saved.Succeeded);
        Assert.Equal(request, found!.CancelRequest);
    }

    [Fact(Timeout = Timeout)]
    public async Task SaveAsync_PolicyResultsBeyondOneTableProperty_RoundTrip()
    {
        var created = await Store.CreateAsync(Run(Id("dev-1"), Now), CancellationToken.None);
        var many = Enumerable.Range(0, 400)
            .Select(i => new PolicyResult("tags", "requireTags", PolicyEnforcement.Advisory, "network", $"Policy 'tags' requires tags on module.m.terraform_data.resource_{i}; missing or empty: " + new string('x', 150)))
            .ToList();

        var saved = await Store.SaveAsync(created.Value!.WithPolicyResults(many), created.Value.Version!, CancellationToken.None);
        var found = await Store.FindAsync(created.Value.Environment, created.Value.Id, CancellationToken.None);

        Assert.True(saved.Succeeded);
        Assert.Equal(many, found!.PolicyResults);
    }

    [Fact(Timeout = Timeout)]
    public async Task CreateAsync_SameId_ReturnsAlreadyExists()
    {
        var run = Run(Id("dev-1"), Now);
        await Store.CreateAsync(run, CancellationToken.None);

        var again = await Store.CreateAsync(run with { Kind = RunKind.Destroy }, CancellationToken.None);

        Assert.Equal(StoreOutcome.AlreadyExists, again.Outcome);
    }

    [Fact(Timeout = Timeout)]
    public async Task SaveAsync_CurrentThenStaleVersion_SavesOnceThenConflicts()
    {
        var created = (await Store.CreateAsync(Run(Id("dev-1"), Now), CancellationToken.None)).Value!;
        var running = created with { Status = RunStatus.Running, StartedAt = Now };

        var saved = await Store.SaveAsync(running.WithStep(new RunStep { Resource = "network", Action = StepAction.Apply }), created.Version!, CancellationToken.None);
        var stale = await Store.SaveAsync(created with { Status = RunStatus.Cancelled }, created.Version!, CancellationToken.None);
        var found = await Store.FindAsync(created.Environment, created.Id, CancellationToken.None);

        Assert.True(saved.Succeeded);
        Assert.Equal(StoreOutcome.VersionConflict, stale.Outcome);
        Assert.Equal(RunStatus.Running, found!.Status);
        Assert.Single(found.Steps);
    }

    [Fact(Timeout = Timeout)]
    public async Task SaveAsync_Missing_ReturnsNotFound()
    {
        var result = await Store.SaveAsync(Run(Id("dev-1"), Now), "\"1\"", CancellationToken.None);

        Assert.Equal(StoreOutcome.NotFound, result.Outcome);
    }

    [Fact(Timeout = Timeout)]
    public async Task ListAsync_SeveralRuns_NewestFirstAcrossPages()
    {
        var environment = Id("dev-1");
        var times = new[] { Now.AddMinutes(5), Now, Now.AddHours(2), Now.AddMinutes(5).AddTicks(1) };
        foreach (var time in times)
        {
            await Store.CreateAsync(Run(environment, time), CancellationToken.None);
        }

        await Store.CreateAsync(Run(Id("dev-2"), Now.AddDays(1)), CancellationToken.None);

        var listed = new List<DateTimeOffset>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Store.ListAsync(environment, 3, token, CancellationToken.None);
            listed.AddRange(page.Items.Select(r => r.RequestedAt));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(times.OrderDescending(), listed);
        Assert.Equal(2, pages);
    }

    [Fact(Timeout = Timeout)]
    public async Task DeleteAsync_ListedRuns_RemovesOnlyThoseAndSkipsMissing()
    {
        var first = (await Store.CreateAsync(Run(Id("dev-1"), Now), CancellationToken.None)).Value!;
        var second = (await Store.CreateAsync(Run(Id("dev-1"), Now.AddMinutes(1)), CancellationToken.None)).Value!;
        var kept = (await Store.CreateAsync(Run(Id("dev-1"), Now.AddMinutes(2)), CancellationToken.None)).Value!;
        await Store.CreateAsync(Run(Id("dev-2"), Now), CancellationToken.None);
        var never = RunId.New(Now.AddHours(1), "0000000f");

        var removed = await Store.DeleteAsync(Id("dev-1"), [first.Id, second.Id, never], CancellationToken.None);
        var again = await Store.DeleteAsync(Id("dev-1"), [first.Id], CancellationToken.None);
        var left = await Store.ListAsync(Id("dev-1"), 10, null, CancellationToken.None);
        var other = await Store.ListAsync(Id("dev-2"), 10, null, CancellationToken.None);

        Assert.Equal(2, removed);
        Assert.Equal(0, again);
        Assert.Equal([kept.Id], left.Items.Select(r => r.Id));
        Assert.Single(other.Items);
    }

    [Fact(Timeout = Timeout)]
    public async Task DeleteAsync_MoreRunsThanOneTransactionHolds_RemovesAll()
    {
        var environment = Id("busy");
        var ids = new List<RunId>();
        for (var i = 0; i < 150; i++)
        {
            ids.Add((await Store.CreateAsync(Run(environment, Now.AddSeconds(i)), CancellationToken.None)).Value!.Id);
        }

        var removed = await Store.DeleteAsync(environment, ids, CancellationToken.None);
        var left = await Store.ListAsync(environment, 10, null, CancellationToken.None);

        Assert.Equal(150, removed);
        Assert.Empty(left.Items);
    }

    [Fact(Timeout = Timeout)]
    public async Task DeleteAsync_RunWithLargeBody_RemovesIt()
    {
        var steps = Enumerable.Range(0, 400).Select(i => new RunStep { Resource = "resource-" + i, Action = StepAction.Apply, Status = StepStatus.Succeeded }).ToImmutableArray();
        var run = (await Store.CreateAsync(Run(Id("big"), Now) with { Steps = steps }, CancellationToken.None)).Value!;

        var removed = await Store.DeleteAsync(run.Environment, [run.Id], CancellationToken.None);
        var found = await Store.FindAsync(run.Environment, run.Id, CancellationToken.None);

        Assert.Equal(1, removed);
        Assert.Null(found);
    }
}
