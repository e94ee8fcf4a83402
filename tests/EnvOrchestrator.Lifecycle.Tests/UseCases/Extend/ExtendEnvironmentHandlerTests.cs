using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.Orchestrations;
using EnvOrchestrator.Lifecycle.Runs;
using EnvOrchestrator.Lifecycle.UseCases.Extend;
using Xunit.Abstractions;
using static EnvOrchestrator.Lifecycle.Tests.UseCases.Refusals;

namespace EnvOrchestrator.Lifecycle.Tests.UseCases.Extend;

/// <summary>
/// The extend use case on in-memory stores with a recording Durable Task client. "short-lived" allows one extension
/// of at most 10s within a 40s lifetime.
/// </summary>
public sealed class ExtendEnvironmentHandlerTests(ITestOutputHelper output)
{
    [Theory(Timeout = 10_000)]
    [InlineData(0, "invalid-request", DomainErrorCodes.ExtensionNotPositive)]
    [InlineData(60, "rule-violated", DomainErrorCodes.ExtensionTooLong)]
    public async Task HandleAsync_ExtensionOutsideTheTemplateCaps_RefusedOnTheByFieldAndExpiryKept(int seconds, string code, string rule)
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        var seeded = await services.SeedAsync("team-a", "web", EnvironmentStatus.Ready);

        var result = await HandleAsync(services, TimeSpan.FromSeconds(seconds));

        AssertRefused(result, code, "by", rule);
        Assert.Equal(seeded.ExpiresAt, (await services.Environments.FindAsync(seeded.Id, CancellationToken.None))!.ExpiresAt);
    }

    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_SecondExtensionWhereOneIsAllowed_RuleViolated()
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        await services.SeedAsync("team-a", "web", EnvironmentStatus.Ready);

        var first = await HandleAsync(services, TimeSpan.FromSeconds(5));
        var second = await HandleAsync(services, TimeSpan.FromSeconds(5));

        Assert.True(first.Succeeded, first.Problem?.Detail);
        AssertRefused(second, ProblemCodes.RuleViolated, "by", DomainErrorCodes.ExtensionCountExceeded);
    }

    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_BeyondAMandatoryMaxTtlPolicy_RuleViolatedNamingThePolicy()
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        // "tagged" allows 8h and extensions of 4h; policy lifetime-cap holds project "capped" to 90 minutes.
        await services.SeedAsync("capped", "web", EnvironmentStatus.Ready, template: "tagged", ttl: TimeSpan.FromMinutes(80));

        var result = await HandleAsync(services, TimeSpan.FromMinutes(30), project: "capped");

        var problem = AssertRefused(result, ProblemCodes.RuleViolated, "by", "policy.maxTtl");
        Assert.Contains("lifetime-cap", problem.Detail, StringComparison.Ordinal);
    }

    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_TemplateGoneFromTheCatalog_RuleViolatedNotExtendable()
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        var seeded = await services.SeedAsync("team-a", "web", EnvironmentStatus.Ready);
        var moved = await services.Environments.SaveAsync(seeded with { TemplateVersion = new SemVersion(7, 0, 0) }, seeded.Version!, CancellationToken.None);
        Assert.True(moved.Succeeded);

        var result = await HandleAsync(services, TimeSpan.FromSeconds(5));

        AssertRefused(result, ProblemCodes.RuleViolated, "by", DomainErrorCodes.NotExtendable);
    }

    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_NoLifetimeTimerRunning_ExpiryMovedAndTimerStarted()
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        var seeded = await services.SeedAsync("team-a", "web", EnvironmentStatus.Ready);

        var result = await HandleAsync(services, TimeSpan.FromSeconds(5));

        Assert.True(result.Succeeded, result.Problem?.Detail);
        Assert.Equal((seeded.ExpiresAt!.Value.AddSeconds(5), 1), (result.Value.ExpiresAt, result.Value.ExtensionCount));
        Assert.Equal(seeded.ExpiresAt.Value.AddSeconds(5), (await services.Environments.FindAsync(seeded.Id, CancellationToken.None))!.ExpiresAt);
        var timer = Assert.Single(services.Client.Scheduled);
        Assert.Equal((nameof(LifetimeOrchestrator), LifecycleInstanceIds.ForLifetime(seeded.Id)), (timer.Name, timer.InstanceId));
        Assert.Empty(services.Client.Raised);
    }

    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_LifetimeTimerRunning_TimerToldTheNewExpiry()
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        var seeded = await services.SeedAsync("team-a", "web", EnvironmentStatus.Ready);
        await services.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(LifetimeOrchestrator), null, LifecycleInstanceIds.StartLifetime(LifecycleInstanceIds.ForLifetime(seeded.Id)), CancellationToken.None);

        var result = await HandleAsync(services, TimeSpan.FromSeconds(5));

        Assert.True(result.Succeeded, result.Problem?.Detail);
        var raised = Assert.Single(services.Client.Raised);
        Assert.Equal((LifecycleInstanceIds.ForLifetime(seeded.Id), LifecycleEvents.Extended), (raised.InstanceId, raised.Name));
        Assert.Equal(seeded.ExpiresAt!.Value.AddSeconds(5), raised.Payload);
    }

    private static Task<LifecycleResult<EnvironmentView>> HandleAsync(UseCaseServices services, TimeSpan by, string project = "team-a") =>
        services.Get<ExtendEnvironmentHandler>().HandleAsync(new ExtendEnvironmentCommand(project, "web", by, "alice"), CancellationToken.None);
}
