using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Quotas;
using EnvOrchestrator.Lifecycle.Admission;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.Tests.UseCases;
using EnvOrchestrator.Lifecycle.UseCases.Create;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static EnvOrchestrator.Lifecycle.Tests.UseCases.Refusals;

namespace EnvOrchestrator.Lifecycle.Tests.Admission;

/// <summary>Environment quotas per project and per user, through the create use case (ADR 0011).</summary>
public sealed class EnvironmentQuotaTests(ITestOutputHelper output)
{
    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_ProjectQuotaFull_RefusedAndNothingStored()
    {
        await using var services = await CreateAsync(o => o.Quotas.EnvironmentsPerProject = 2);

        await AssertCreatedAsync(services, "web-1");
        await AssertCreatedAsync(services, "web-2");
        var third = await HandleAsync(services, Command("web-3"));

        var problem = AssertRefused(third, ProblemCodes.RuleViolated, "name", "quota.project-environments");
        Assert.Contains("Lifecycle:Quotas", problem.Detail, StringComparison.Ordinal);
        Assert.Null(await services.Environments.FindAsync(EnvironmentId.Parse("team-a", "web-3"), CancellationToken.None));
    }

    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_UserQuotaFull_RefusedForThatUserOnly()
    {
        await using var services = await CreateAsync(o => o.Quotas.EnvironmentsPerUser = 1);

        await AssertCreatedAsync(services, "web-1");
        var second = await HandleAsync(services, Command("web-2"));
        var other = await HandleAsync(services, Command("web-3") with { RequestedBy = "bob" });

        AssertRefused(second, ProblemCodes.RuleViolated, "name", "quota.user-environments");
        Assert.True(other.Succeeded, other.Problem?.Detail);
    }

    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_ProjectOverride_ReplacesTheOrganisationQuota()
    {
        await using var services = await CreateAsync(o =>
        {
            o.Quotas.EnvironmentsPerProject = 1;
            o.Projects["team-a"] = new ProjectLimitOptions { Quotas = new QuotaOptions { EnvironmentsPerProject = 3 } };
        });

        await AssertCreatedAsync(services, "web-1");
        await AssertCreatedAsync(services, "web-2");
        await AssertCreatedAsync(services, "web-3");
        var fourth = await HandleAsync(services, Command("web-4"));
        var otherProject = await HandleAsync(services, Command("web-1", project: "team-b"));
        var otherProjectSecond = await HandleAsync(services, Command("web-2", project: "team-b"));

        var problem = AssertRefused(fourth, ProblemCodes.RuleViolated, "name", "quota.project-environments");
        Assert.Contains("Lifecycle:Projects", problem.Detail, StringComparison.Ordinal);
        Assert.True(otherProject.Succeeded, otherProject.Problem?.Detail);
        AssertRefused(otherProjectSecond, ProblemCodes.RuleViolated, "name", "quota.project-environments");
    }

    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_SlotOfADestroyedEnvironment_GivenBackOnlyAfterTheGrace()
    {
        await using var services = await CreateAsync(o => o.Quotas.EnvironmentsPerProject = 1);
        await AssertCreatedAsync(services, "web-1");
        await DestroyAsync(services, "web-1");

        var tooSoon = await HandleAsync(services, Command("web-2"));
        services.Time.Advance(TimeSpan.FromMinutes(6));
        var afterGrace = await HandleAsync(services, Command("web-2"));

        AssertRefused(tooSoon, ProblemCodes.RuleViolated, "name", "quota.project-environments");
        Assert.True(afterGrace.Succeeded, afterGrace.Problem?.Detail);
        var record = await services.Get<IProjectQuotaStore>().FindAsync(ProjectName.Parse("team-a"), CancellationToken.None);
        Assert.Equal(["web-2"], record!.Claims.Select(c => c.Name.Value));
    }

    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_SlotOfACreateThatDiedBeforeStoring_GivenBackAfterTheGrace()
    {
        await using var services = await CreateAsync(o => o.Quotas.EnvironmentsPerProject = 1);
        var quotas = services.Get<EnvironmentQuotas>();
        Assert.Null(await quotas.ClaimAsync(EnvironmentId.Parse("team-a", "ghost"), "alice", CancellationToken.None));

        services.Time.Advance(TimeSpan.FromMinutes(6));
        var result = await HandleAsync(services, Command("web-1"));

        Assert.True(result.Succeeded, result.Problem?.Detail);
    }

