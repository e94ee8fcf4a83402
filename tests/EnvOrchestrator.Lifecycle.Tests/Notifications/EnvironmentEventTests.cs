using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Events;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Testing.Lifecycle;
using Xunit.Abstractions;

namespace EnvOrchestrator.Lifecycle.Tests.Notifications;

/// <summary>The lifecycle's events as an outbox receives them, with real Terraform behind them.</summary>
public sealed class EnvironmentEventTests(ITestOutputHelper output)
{
    [Fact(Timeout = 150_000)]
    public async Task Lifecycle_CreateExtendDestroy_EachStepPublishedOnceWithIdsFromTheRun()
    {
        await using var host = await LifecycleHost.StartAsync(output);
        var id = EnvironmentId.Parse("team-a", "evented");
        var created = await host.Service.CreateAsync(new CreateEnvironmentCommand("team-a", "evented", "tagged", TestInputs.Of(), null, "alice"), CancellationToken.None);
        Assert.True(created.Succeeded, created.Problem?.Detail);
        await host.WaitSettledAsync(id, TimeSpan.FromSeconds(90));
        var extended = await host.Service.ExtendAsync(new ExtendEnvironmentCommand("team-a", "evented", TimeSpan.FromMinutes(30), "bob"), CancellationToken.None);
        Assert.True(extended.Succeeded, extended.Problem?.Detail);
        var destroy = await host.Service.DestroyAsync(new EnvironmentCommand("team-a", "evented", "carol"), CancellationToken.None);
        Assert.True(destroy.Succeeded, destroy.Problem?.Detail);
        await host.WaitForAsync(id, e => e.Status == EnvironmentStatus.Destroyed, TimeSpan.FromSeconds(90));

        var events = host.Events.Events.Where(e => e.Name == "evented").ToList();
        Assert.Equal(
            [EnvironmentEventType.Created, EnvironmentEventType.Ready, EnvironmentEventType.Extended, EnvironmentEventType.Destroyed],
            events.Select(e => e.Type));
        var deploy = created.Value!.Run.Id;
        Assert.Equal(($"{deploy}:created", "alice", deploy), (events[0].Id, events[0].Actor, events[0].RunId));
        Assert.Equal(($"{deploy}:ready", "Ready"), (events[1].Id, events[1].Status));
        Assert.Equal(("bob", $"Now expires at {extended.Value!.ExpiresAt:O}."), (events[2].Actor, events[2].Detail));
        Assert.Equal(($"{destroy.Value!.Run.Id}:destroyed", "Destroyed"), (events[3].Id, events[3].Status));

        // The deploy's start published "created" again (a create that died first would have lost it): stored once.
        Assert.True(host.Events.Publishes > host.Events.Events.Count);
    }

    [Fact(Timeout = 120_000)]
    public async Task Lifecycle_ApprovalRequestedThenRejected_AwaitingApprovalThenFailedWithTheReasons()
    {
        await using var host = await LifecycleHost.StartAsync(output);
        var id = EnvironmentId.Parse("gated", "evented");
        var created = await host.Service.CreateAsync(new CreateEnvironmentCommand("gated", "evented", "tagged", TestInputs.Of(), TimeSpan.FromHours(1), "alice"), CancellationToken.None);
        Assert.True(created.Succeeded, created.Problem?.Detail);
        var rejected = await host.Service.DecideApprovalAsync(new DecideApprovalCommand("gated", "evented", false, "not this sprint", "bob"), CancellationToken.None);
        Assert.True(rejected.Succeeded, rejected.Problem?.Detail);
        await host.WaitSettledAsync(id, TimeSpan.FromSeconds(60));

        var events = host.Events.Events.Where(e => e.Project == "gated").ToList();
        Assert.Equal([EnvironmentEventType.Created, EnvironmentEventType.AwaitingApproval, EnvironmentEventType.Failed], events.Select(e => e.Type));
        Assert.Equal("Policy 'approval-gate' requires an approval for template tagged in project 'gated'.", events[1].Detail);
        Assert.Equal("awaiting-approval", events[1].TypeName);
        Assert.Equal(("Failed", "Rejected by bob: not this sprint"), (events[2].Status, events[2].Detail));
    }
}
