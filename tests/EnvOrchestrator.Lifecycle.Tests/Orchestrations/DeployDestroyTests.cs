using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.TerraformState;
using EnvOrchestrator.Core.Values;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Testing.Lifecycle;
using Xunit.Abstractions;

namespace EnvOrchestrator.Lifecycle.Tests.Orchestrations;

public sealed class DeployDestroyTests(ITestOutputHelper output)
{
    [Fact(Timeout = 150_000)]
    public async Task DeployThenDestroy_WebStack_SiblingsOverlapOutputsFlowAndDestroyRunsInReverse()
    {
        await using var host = await LifecycleHost.StartAsync(output);
        var id = EnvironmentId.Parse("team-a", "shop");

        var created = await host.Service.CreateAsync(
            new CreateEnvironmentCommand("team-a", "shop", "web-stack", TestInputs.Of(("delay_seconds", 1)), null, "alice"), CancellationToken.None);
        Assert.True(created.Succeeded, created.Problem?.Detail);
        Assert.Equal($"env:team-a:shop:deploy:{created.Value.Run.Id}", created.Value.InstanceId);
        var ready = await host.WaitSettledAsync(id, TimeSpan.FromSeconds(100));

        Assert.Equal(EnvironmentStatus.Ready, ready.Status);
        Assert.All(ready.Resources, r => Assert.Equal(ResourceStatus.Succeeded, r.Status));
        Assert.Equal("https://shop-web.shop.apps.local", Assert.IsType<StringValue>(ready.Outputs["url"]).Value);
        Assert.True(ready.Outputs["cache_key"].IsSensitive);
        var frontend = ready.FindResource("frontend")!;
        var backends = Assert.IsType<MapValue>(frontend.Inputs["backends"]);
        Assert.Equal("shop-cache.shop.cache.local:6380", Assert.IsType<StringValue>(backends.Entries["cache"]).Value);
        Assert.True(frontend.Inputs["cache_connection"].IsSensitive);
        Assert.Equal("platform", Assert.IsType<StringValue>(ready.Inputs["team"]).Value);

        var deploy = await host.Runs.FindAsync(id, RunId.Parse(created.Value.Run.Id), CancellationToken.None);
        Assert.Equal(RunStatus.Succeeded, deploy!.Status);
        var applied = deploy.Steps.ToDictionary(s => s.Resource);
        string[] siblings = ["cache", "queue", "bucket"];
        Assert.True(siblings.Max(s => applied[s].StartedAt) < siblings.Min(s => applied[s].CompletedAt), "wave-1 siblings did not overlap");
        Assert.All(siblings, s => Assert.True(applied[s].StartedAt >= applied["network"].CompletedAt));
        Assert.True(applied["frontend"].StartedAt >= siblings.Max(s => applied[s].CompletedAt));

        var destroy = await host.Service.DestroyAsync(new EnvironmentCommand("team-a", "shop", "alice"), CancellationToken.None);
        Assert.True(destroy.Succeeded, destroy.Problem?.Detail);
        var destroyed = await host.WaitSettledAsync(id, TimeSpan.FromSeconds(100));

        Assert.Equal(EnvironmentStatus.Destroyed, destroyed.Status);
        Assert.All(destroyed.Resources, r => Assert.Equal(ResourceStatus.Destroyed, r.Status));
        var removal = (await host.Runs.FindAsync(id, RunId.Parse(destroy.Value.Run.Id), CancellationToken.None))!.Steps.ToDictionary(s => s.Resource);
        Assert.All(siblings, s => Assert.True(removal[s].StartedAt >= removal["frontend"].CompletedAt, $"{s} destroyed before frontend"));
        Assert.True(removal["network"].StartedAt >= siblings.Max(s => removal[s].CompletedAt));
        foreach (var resource in destroyed.Resources)
        {
            var address = TerraformStateAddress.Create("team-a", $"shop.{resource.Name}");
            Assert.Null(await host.StateStore.GetStateAsync(address, CancellationToken.None));
        }
    }
}