    [Fact(Timeout = 10_000)]
    public async Task ClaimAsync_SameNameTwice_HoldsOneSlot()
    {
        await using var services = await CreateAsync(o => o.Quotas.EnvironmentsPerProject = 1);
        var quotas = services.Get<EnvironmentQuotas>();
        var id = EnvironmentId.Parse("team-a", "web-1");

        var first = await quotas.ClaimAsync(id, "alice", CancellationToken.None);
        var again = await quotas.ClaimAsync(id, "alice", CancellationToken.None);
        var other = await quotas.ClaimAsync(EnvironmentId.Parse("team-a", "web-2"), "alice", CancellationToken.None);

        Assert.Null(first);
        Assert.Null(again);
        Assert.Equal("quota.project-environments", other?.Rule);
    }

    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_RecreateOfADestroyedName_KeepsItsOneSlot()
    {
        await using var services = await CreateAsync(o => o.Quotas.EnvironmentsPerProject = 1);
        await HoldDestroyedAsync(services, "web-1", "alice");

        var recreated = await HandleAsync(services, Command("web-1"));
        var other = await HandleAsync(services, Command("web-2"));

        Assert.True(recreated.Succeeded, recreated.Problem?.Detail);
        AssertRefused(other, ProblemCodes.RuleViolated, "name", "quota.project-environments");
        var record = await services.Get<IProjectQuotaStore>().FindAsync(ProjectName.Parse("team-a"), CancellationToken.None);
        Assert.Equal(["web-1"], record!.Claims.Select(c => c.Name.Value));
    }

    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_NameHeldByAnotherUsersLiveEnvironment_SlotStaysWithItsCreator()
    {
        await using var services = await CreateAsync(o => o.Quotas.EnvironmentsPerUser = 1);
        await AssertCreatedAsync(services, "web-1");

        var taken = await HandleAsync(services, Command("web-1") with { RequestedBy = "bob" });
        var bobsOwn = await HandleAsync(services, Command("web-2") with { RequestedBy = "bob" });
        var alicesSecond = await HandleAsync(services, Command("web-3"));

        AssertRefused(taken, ProblemCodes.Conflict, "name", "environment.exists");
        Assert.True(bobsOwn.Succeeded, bobsOwn.Problem?.Detail);
        AssertRefused(alicesSecond, ProblemCodes.RuleViolated, "name", "quota.user-environments");
    }

    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_RecreateOfAnotherUsersDestroyedName_CountsAgainstTheNewOwner()
    {
        await using var services = await CreateAsync(o => o.Quotas.EnvironmentsPerUser = 1);
        await HoldDestroyedAsync(services, "web-1", "alice");
        var bobsOwn = await HandleAsync(services, Command("web-2") with { RequestedBy = "bob" });

        var bobTakesOver = await HandleAsync(services, Command("web-1") with { RequestedBy = "bob" });
        var aliceAgain = await HandleAsync(services, Command("web-1"));

        Assert.True(bobsOwn.Succeeded, bobsOwn.Problem?.Detail);
        AssertRefused(bobTakesOver, ProblemCodes.RuleViolated, "name", "quota.user-environments");
        Assert.True(aliceAgain.Succeeded, aliceAgain.Problem?.Detail);
    }

    [Fact(Timeout = 20_000)]
    public async Task HandleAsync_CreatesRacingForTheLastSlot_ExactlyOneWins()
    {
        await using var services = await CreateAsync(o => o.Quotas.EnvironmentsPerProject = 1);

        var results = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => Task.Run(() => HandleAsync(services, Command($"web-{i}")))));

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.StartsWith("quota.", r.Problem!.Rule ?? string.Empty, StringComparison.Ordinal));
        var stored = await services.Environments.ListAsync(ProjectName.Parse("team-a"), EnvironmentFilter.None, 50, null, CancellationToken.None);
        Assert.Single(stored.Items);
    }

    // Without a quota the record only fences the project-wide policy rules (the demo's maxEnvironmentsPerProject):
    // it holds the creates not yet seen stored, so it never grows with the project.
    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_NoQuotaConfigured_RecordKeepsOnlyClaimsNotSeenStored()
    {
        await using var services = await CreateAsync(_ => { });

        await AssertCreatedAsync(services, "web-1");
        await AssertCreatedAsync(services, "web-2");
        await AssertCreatedAsync(services, "web-3");

        var record = await services.Get<IProjectQuotaStore>().FindAsync(ProjectName.Parse("team-a"), CancellationToken.None);
        var claim = Assert.Single(record!.Claims);
        Assert.Equal("web-3", claim.Name.Value);
        Assert.NotNull(claim.Spend);
    }

    private static async Task AssertCreatedAsync(UseCaseServices services, string name)
    {
        var result = await HandleAsync(services, Command(name));
        Assert.True(result.Succeeded, result.Problem?.Detail);
    }

    private static async Task DestroyAsync(UseCaseServices services, string name)
    {
        var environment = (await services.Environments.FindAsync(EnvironmentId.Parse("team-a", name), CancellationToken.None))!;
        var saved = await services.Environments.SaveAsync(environment with { Status = EnvironmentStatus.Destroyed, CurrentRunId = null }, environment.Version!, CancellationToken.None);
        Assert.True(saved.Succeeded);
    }

    // A slot taken by an earlier create whose environment (without runs, so a re-create need not purge any) is destroyed.
    private static async Task HoldDestroyedAsync(UseCaseServices services, string name, string owner)
    {
        Assert.Null(await services.Get<EnvironmentQuotas>().ClaimAsync(EnvironmentId.Parse("team-a", name), owner, CancellationToken.None));
        await services.SeedAsync("team-a", name, EnvironmentStatus.Destroyed);
    }

    private Task<UseCaseServices> CreateAsync(Action<EnvironmentLifecycleOptions> limits) =>
        UseCaseServices.CreateAsync(output, s => s.Configure(limits));

    private static CreateEnvironmentCommand Command(string name, string project = "team-a") =>
        new(project, name, "short-lived", TestInputs.Of(), Ttl: null, "alice");

    private static Task<LifecycleResult<OperationAccepted>> HandleAsync(UseCaseServices services, CreateEnvironmentCommand command) =>
        services.Get<CreateEnvironmentHandler>().HandleAsync(command, CancellationToken.None);
}
