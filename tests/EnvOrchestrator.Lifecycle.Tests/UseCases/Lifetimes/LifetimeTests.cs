using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.Notifications;
using EnvOrchestrator.Lifecycle.Sweep;
using EnvOrchestrator.Testing.Lifecycle;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EnvOrchestrator.Lifecycle.Tests.UseCases.Lifetimes;

public sealed class LifetimeTests(ITestOutputHelper output)
{
    [Fact(Timeout = 120_000)]
    public async Task Lifetime_ShortTtl_WarnsTwiceThenDestroys()
    {
        await using var host = await LifecycleHost.StartAsync(output);
        var id = EnvironmentId.Parse("team-a", "brief");

        // 20 s, not the template's 8 s default: the first warning, 6 s before expiry, must not be due before the
        // deploy is done and the lifetime's timer starts.
        var created = await host.Service.CreateAsync(
            new CreateEnvironmentCommand("team-a", "brief", "short-lived", TestInputs.Of(), TimeSpan.FromSeconds(20), "carol"), CancellationToken.None);
        Assert.True(created.Succeeded, created.Problem?.Detail);
        var destroyed = await host.WaitForAsync(id, e => e.Status == EnvironmentStatus.Destroyed, TimeSpan.FromSeconds(90));

        var sent = host.Notifications.Sent.Where(n => n.Name == "brief").ToList();
        Assert.Equal(
            [TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(3)],
            sent.Where(n => n.Kind == EnvironmentNotificationKind.ExpiryWarning).Select(n => n.Before!.Value));
        Assert.Contains(sent, n => n.Kind == EnvironmentNotificationKind.Expired && n.Owner == "carol");
        var runs = await host.Runs.ListAsync(id, 10, null, CancellationToken.None);
        Assert.Contains(runs.Items, r => r.Kind == RunKind.Destroy && r.RequestedBy == "system:expiry" && r.Status == RunStatus.Succeeded);
        Assert.Equal(ResourceStatus.Destroyed, destroyed.FindResource("only")!.Status);
    }

    [Fact(Timeout = 120_000)]
    public async Task Lifetime_ExpiresMidDeploy_DestroyStartsWhenTheDeployEnds()
    {
        await using var host = await LifecycleHost.StartAsync(output);
        var id = EnvironmentId.Parse("team-a", "overrun");

        // Expires 2 s in, while its one resource takes 8 s to apply: the lifetime finds it busy and waits for the run.
        var created = await host.Service.CreateAsync(
            new CreateEnvironmentCommand("team-a", "overrun", "short-lived", TestInputs.Of(("delay_seconds", 8)), TimeSpan.FromSeconds(2), "erin"), CancellationToken.None);
        Assert.True(created.Succeeded, created.Problem?.Detail);
        await host.WaitForAsync(id, e => e.Status == EnvironmentStatus.Destroyed, TimeSpan.FromSeconds(60));

        var runs = (await host.Runs.ListAsync(id, 10, null, CancellationToken.None)).Items;
        var deploy = Assert.Single(runs, r => r.Kind == RunKind.Deploy);
        var destroy = Assert.Single(runs, r => r.Kind == RunKind.Destroy);
        Assert.Equal(RunStatus.Succeeded, deploy.Status);
        Assert.Equal("system:expiry", destroy.RequestedBy);

        // Before the run woke the lifetime, the destroy waited out a one-minute retry.
        var wait = destroy.RequestedAt - deploy.CompletedAt!.Value;
        Assert.True(wait < TimeSpan.FromSeconds(15), $"the destroy was requested {wait} after the deploy ended");
    }

    [Fact(Timeout = 120_000)]
    public async Task Extend_WithinAndBeyondCaps_AcceptedOnceThenRefusedWithRule()
    {
        await using var host = await LifecycleHost.StartAsync(output);
        var created = await host.Service.CreateAsync(new CreateEnvironmentCommand("team-a", "longer", "short-lived", TestInputs.Of(), TimeSpan.FromSeconds(20), "dan"), CancellationToken.None);
        Assert.True(created.Succeeded, created.Problem?.Detail);

        var tooLong = await host.Service.ExtendAsync(new ExtendEnvironmentCommand("team-a", "longer", TimeSpan.FromSeconds(15), "dan"), CancellationToken.None);
        var extended = await host.Service.ExtendAsync(new ExtendEnvironmentCommand("team-a", "longer", TimeSpan.FromSeconds(10), "dan"), CancellationToken.None);
        var again = await host.Service.ExtendAsync(new ExtendEnvironmentCommand("team-a", "longer", TimeSpan.FromSeconds(5), "dan"), CancellationToken.None);

        Assert.Equal(DomainErrorCodes.ExtensionTooLong, tooLong.Problem?.Rule);
        Assert.True(extended.Succeeded, extended.Problem?.Detail);
        Assert.Equal(created.Value.Environment.ExpiresAt + TimeSpan.FromSeconds(10), extended.Value.ExpiresAt);
        Assert.Equal(1, extended.Value.ExtensionCount);
        Assert.Equal(ProblemCodes.RuleViolated, again.Problem?.Code);
        Assert.Equal(DomainErrorCodes.ExtensionCountExceeded, again.Problem?.Rule);
        await host.WaitSettledAsync(EnvironmentId.Parse("team-a", "longer"), TimeSpan.FromSeconds(60));
    }

