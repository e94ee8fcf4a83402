using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Policies;
using EnvOrchestrator.Core.TerraformState;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Testing.Lifecycle;
using Xunit.Abstractions;

namespace EnvOrchestrator.Lifecycle.Tests.Admission;

/// <summary>The test catalog's tag policies (TestCatalog/policies) on the "tagged" template, with real Terraform.</summary>
public sealed class PolicyTests(ITestOutputHelper output)
{
    [Fact(Timeout = 120_000)]
    public async Task Deploy_MandatoryRequireTagsViolated_ResourceFailsBeforeApplyNamingThePolicy()
    {
        await using var host = await LifecycleHost.StartAsync(output);
        var id = EnvironmentId.Parse("strict", "untagged");

        var created = await host.Service.CreateAsync(
            new CreateEnvironmentCommand("strict", "untagged", "tagged", TestInputs.Of(("tags", new Dictionary<string, string> { ["team"] = "a" })), null, "alice"), CancellationToken.None);
        Assert.True(created.Succeeded, created.Problem?.Detail);
        var failed = await host.WaitSettledAsync(id, TimeSpan.FromSeconds(90));

        Assert.Equal(EnvironmentStatus.Failed, failed.Status);
        var box = failed.FindResource("box")!;
        Assert.Equal(ResourceStatus.Failed, box.Status);
        Assert.Equal(0, box.ApplyCount);
        Assert.Equal("Policy.Violated", box.Failure?.ErrorType);
        Assert.Equal("Policy 'tag-guard' requires tags on terraform_data.box; missing or empty: owner.", box.Failure?.Message);
        Assert.False(box.Failure!.IsTransient);
        Assert.Null(await host.StateStore.GetStateAsync(TerraformStateAddress.Create("strict", "untagged.box"), CancellationToken.None));
        var run = await host.Runs.FindAsync(id, RunId.Parse(created.Value.Run.Id), CancellationToken.None);
        Assert.Equal(RunStatus.Failed, run!.Status);
        Assert.Equal("Policy.Violated", Assert.Single(run.Steps).Failure?.ErrorType);
        var result = Assert.Single(run.PolicyResults);
        Assert.Equal(new PolicyResult("tag-guard", "requireTags", PolicyEnforcement.Mandatory, "box", box.Failure.Message), result);
        var logs = await host.Service.ReadRunLogsAsync(new RunLogsQuery("strict", "untagged", run.Id.Value), CancellationToken.None);
        var lines = Assert.Single(logs.Value!.Steps).Lines;
        Assert.Contains(lines, l => l.EndsWith("policy (mandatory): " + box.Failure.Message, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("$ terraform apply", StringComparison.Ordinal));
    }

    [Fact(Timeout = 120_000)]
    public async Task Deploy_TagOnlyKnownAfterApply_CountsAsPresentAndReachesReady()
    {
        await using var host = await LifecycleHost.StartAsync(output);
        var id = EnvironmentId.Parse("strict", "seeded");

        var created = await host.Service.CreateAsync(
            new CreateEnvironmentCommand("strict", "seeded", "tagged", TestInputs.Of(("seed_tag", "owner")), null, "alice"), CancellationToken.None);
        Assert.True(created.Succeeded, created.Problem?.Detail);
        var ready = await host.WaitSettledAsync(id, TimeSpan.FromSeconds(90));

        Assert.Equal(EnvironmentStatus.Ready, ready.Status);
        var run = await host.Runs.FindAsync(id, RunId.Parse(created.Value.Run.Id), CancellationToken.None);
        Assert.Empty(run!.PolicyResults);
    }

    [Fact(Timeout = 120_000)]
    public async Task DeployAndExtend_AdvisoryViolations_ReadyAndTheRunCarriesTheResults()
    {
        await using var host = await LifecycleHost.StartAsync(output);
        var id = EnvironmentId.Parse("loose", "advised");

        var created = await host.Service.CreateAsync(
            new CreateEnvironmentCommand("loose", "advised", "tagged", TestInputs.Of(("tags", new Dictionary<string, string> { ["owner"] = "alice" })), TimeSpan.FromHours(3), "alice"), CancellationToken.None);
        Assert.True(created.Succeeded, created.Problem?.Detail);
        var admitted = Assert.Single(created.Value.Run.PolicyResults);
        Assert.Equal(new PolicyResultView("tag-advice", "maxTtl", "advisory", null, "Policy 'tag-advice' limits the TTL to 2h; the environment would live 3h."), admitted);
        var ready = await host.WaitSettledAsync(id, TimeSpan.FromSeconds(90));

        Assert.Equal(EnvironmentStatus.Ready, ready.Status);
        Assert.Equal(1, ready.FindResource("box")!.ApplyCount);
        var run = await host.Service.GetRunAsync(new RunQuery("loose", "advised", created.Value.Run.Id), CancellationToken.None);
        Assert.Equal(RunStatus.Succeeded, run.Value!.Status);
        Assert.Equal(
            [admitted, new PolicyResultView("tag-advice", "requireTags", "advisory", "box", "Policy 'tag-advice' requires tags on terraform_data.box; missing or empty: cost-center.")],
            run.Value.PolicyResults);
        var logs = await host.Service.ReadRunLogsAsync(new RunLogsQuery("loose", "advised", created.Value.Run.Id), CancellationToken.None);
        Assert.Contains(Assert.Single(logs.Value!.Steps).Lines, l => l.EndsWith("policy (advisory): " + run.Value.PolicyResults[1].Message, StringComparison.Ordinal));

        var extended = await host.Service.ExtendAsync(new ExtendEnvironmentCommand("loose", "advised", TimeSpan.FromHours(1), "alice"), CancellationToken.None);
        Assert.True(extended.Succeeded, extended.Problem?.Detail);
        var after = await host.Runs.FindAsync(id, RunId.Parse(created.Value.Run.Id), CancellationToken.None);
        Assert.Equal("Policy 'tag-advice' limits the TTL to 2h; the environment would live 4h.", after!.PolicyResults[^1].Message);
        Assert.Equal(3, after.PolicyResults.Length);
        Assert.Equal(after.PolicyResults.Select(r => r.Message), extended.Value!.PolicyResults!.Select(r => r.Message));
    }
}
