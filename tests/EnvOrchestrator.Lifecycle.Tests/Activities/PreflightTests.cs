using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Environments.InMemory;
using EnvOrchestrator.Core.Policies;
using EnvOrchestrator.Core.TerraformState;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Testing.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EnvOrchestrator.Lifecycle.Tests.Activities;

/// <summary>
/// The "tagged-pair" template under the mandatory tag-guard policy (project "strict"): plain and box are independent,
/// after-box waits on box's output. Real Terraform; the deploy plans what it can before applying anything.
/// </summary>
public sealed class PreflightTests(ITestOutputHelper output)
{
    [Fact(Timeout = 120_000)]
    public async Task DeployThenDestroy_MandatoryRuleRefusesOneResource_NoResourceAppliedAndDestroyCompletes()
    {
        await using var host = await LifecycleHost.StartAsync(output);
        var id = EnvironmentId.Parse("strict", "pair-refused");

        var (created, failed) = await CreateSettledAsync(host, "pair-refused", ("team", "a"));

        Assert.Equal(EnvironmentStatus.Failed, failed.Status);
        var box = failed.FindResource("box")!;
        Assert.Equal(ResourceStatus.Failed, box.Status);
        Assert.Equal("Policy.Violated", box.Failure?.ErrorType);
        Assert.Equal("Policy 'tag-guard' requires tags on terraform_data.box; missing or empty: owner.", box.Failure?.Message);
        Assert.Equal("box.plan.1", box.LastLog?.StepName);
        Assert.Equal("box", failed.FailedResource?.ResourceName);
        foreach (var name in new[] { "plain", "box", "after-box" })
        {
            Assert.Equal(0, failed.FindResource(name)!.ApplyCount);
            Assert.Null(await host.StateStore.GetStateAsync(TerraformStateAddress.Create("strict", $"pair-refused.{name}"), CancellationToken.None));
        }

        Assert.Equal(ResourceStatus.Skipped, failed.FindResource("plain")!.Status);
        Assert.Equal(ResourceStatus.Skipped, failed.FindResource("after-box")!.Status);
        var run = await host.Runs.FindAsync(id, RunId.Parse(created.Run.Id), CancellationToken.None);
        Assert.Equal(RunStatus.Failed, run!.Status);
        Assert.Equal("Policy.Violated", run.Failure?.ErrorType);
        Assert.Equal(
            [("box", StepStatus.Failed), ("plain", StepStatus.Succeeded)],
            run.Steps.Select(s => (s.Resource, s.Status)).Order().ToList());
        Assert.All(run.Steps, s => Assert.Equal(StepAction.Plan, s.Action));
        Assert.Equal(new PolicyResult("tag-guard", "requireTags", PolicyEnforcement.Mandatory, "box", box.Failure!.Message), Assert.Single(run.PolicyResults));
        var logs = await host.Service.ReadRunLogsAsync(new RunLogsQuery("strict", "pair-refused", run.Id.Value), CancellationToken.None);
        var boxLines = logs.Value!.Steps.Single(s => s.Step == "box.plan.1").Lines;
        Assert.Contains(boxLines, l => l.Contains("$ terraform plan", StringComparison.Ordinal));
        Assert.Contains(boxLines, l => l.EndsWith("policy (mandatory): " + box.Failure.Message, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Value.Steps.SelectMany(s => s.Lines), l => l.Contains("$ terraform apply", StringComparison.Ordinal));

        // Nothing was ever applied, so the destroy has nothing to run Terraform for (the refused box has no recorded inputs).
        var destroy = await host.Service.DestroyAsync(new EnvironmentCommand("strict", "pair-refused", "alice"), CancellationToken.None);
        Assert.True(destroy.Succeeded, destroy.Problem?.Detail);
        var destroyed = await host.WaitSettledAsync(id, TimeSpan.FromSeconds(90));
        Assert.Equal(EnvironmentStatus.Destroyed, destroyed.Status);
        Assert.All(destroyed.Resources, r => Assert.Equal(ResourceStatus.Destroyed, r.Status));
    }

    [Fact(Timeout = 180_000)]
    public async Task DeployThenUpdate_RuleSatisfiedThenViolatedByTheOnlyChange_PlansBeforeApplyingThenRefusesAtTheApplyStep()
    {
        await using var host = await LifecycleHost.StartAsync(output);
        var id = EnvironmentId.Parse("strict", "pair");

        var (created, ready) = await CreateSettledAsync(host, "pair", ("owner", "alice"));

        Assert.Equal(EnvironmentStatus.Ready, ready.Status);
        Assert.All(ready.Resources, r => Assert.Equal(1, r.ApplyCount));
        var deploy = await host.Runs.FindAsync(id, RunId.Parse(created.Run.Id), CancellationToken.None);
        var plans = deploy!.Steps.Where(s => s.Action == StepAction.Plan).ToList();
        var applies = deploy.Steps.Where(s => s.Action == StepAction.Apply).ToList();

        // after-box's inputs wait on box's output: its own apply step plans and checks it.
        Assert.Equal(["box", "plain"], plans.Select(s => s.Resource).Order(StringComparer.Ordinal));
        Assert.All(plans, s => Assert.Equal(StepStatus.Succeeded, s.Status));
        Assert.Equal(["after-box", "box", "plain"], applies.Select(s => s.Resource).Order(StringComparer.Ordinal));
        Assert.True(plans.Max(s => s.CompletedAt) <= applies.Min(s => s.StartedAt), "an apply started before every plan was checked");
        Assert.Empty(deploy.PolicyResults);

        var updated = await host.Service.UpdateAsync(
            new UpdateEnvironmentCommand("strict", "pair", TestInputs.Of(("tags", new Dictionary<string, string> { ["team"] = "b" })), null, null, "alice"), CancellationToken.None);
        Assert.True(updated.Succeeded, updated.Problem?.Detail);
        var refused = await host.WaitSettledAsync(id, TimeSpan.FromSeconds(90));

        Assert.Equal(EnvironmentStatus.Failed, refused.Status);
        Assert.Equal("Policy.Violated", refused.FindResource("box")!.Failure?.ErrorType);
        Assert.All(refused.Resources, r => Assert.Equal(1, r.ApplyCount));
        var update = await host.Runs.FindAsync(id, RunId.Parse(updated.Value.Run.Id), CancellationToken.None);

        // Only box changes and everything else that could change waits on it: no plan pass, box's own apply step refuses.
        var step = Assert.Single(update!.Steps);
        Assert.Equal(("box", StepAction.Apply, StepStatus.Failed), (step.Resource, step.Action, step.Status));
        Assert.Equal(ResourceStatus.Succeeded, refused.FindResource("after-box")!.Status);
        Assert.NotNull(await host.StateStore.GetStateAsync(TerraformStateAddress.Create("strict", "pair.box"), CancellationToken.None));
    }

    [Fact(Timeout = 120_000)]
    public async Task PlanAsync_MandatoryViolation_ShownOnTheResourcePlanAndNothingStored()
    {
        await using var host = await LifecycleHost.StartAsync(output);
        var id = EnvironmentId.Parse("strict", "what-if");
        var (_, ready) = await CreateSettledAsync(host, "what-if", ("owner", "alice"));
        Assert.Equal(EnvironmentStatus.Ready, ready.Status);

        var plan = await host.Service.PlanAsync(
            new PlanEnvironmentQuery("strict", "what-if", TestInputs.Of(("tags", new Dictionary<string, string> { ["team"] = "b" })), null), CancellationToken.None);

        Assert.True(plan.Succeeded, plan.Problem?.Detail);
        var box = plan.Value!.Resources.Single(r => r.Resource == "box");
        Assert.Equal("update", box.Action);
        Assert.Equal(
            new PolicyResultView("tag-guard", "requireTags", "mandatory", "box", "Policy 'tag-guard' requires tags on terraform_data.box; missing or empty: owner."),
            Assert.Single(box.PolicyResults));
        Assert.Empty(plan.Value.Resources.Single(r => r.Resource == "plain").PolicyResults);
        Assert.Equal("pending", plan.Value.Resources.Single(r => r.Resource == "after-box").Action);
        var after = await host.Environments.FindAsync(id, CancellationToken.None);
        Assert.Equal(ready.Version, after!.Version);
    }

    [Fact(Timeout = 180_000)]
    public async Task DeployThenRetry_StorageFailsDuringPreflight_RunFailsReleasedAndTheRetryDeploys()
    {
        var logs = new FailingPlanLogStore();
        await using var host = await LifecycleHost.StartAsync(output, services: s => s.AddSingleton<IStepLogStore>(logs));
        var id = EnvironmentId.Parse("strict", "pair-flaky");

        var (created, failed) = await CreateSettledAsync(host, "pair-flaky", ("owner", "alice"));

        Assert.True(logs.Failures > 0, "the store never failed");
        Assert.Equal(EnvironmentStatus.Failed, failed.Status);
        Assert.Null(failed.CurrentRunId);
        Assert.All(failed.Resources, r => Assert.Equal(0, r.ApplyCount));
        var run = await host.Runs.FindAsync(id, RunId.Parse(created.Run.Id), CancellationToken.None);
        Assert.Equal(RunStatus.Failed, run!.Status);
        Assert.Equal("Lifecycle.PreflightFailed", run.Failure?.ErrorType);
        Assert.NotEmpty(run.Steps);
        Assert.All(run.Steps, s => Assert.NotEqual(StepStatus.Running, s.Status));

        logs.Heal();
        var retried = await host.Service.RetryAsync(new EnvironmentCommand("strict", "pair-flaky", "alice"), CancellationToken.None);
        Assert.True(retried.Succeeded, retried.Problem?.Detail);
        var ready = await host.WaitSettledAsync(id, TimeSpan.FromSeconds(90));
        Assert.Equal(EnvironmentStatus.Ready, ready.Status);
        Assert.All(ready.Resources, r => Assert.Equal(1, r.ApplyCount));
    }

    /// <summary>Creates a tagged-pair environment in project "strict" with one tag and waits until it settles.</summary>
    private static async Task<(OperationAccepted Created, EnvironmentRecord Settled)> CreateSettledAsync(LifecycleHost host, string name, (string Key, string Value) tag)
    {
        var created = await host.Service.CreateAsync(
            new CreateEnvironmentCommand("strict", name, "tagged-pair", TestInputs.Of(("tags", new Dictionary<string, string> { [tag.Key] = tag.Value })), null, "alice"), CancellationToken.None);
        Assert.True(created.Succeeded, created.Problem?.Detail);
        return (created.Value!, await host.WaitSettledAsync(EnvironmentId.Parse("strict", name), TimeSpan.FromSeconds(90)));
    }

    /// <summary>Step logs in memory, except that writing a plan step's log fails until healed.</summary>
    private sealed class FailingPlanLogStore : IStepLogStore
    {
        private readonly InMemoryStepLogStore _inner = new();
        private volatile bool _healed;
        private int _failures;

        public int Failures => _failures;

        public void Heal() => _healed = true;

        public Task AppendAsync(StepLogId log, IReadOnlyList<string> lines, CancellationToken cancellationToken)
        {
            if (!_healed && log.StepName.Contains(".plan.", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _failures);
                throw new IOException("simulated storage outage");
            }

            return _inner.AppendAsync(log, lines, cancellationToken);
        }

        public Task<LogChunk> ReadAsync(StepLogId log, long offset, CancellationToken cancellationToken) => _inner.ReadAsync(log, offset, cancellationToken);

        public Task DeleteRunAsync(EnvironmentId environment, RunId run, CancellationToken cancellationToken) => _inner.DeleteRunAsync(environment, run, cancellationToken);
    }
}
