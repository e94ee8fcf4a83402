using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Policies;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.Tests.UseCases;
using EnvOrchestrator.Lifecycle.UseCases.Create;
using EnvOrchestrator.Testing.Lifecycle;
using Xunit.Abstractions;
using static EnvOrchestrator.Lifecycle.Tests.UseCases.Refusals;

namespace EnvOrchestrator.Lifecycle.Tests.Admission;

/// <summary>A platform admin's override (the API checks the role): recorded on the run with its reason; nothing refuses or waits.</summary>
public sealed class PolicyOverrideTests(ITestOutputHelper output)
{
    [Fact(Timeout = 120_000)]
    public async Task Deploy_MandatoryPlanRuleOverridden_AppliedAndTheRunRecordsWhoAndWhy()
    {
        await using var host = await LifecycleHost.StartAsync(output);
        var id = EnvironmentId.Parse("strict", "excused");

        var created = await host.Service.CreateAsync(
            new CreateEnvironmentCommand("strict", "excused", "tagged", TestInputs.Of(("tags", new Dictionary<string, string> { ["team"] = "a" })), null, "pat")
            {
                OverrideReason = "incident 4711: owner tag comes with the next provider release",
            },
            CancellationToken.None);
        Assert.True(created.Succeeded, created.Problem?.Detail);
        Assert.Equal(("pat", "incident 4711: owner tag comes with the next provider release"), (created.Value.Run.Override!.By, created.Value.Run.Override.Reason));
        var ready = await host.WaitSettledAsync(id, TimeSpan.FromSeconds(90));

        Assert.Equal(EnvironmentStatus.Ready, ready.Status);
        Assert.Equal(1, ready.FindResource("box")!.ApplyCount);
        var run = await host.Runs.FindAsync(id, RunId.Parse(created.Value.Run.Id), CancellationToken.None);
        var result = Assert.Single(run!.PolicyResults);
        Assert.Equal(("tag-guard", PolicyEnforcement.Mandatory, "box"), (result.Policy, result.Enforcement, result.Resource));
        Assert.Equal("pat", run.Override!.By);
        var logs = await host.Service.ReadRunLogsAsync(new RunLogsQuery("strict", "excused", run.Id.Value), CancellationToken.None);
        var lines = logs.Value!.Steps.SelectMany(s => s.Lines).ToList();
        Assert.Contains(lines, l => l.Contains("policy override by pat: incident 4711", StringComparison.Ordinal));
    }

    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_MandatoryBudgetAndApprovalOverridden_AcceptedWithoutWaitingAndResultsRecorded()
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        foreach (var name in new[] { "web-1", "web-2" })
        {
            Assert.True((await HandleAsync(services, "budgeted", name, null)).Succeeded);
        }

        var over = await HandleAsync(services, "budgeted", "web-3", "quarter-end demo, approved by finance");
        var gated = await HandleAsync(services, "gated", "web-1", "platform smoke test");

        Assert.True(over.Succeeded, over.Problem?.Detail);
        var recorded = Assert.Single(over.Value!.Run.PolicyResults);
        Assert.Equal(("maxProjectMonthlyCostUsd", "mandatory"), (recorded.Rule, recorded.Enforcement));
        Assert.Equal(EnvironmentStatus.Queued, over.Value.Environment.Status);
        Assert.True(gated.Succeeded, gated.Problem?.Detail);
        Assert.Equal(EnvironmentStatus.Queued, gated.Value!.Environment.Status);
        Assert.Null(gated.Value.Environment.Approval);
        Assert.Contains(gated.Value.Run.PolicyResults, r => r.Rule == "requireApproval");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("bell\u0007")]
    public async Task HandleAsync_OverrideWithoutAUsableReason_RefusedNamingTheFieldAndNothingStored(string reason)
    {
        await using var services = await UseCaseServices.CreateAsync(output);

        var result = await HandleAsync(services, "budgeted", "web-1", reason);

        AssertRefused(result, ProblemCodes.InvalidRequest, "policyOverride.reason", "policy-override.invalid-reason");
        Assert.Null(await services.Environments.FindAsync(EnvironmentId.Parse("budgeted", "web-1"), CancellationToken.None));
    }

    private static Task<LifecycleResult<OperationAccepted>> HandleAsync(UseCaseServices services, string project, string name, string? overrideReason) =>
        services.Get<CreateEnvironmentHandler>().HandleAsync(
            new CreateEnvironmentCommand(project, name, "web-stack", TestInputs.Of(), TimeSpan.FromHours(72), "pat") { OverrideReason = overrideReason },
            CancellationToken.None);
}