    [Fact(Timeout = 120_000)]
    public async Task Extend_BeyondMandatoryMaxTtlPolicy_RefusedNamingThePolicyAndNothingChanges()
    {
        await using var host = await LifecycleHost.StartAsync(output);
        var id = EnvironmentId.Parse("capped", "brief");
        var created = await host.Service.CreateAsync(new CreateEnvironmentCommand("capped", "brief", "flaky-chain", TestInputs.Of(), null, "eve"), CancellationToken.None);
        Assert.True(created.Succeeded, created.Problem?.Detail);
        await host.WaitSettledAsync(id, TimeSpan.FromSeconds(60));
        var before = await host.Environments.FindAsync(id, CancellationToken.None);

        // One hour more is within the template's 2 h cap but beyond the policy's 90 minutes.
        var refused = await host.Service.ExtendAsync(new ExtendEnvironmentCommand("capped", "brief", TimeSpan.FromHours(1), "eve"), CancellationToken.None);
        var unchanged = await host.Environments.FindAsync(id, CancellationToken.None);
        var allowed = await host.Service.ExtendAsync(new ExtendEnvironmentCommand("capped", "brief", TimeSpan.FromMinutes(20), "eve"), CancellationToken.None);

        Assert.Equal(ProblemCodes.RuleViolated, refused.Problem?.Code);
        Assert.Equal("policy.maxTtl", refused.Problem?.Rule);
        Assert.Equal("by", refused.Problem?.Field);
        Assert.Contains("lifetime-cap", refused.Problem?.Detail, StringComparison.Ordinal);
        Assert.Equal(before!.Version, unchanged!.Version);
        Assert.Equal(before.ExpiresAt, unchanged.ExpiresAt);
        Assert.True(allowed.Succeeded, allowed.Problem?.Detail);
        Assert.Equal(before.ExpiresAt + TimeSpan.FromMinutes(20), allowed.Value.ExpiresAt);
    }

    [Fact(Timeout = 120_000)]
    public async Task Sweep_ExpiredEnvironmentWithoutLifetimeTimer_StartsDestroy()
    {
        await using var host = await LifecycleHost.StartAsync(output);
        var id = EnvironmentId.Parse("team-a", "missed");
        var created = await host.Service.CreateAsync(new CreateEnvironmentCommand("team-a", "missed", "short-lived", TestInputs.Of(), TimeSpan.FromSeconds(4), "erin"), CancellationToken.None);
        Assert.True(created.Succeeded, created.Problem?.Detail);
        var client = host.Services.GetRequiredService<DurableTaskClient>();
        await client.TerminateInstanceAsync("env:team-a:missed:lifetime");
        await host.WaitSettledAsync(id, TimeSpan.FromSeconds(60));
        await host.WaitForAsync(id, e => e.ExpiresAt < DateTimeOffset.UtcNow, TimeSpan.FromSeconds(10));

        var swept = await host.Services.GetRequiredService<IEnvironmentSweeper>().SweepOnceAsync(CancellationToken.None);
        var destroyed = await host.WaitForAsync(id, e => e.Status == EnvironmentStatus.Destroyed, TimeSpan.FromSeconds(60));

        Assert.Equal(new SweepResult(DestroysStarted: 1, RunsResumed: 0, RunsReleased: 0), swept);
        var runs = await host.Runs.ListAsync(id, 10, null, CancellationToken.None);
        Assert.Contains(runs.Items, r => r.Kind == RunKind.Destroy && r.RequestedBy == EnvironmentSweep.Actor);
        Assert.Equal(ResourceStatus.Destroyed, destroyed.FindResource("only")!.Status);
    }
}
