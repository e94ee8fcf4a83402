using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Testing.Lifecycle;
using Xunit.Abstractions;

namespace EnvOrchestrator.Lifecycle.Tests.UseCases.Retry;

public sealed class FailureRetryTests(ITestOutputHelper output)
{
    [Fact(Timeout = 150_000)]
    public async Task Deploy_FailingResource_DependentsSkippedSiblingsFinishAndRetryResumes()
    {
        await using var host = await LifecycleHost.StartAsync(output);
        var id = EnvironmentId.Parse("team-a", "flaky");
        var failFile = Path.Combine(host.WorkRoot, "fail-left");
        await File.WriteAllTextAsync(failFile, "fail");

        var created = await host.Service.CreateAsync(
            new CreateEnvironmentCommand("team-a", "flaky", "flaky-chain", TestInputs.Of(("fail_file", failFile), ("slow_seconds", 3)), null, "alice"), CancellationToken.None);
        Assert.True(created.Succeeded, created.Problem?.Detail);
        var failed = await host.WaitSettledAsync(id, TimeSpan.FromSeconds(90));

        Assert.Equal(EnvironmentStatus.Failed, failed.Status);
        Assert.Equal("left", failed.FailedResource?.ResourceName);
        Assert.Equal("Terraform.ResourceError", failed.FailedResource?.Details.ErrorType);
        Assert.Equal(ResourceStatus.Succeeded, failed.FindResource("right")!.Status);
        Assert.Equal(ResourceStatus.Skipped, failed.FindResource("tail")!.Status);
        Assert.Equal(0, failed.FindResource("tail")!.ApplyCount);
        var firstRun = await host.Runs.FindAsync(id, RunId.Parse(created.Value.Run.Id), CancellationToken.None);
        Assert.Equal(RunStatus.Failed, firstRun!.Status);
        Assert.DoesNotContain(firstRun.Steps, s => s.Resource == "tail");
        var logs = await host.Service.ReadRunLogsAsync(new RunLogsQuery("team-a", "flaky", created.Value.Run.Id), CancellationToken.None);
        var leftLog = Assert.Single(logs.Value!.Steps, s => s.Step == failed.FailedResource!.Log!.StepName);
        Assert.Contains(leftLog.Lines, l => l.Contains("simulated failure of flaky-left", StringComparison.Ordinal));

        File.Delete(failFile);
        var retry = await host.Service.RetryAsync(new EnvironmentCommand("team-a", "flaky", "alice"), CancellationToken.None);
        Assert.True(retry.Succeeded, retry.Problem?.Detail);
        var ready = await host.WaitSettledAsync(id, TimeSpan.FromSeconds(90));

        Assert.Equal(EnvironmentStatus.Ready, ready.Status);
        Assert.Null(ready.Failure);
        Assert.Equal(1, ready.FindResource("root")!.ApplyCount);
        Assert.Equal(1, ready.FindResource("right")!.ApplyCount);
        Assert.Equal(2, ready.FindResource("left")!.ApplyCount);
        Assert.Equal(1, ready.FindResource("tail")!.ApplyCount);
        var retryRun = await host.Runs.FindAsync(id, RunId.Parse(retry.Value.Run.Id), CancellationToken.None);
        Assert.Equal(RunKind.Retry, retryRun!.Kind);
        Assert.Equal(["left", "tail"], retryRun.Steps.Select(s => s.Resource).Order(StringComparer.Ordinal));
        Assert.StartsWith("flaky-tail#", ready.Outputs["tail_id"].ToString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 150_000)]
    public async Task Update_AfterDestroyFailedPartWay_RefusedWithTheWayOutThenRetryFinishesTheDestroy()
    {
        await using var host = await LifecycleHost.StartAsync(output);
        var id = EnvironmentId.Parse("team-a", "stuck");
        var failFile = Path.Combine(host.WorkRoot, "fail-right-destroy");
        var created = await host.Service.CreateAsync(
            new CreateEnvironmentCommand("team-a", "stuck", "flaky-chain", TestInputs.Of(("fail_destroy_file", failFile)), null, "alice"), CancellationToken.None);
        Assert.True(created.Succeeded, created.Problem?.Detail);
        Assert.Equal(EnvironmentStatus.Ready, (await host.WaitSettledAsync(id, TimeSpan.FromSeconds(90))).Status);
        await File.WriteAllTextAsync(failFile, "fail");
        var destroy = await host.Service.DestroyAsync(new EnvironmentCommand("team-a", "stuck", "alice"), CancellationToken.None);
        Assert.True(destroy.Succeeded, destroy.Problem?.Detail);
        var failed = await host.WaitSettledAsync(id, TimeSpan.FromSeconds(90));

        var update = await host.Service.UpdateAsync(new UpdateEnvironmentCommand("team-a", "stuck", TestInputs.Of(("slow_seconds", 1)), null, null, "alice"), CancellationToken.None);
        var plan = await host.Service.PlanAsync(new PlanEnvironmentQuery("team-a", "stuck", TestInputs.Of(("slow_seconds", 1)), null), CancellationToken.None);
        var unchanged = await host.Environments.FindAsync(id, CancellationToken.None);
        File.Delete(failFile);
        var retry = await host.Service.RetryAsync(new EnvironmentCommand("team-a", "stuck", "alice"), CancellationToken.None);
        Assert.True(retry.Succeeded, retry.Problem?.Detail);
        var destroyed = await host.WaitSettledAsync(id, TimeSpan.FromSeconds(90));

        Assert.Equal(EnvironmentStatus.Failed, failed.Status);
        Assert.Equal(ResourceStatus.Destroyed, failed.FindResource("tail")!.Status);
        Assert.Equal(ResourceStatus.Failed, failed.FindResource("right")!.Status);
        foreach (var refused in new[] { update.Problem, plan.Problem })
        {
            Assert.Equal(ProblemCodes.Conflict, refused?.Code);
            Assert.Equal("update.destroy-unfinished", refused!.Rule);
            Assert.Contains("retry", refused.Detail, StringComparison.Ordinal);
        }

        Assert.Equal(failed.Version, unchanged!.Version);
        Assert.Equal(EnvironmentStatus.Destroyed, destroyed.Status);
        Assert.All(destroyed.Resources, r => Assert.Equal(ResourceStatus.Destroyed, r.Status));
    }
}
