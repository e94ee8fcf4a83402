using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Environments.InMemory;
using EnvOrchestrator.Lifecycle.Admission;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.Tests.UseCases;
using EnvOrchestrator.Lifecycle.UseCases.Create;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Xunit.Abstractions;
using static EnvOrchestrator.Lifecycle.Tests.UseCases.Refusals;

namespace EnvOrchestrator.Lifecycle.Tests.Admission;

/// <summary>
/// Monthly project budgets (<c>maxProjectMonthlyCostUsd</c>) through the create use case. The demo web-stack is
/// estimated at 46 USD a month; the fake clock starts on 5 January 2026 (a 744-hour month), so 72 hours cost
/// 46 × 72 / 744 ≈ 4.45 USD and 8 hours ≈ 0.49 USD.
/// </summary>
public sealed class ProjectBudgetTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ThreeDays = TimeSpan.FromHours(72);

    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_MandatoryBudgetWouldBeExceeded_RefusedWithTheFiguresAndNothingStored()
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        await AssertCreatedAsync(services, "budgeted", "web-1", ThreeDays);
        await AssertCreatedAsync(services, "budgeted", "web-2", ThreeDays);

        var third = await HandleAsync(services, "budgeted", "web-3", ThreeDays);
        var brief = await HandleAsync(services, "budgeted", "web-4", TimeSpan.FromHours(8));

        var problem = AssertRefused(third, ProblemCodes.RuleViolated, "template", "policy.maxProjectMonthlyCostUsd");
        Assert.Equal("Policy 'project-budget' limits project 'budgeted' to 10 USD in 2026-01; its environments are projected at 8.90 USD and this one would add 4.45 USD.", problem.Detail);
        Assert.Null(await services.Environments.FindAsync(EnvironmentId.Parse("budgeted", "web-3"), CancellationToken.None));
        Assert.True(brief.Succeeded, brief.Problem?.Detail);
    }

    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_ADestroyedEnvironment_CountsOnlyTheDaysItLived()
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        await AssertCreatedAsync(services, "budgeted", "web-1", ThreeDays);
        await AssertCreatedAsync(services, "budgeted", "web-2", ThreeDays);
        services.Time.Advance(TimeSpan.FromHours(12));
        var first = await services.Environments.FindAsync(EnvironmentId.Parse("budgeted", "web-1"), CancellationToken.None);
        var destroyed = first! with { Status = EnvironmentStatus.Destroyed, CurrentRunId = null, UpdatedAt = services.Time.GetUtcNow() };
        Assert.True((await services.Environments.SaveAsync(destroyed, first.Version!, CancellationToken.None)).Succeeded);

        // web-1 now counts 12 hours (0.74 USD) instead of 72: a third three-day environment fits (0.74 + 4.45 + 4.45).
        var third = await HandleAsync(services, "budgeted", "web-3", ThreeDays);

        Assert.True(third.Succeeded, third.Problem?.Detail);
    }

    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_ApprovalBudgetExceeded_AcceptedAwaitingApprovalWithTheBudgetAsReason()
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        await AssertCreatedAsync(services, "budget-gate", "web-1", ThreeDays);

        var second = await HandleAsync(services, "budget-gate", "web-2", ThreeDays);

        Assert.True(second.Succeeded, second.Problem?.Detail);
        Assert.Equal(EnvironmentStatus.AwaitingApproval, second.Value!.Environment.Status);
        var reason = Assert.Single(second.Value.Environment.Approval!.Reasons);
        Assert.Equal(("budget-gate", "maxProjectMonthlyCostUsd", "approval"), (reason.Policy, reason.Rule, reason.Enforcement));
        Assert.Equal([reason], second.Value.Run.PolicyResults);
    }

    // Two three-day web stacks fit the 10 USD budget, a third does not: of eight racing creates exactly two may win,
    // however their reads of the project's spend interleave.
    [Fact(Timeout = 20_000)]
    public async Task HandleAsync_CreatesRacingForTheLastOfTheBudget_OnlyThoseThatFitWin()
    {
        const int Racers = 8;
        await using var services = await UseCaseServices.CreateAsync(output, s => s.Replace(ServiceDescriptor.Singleton<IEnvironmentStore>(
            sp => new ListBarrierStore(ActivatorUtilities.CreateInstance<InMemoryEnvironmentStore>(sp), Racers))));

        var results = await Task.WhenAll(Enumerable.Range(1, Racers).Select(i => Task.Run(() => HandleAsync(services, "budgeted", $"web-{i}", ThreeDays))));

        output.WriteLine(string.Join("\n", results.Select(r => r.Succeeded ? "ok" : r.Problem!.Detail)));
        Assert.Equal(2, results.Count(r => r.Succeeded));
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal("policy.maxProjectMonthlyCostUsd", r.Problem!.Rule));
        var stored = await services.Environments.ListAsync(ProjectName.Parse("budgeted"), EnvironmentFilter.None, 50, null, CancellationToken.None);
        Assert.Equal(2, stored.Items.Length);
    }

    [Theory]
    // 744 USD a month is 1 USD an hour in January.
    [InlineData("2026-01-05T00:00:00Z", "2026-01-05T12:00:00Z", "2026-01-20T00:00:00Z", 12.0)]
    [InlineData("2025-12-20T00:00:00Z", "2026-01-02T00:00:00Z", "2026-01-10T00:00:00Z", 24.0)]
    [InlineData("2026-01-30T00:00:00Z", null, "2026-01-30T00:00:00Z", 48.0)]
    [InlineData("2026-01-31T00:00:00Z", "2026-02-03T00:00:00Z", "2026-01-31T00:00:00Z", 24.0)]
    [InlineData("2025-12-01T00:00:00Z", "2025-12-31T00:00:00Z", "2026-01-10T00:00:00Z", 0.0)]
    public void Share_LifeClippedToTheMonth_ProportionalToItsHours(string from, string? to, string now, double hours)
    {
        var share = ProjectSpend.Share(744m, DateTimeOffset.Parse(from, null), to is null ? null : DateTimeOffset.Parse(to, null), DateTimeOffset.Parse(now, null));

        Assert.Equal((decimal)hours, decimal.Round(share, 6));
    }

    private static async Task AssertCreatedAsync(UseCaseServices services, string project, string name, TimeSpan ttl)
    {
        var result = await HandleAsync(services, project, name, ttl);
        Assert.True(result.Succeeded, result.Problem?.Detail);
    }

    private static Task<LifecycleResult<OperationAccepted>> HandleAsync(UseCaseServices services, string project, string name, TimeSpan ttl) =>
        services.Get<CreateEnvironmentHandler>().HandleAsync(new CreateEnvironmentCommand(project, name, "web-stack", TestInputs.Of(), ttl, "alice"), CancellationToken.None);
}
