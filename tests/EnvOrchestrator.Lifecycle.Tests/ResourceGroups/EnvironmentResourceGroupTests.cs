using System.Collections.Immutable;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.ResourceGroups;
using EnvOrchestrator.Core.Values;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.ResourceGroups;
using EnvOrchestrator.Testing.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Xunit.Abstractions;

namespace EnvOrchestrator.Lifecycle.Tests.ResourceGroups;

/// <summary>
/// A template with <c>spec.resourceGroup</c>: the group is made and tagged before the first resource, its name reaches
/// the module, it is deleted after the destroy, and the sweep finds groups whose environment is gone.
/// </summary>
public sealed class EnvironmentResourceGroupTests(ITestOutputHelper output)
{
    private readonly InMemoryResourceGroups _groups = new();

    [Fact(Timeout = 150_000)]
    public async Task DeployThenDestroy_GroupedTemplate_GroupTaggedBeforeTheResourceNamedToItAndDeletedAfter()
    {
        await using var host = await StartAsync();
        var id = EnvironmentId.Parse("team-a", "grp");

        var created = await host.Service.CreateAsync(new CreateEnvironmentCommand("team-a", "grp", "grouped", TestInputs.Of(), null, "alice"), CancellationToken.None);
        Assert.True(created.Succeeded, created.Problem?.Detail);
        var ready = await host.WaitSettledAsync(id, TimeSpan.FromSeconds(90));

        Assert.Equal(EnvironmentStatus.Ready, ready.Status);
        var group = Assert.Single(_groups.Groups.Values);
        Assert.Equal(("rg-envorch-team-a-grp", "westeurope"), (group.Name, group.Location));
        Assert.Equal(("true", "team-a", "grp", "alice"), (group.Tags[ResourceGroupTags.Managed], group.Tags[ResourceGroupTags.Project], group.Tags[ResourceGroupTags.Environment], group.Tags[ResourceGroupTags.Owner]));
        Assert.Equal(ready.ExpiresAt!.Value.ToUnixTimeSeconds(), DateTimeOffset.Parse(group.Tags[ResourceGroupTags.ExpiresAt], System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds());
        var tags = Assert.IsType<MapValue>(ready.FindResource("box")!.Inputs["tags"]);
        Assert.Equal("rg-envorch-team-a-grp", Assert.IsType<StringValue>(tags.Entries["resource_group"]).Value);
        Assert.Equal("rg-envorch-team-a-grp", Assert.IsType<StringValue>(ready.Outputs["resource_group"]).Value);

        var destroy = await host.Service.DestroyAsync(new EnvironmentCommand("team-a", "grp", "alice"), CancellationToken.None);
        Assert.True(destroy.Succeeded, destroy.Problem?.Detail);
        var destroyed = await host.WaitSettledAsync(id, TimeSpan.FromSeconds(90));

        Assert.Equal(EnvironmentStatus.Destroyed, destroyed.Status);
        Assert.Empty(_groups.Groups);
        Assert.Equal(["ensure rg-envorch-team-a-grp", "delete rg-envorch-team-a-grp"], _groups.Calls);
    }

    [Fact(Timeout = 150_000)]
    public async Task Deploy_GroupCannotBeMade_RunFailsBeforeAnyResource()
    {
        _groups.RefuseCreates = "AuthorizationFailed: the identity may not write resource groups";
        await using var host = await StartAsync();
        var id = EnvironmentId.Parse("team-a", "denied");

        var created = await host.Service.CreateAsync(new CreateEnvironmentCommand("team-a", "denied", "grouped", TestInputs.Of(), null, "alice"), CancellationToken.None);
        Assert.True(created.Succeeded, created.Problem?.Detail);
        var failed = await host.WaitSettledAsync(id, TimeSpan.FromSeconds(90));

        Assert.Equal(EnvironmentStatus.Failed, failed.Status);
        Assert.Equal("Lifecycle.ResourceGroupFailed", failed.Failure!.ErrorType);
        Assert.Contains("AuthorizationFailed", failed.Failure.Message, StringComparison.Ordinal);
        Assert.All(failed.Resources, r => Assert.NotEqual(ResourceStatus.Succeeded, r.Status));
        var run = await host.Runs.FindAsync(id, RunId.Parse(created.Value.Run.Id), CancellationToken.None);
        Assert.Empty(run!.Steps);
    }

    [Fact(Timeout = 60_000)]
    public async Task SweepAsync_GroupsOfGoneDestroyedExpiredAndLiveEnvironments_ReportsOrphansAndDeletesThemWhenAllowed()
    {
        await using var host = await StartAsync(o => o.DeleteOrphanedResourceGroups = true);
        var now = DateTimeOffset.UtcNow;
        await StoreAsync(host, "live", now.AddHours(1), EnvironmentStatus.Ready);
        await StoreAsync(host, "late", now.AddHours(-1), EnvironmentStatus.Ready);
        await StoreAsync(host, "done", now.AddHours(1), EnvironmentStatus.Destroyed);
        foreach (var name in new[] { "live", "late", "done", "never-stored" })
        {
            _groups.Groups[ResourceGroupTags.NameOf("team-a", name)] = Group(name);
        }

        _groups.Groups["rg-someone-else"] = new ResourceGroupSpec("rg-someone-else", "westeurope", ImmutableSortedDictionary<string, string>.Empty);

        var sweep = await host.Services.GetRequiredService<EnvironmentResourceGroups>().SweepAsync(CancellationToken.None);
        var again = await host.Services.GetRequiredService<EnvironmentResourceGroups>().SweepAsync(CancellationToken.None);

        Assert.Equal(4, sweep.Managed);
        Assert.Equal(["rg-envorch-team-a-done", "rg-envorch-team-a-never-stored"], sweep.Orphans.Order());
        Assert.Equal(sweep.Orphans.Order(), sweep.Deleted.Order());
        Assert.Equal(["rg-envorch-team-a-late"], sweep.Expired.ToArray());
        Assert.False(sweep.VerifiedClean);
        Assert.Equal(["rg-envorch-team-a-late", "rg-envorch-team-a-live", "rg-someone-else"], _groups.Groups.Keys.Order());
        Assert.Empty(again.Orphans);
        Assert.Equal(["rg-envorch-team-a-late"], again.Expired.ToArray());
    }

    [Fact(Timeout = 60_000)]
    public async Task SweepAsync_OrphanWithoutPermissionToDelete_ReportedAndKept()
    {
        await using var host = await StartAsync();
        _groups.Groups[ResourceGroupTags.NameOf("team-a", "ghost")] = Group("ghost");

        var sweep = await host.Services.GetRequiredService<EnvironmentResourceGroups>().SweepAsync(CancellationToken.None);

        Assert.Equal(["rg-envorch-team-a-ghost"], sweep.Orphans.ToArray());
        Assert.Empty(sweep.Deleted);
        Assert.Single(_groups.Groups);
    }

    [Fact(Timeout = 60_000)]
    public async Task SweepAsync_OneOrphanLocked_OthersStillDeletedAndItStaysReported()
    {
        await using var host = await StartAsync(o => o.DeleteOrphanedResourceGroups = true);
        _groups.Groups[ResourceGroupTags.NameOf("team-a", "locked")] = Group("locked");
        _groups.Groups[ResourceGroupTags.NameOf("team-a", "ghost")] = Group("ghost");
        _groups.RefuseDeletesOf.Add(ResourceGroupTags.NameOf("team-a", "locked"));

        var sweep = await host.Services.GetRequiredService<EnvironmentResourceGroups>().SweepAsync(CancellationToken.None);

        Assert.Equal(["rg-envorch-team-a-ghost", "rg-envorch-team-a-locked"], sweep.Orphans.Order());
        Assert.Equal(["rg-envorch-team-a-ghost"], sweep.Deleted.ToArray());
        Assert.Equal(["rg-envorch-team-a-locked"], _groups.Groups.Keys.ToArray());
    }

    [Fact(Timeout = 60_000)]
    public async Task SweepOnceAsync_ResourceManagerUnreachable_PassEndsAndTheCheckSaysWhy()
    {
        await using var host = await StartAsync(o => o.RetentionSweepInterval = TimeSpan.FromTicks(1));
        _groups.RefuseLists = "Connection refused (management endpoint)";
        var listsBefore = _groups.Calls.Count(c => c == "list");

        var pass = await Record.ExceptionAsync(() => host.Services.GetRequiredService<IEnvironmentSweeper>().SweepOnceAsync(CancellationToken.None));
        var listed = _groups.Calls.Count(c => c == "list") - listsBefore;
        var check = await host.Services.GetRequiredService<IResourceGroupCheck>().CheckAsync(CancellationToken.None);

        Assert.Null(pass);
        Assert.True(listed >= 1, "the hourly part of the pass asked for the groups");
        Assert.False(check.Checked);
        Assert.False(check.VerifiedClean);
        Assert.Contains("Connection refused", check.Error, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task SweepAsync_EveryGroupLive_VerifiedClean()
    {
        await using var host = await StartAsync();
        await StoreAsync(host, "live", DateTimeOffset.UtcNow.AddHours(1), EnvironmentStatus.Ready);
        _groups.Groups[ResourceGroupTags.NameOf("team-a", "live")] = Group("live");

        var sweep = await host.Services.GetRequiredService<EnvironmentResourceGroups>().SweepAsync(CancellationToken.None);

        Assert.True(sweep.VerifiedClean);
        Assert.Equal(1, sweep.Managed);
    }

    private Task<LifecycleHost> StartAsync(Action<EnvironmentLifecycleOptions>? configure = null) =>
        LifecycleHost.StartAsync(output, configure, services => services.Replace(ServiceDescriptor.Singleton<IResourceGroups>(_groups)), withPolicies: false);

    private static ResourceGroupSpec Group(string environment) => new(
        ResourceGroupTags.NameOf("team-a", environment),
        "westeurope",
        ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
        {
            [ResourceGroupTags.Managed] = "true",
            [ResourceGroupTags.Project] = "team-a",
            [ResourceGroupTags.Environment] = environment,
        }));

    private static async Task StoreAsync(LifecycleHost host, string name, DateTimeOffset expires, EnvironmentStatus status)
    {
        var created = expires.AddHours(-2);
        Assert.True(TemplateReference.TryParse("grouped@1.0.0", out var template));
        var environment = EnvironmentRecord.Create(
            EnvironmentId.Parse("team-a", name), template, new SemVersion(1, 0, 0), ImmutableSortedDictionary<string, Value>.Empty, [], "alice", created, expires);
        var path = status == EnvironmentStatus.Destroyed
            ? new[] { EnvironmentStatus.Queued, EnvironmentStatus.Deploying, EnvironmentStatus.Ready, EnvironmentStatus.Destroying, EnvironmentStatus.Destroyed }
            : [EnvironmentStatus.Queued, EnvironmentStatus.Deploying, EnvironmentStatus.Ready];
        foreach (var next in path)
        {
            environment = environment.TransitionTo(next, created).Value!;
        }

        Assert.True((await host.Environments.CreateAsync(environment, CancellationToken.None)).Succeeded);
    }
}
