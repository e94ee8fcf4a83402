using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Cancellation;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.Orchestrations;
using EnvOrchestrator.Lifecycle.Runs;
using EnvOrchestrator.Lifecycle.UseCases.Cancel;
using Microsoft.DurableTask;
using Xunit.Abstractions;
using static EnvOrchestrator.Lifecycle.Tests.UseCases.Refusals;

namespace EnvOrchestrator.Lifecycle.Tests.UseCases.Cancel;

/// <summary>The cancel use case on in-memory stores with a recording Durable Task client (a cancel that stops Terraform: <c>CancelTests</c>).</summary>
public sealed class CancelRunHandlerTests(ITestOutputHelper output)
{
    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_NoRunWorking_ConflictNoRun()
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        await services.SeedAsync("team-a", "web", EnvironmentStatus.Ready);

        var result = await HandleAsync(services);

        AssertRefused(result, ProblemCodes.Conflict, "status", "cancel.no-run");
        Assert.Empty(services.Client.Raised);
    }

    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_DestroyRunning_ConflictAndTheDestroyNotDisturbed()
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        var seeded = await services.SeedAsync("team-a", "web", EnvironmentStatus.Destroying, currentRun: RunId.New(UseCaseServices.Start));
        var run = await services.SeedRunAsync(seeded, RunKind.Destroy);

        var result = await HandleAsync(services);

        AssertRefused(result, ProblemCodes.Conflict, "status", "cancel.destroy");
        Assert.Empty(services.Client.Raised);
        Assert.False(services.Get<RunCancellationRegistry>().TokenFor(run.Id.Value).IsCancellationRequested);
    }

    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_DeployRunning_CancelRaisedToItsOrchestrationAndItsStepsInThisProcess()
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        var seeded = await services.SeedAsync("team-a", "web", EnvironmentStatus.Deploying, currentRun: RunId.New(UseCaseServices.Start));
        var run = await services.SeedRunAsync(seeded, RunKind.Deploy);
        await ScheduleAsync(services, seeded, run);

        var result = await HandleAsync(services);

        Assert.True(result.Succeeded, result.Problem?.Detail);
        Assert.Equal((run.Id.Value, RunKind.Deploy), (result.Value.Id, result.Value.Kind));
        var raised = Assert.Single(services.Client.Raised);
        Assert.Equal((LifecycleInstanceIds.ForRun(seeded.Id, RunKind.Deploy, run.Id), LifecycleEvents.Cancel, "carol"), (raised.InstanceId, raised.Name, raised.Payload));
        Assert.True(services.Get<RunCancellationRegistry>().TokenFor(run.Id.Value).IsCancellationRequested);
    }

    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_OrchestrationNotStartedYet_CancelStoredOnTheRunAndRaised()
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        var seeded = await services.SeedAsync("team-a", "web", EnvironmentStatus.Queued, currentRun: RunId.New(UseCaseServices.Start));
        var run = await services.SeedRunAsync(seeded, RunKind.Deploy);
        var instanceId = await ScheduleAsync(services, seeded, run, pending: true);

        var result = await HandleAsync(services);

        Assert.True(result.Succeeded, result.Problem?.Detail);
        Assert.Equal(new CancelRequestView("carol", UseCaseServices.Start), result.Value.CancelRequest);
        Assert.Equal(new RunCancelRequest("carol", UseCaseServices.Start), (await services.Runs.FindAsync(seeded.Id, run.Id, CancellationToken.None))!.CancelRequest);
        Assert.Equal(instanceId, Assert.Single(services.Client.Raised).InstanceId);
    }

    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_RunRecordedButNotScheduled_CancelStoredAndNoEventRaised()
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        var seeded = await services.SeedAsync("team-a", "web", EnvironmentStatus.Queued, currentRun: RunId.New(UseCaseServices.Start));
        var run = await services.SeedRunAsync(seeded, RunKind.Deploy);

        var result = await HandleAsync(services);

        Assert.True(result.Succeeded, result.Problem?.Detail);
        Assert.Equal("carol", (await services.Runs.FindAsync(seeded.Id, run.Id, CancellationToken.None))!.CancelRequest?.By);
        Assert.Empty(services.Client.Raised);
        Assert.True(services.Get<RunCancellationRegistry>().TokenFor(run.Id.Value).IsCancellationRequested);
    }

    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_CancelledTwice_FirstRequestKept()
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        var seeded = await services.SeedAsync("team-a", "web", EnvironmentStatus.Deploying, currentRun: RunId.New(UseCaseServices.Start));
        var run = await services.SeedRunAsync(seeded, RunKind.Deploy);
        await ScheduleAsync(services, seeded, run);

        await HandleAsync(services);
        services.Time.Advance(TimeSpan.FromMinutes(1));
        var again = await services.Get<CancelRunHandler>().HandleAsync(new EnvironmentCommand("team-a", "web", "dave"), CancellationToken.None);

        Assert.True(again.Succeeded, again.Problem?.Detail);
        Assert.Equal(new RunCancelRequest("carol", UseCaseServices.Start), (await services.Runs.FindAsync(seeded.Id, run.Id, CancellationToken.None))!.CancelRequest);
        Assert.Equal(2, services.Client.Raised.Count);
    }

    private static async Task<string> ScheduleAsync(UseCaseServices services, EnvironmentRecord environment, RunRecord run, bool pending = false)
    {
        var instanceId = LifecycleInstanceIds.ForRun(environment.Id, run.Kind, run.Id);
        if (pending)
        {
            services.Client.KeepPending(instanceId);
        }

        return await services.Client.ScheduleNewOrchestrationInstanceAsync(nameof(DeployOrchestrator), null, new StartOrchestrationOptions(instanceId));
    }

    private static Task<LifecycleResult<RunView>> HandleAsync(UseCaseServices services, string name = "web") =>
        services.Get<CancelRunHandler>().HandleAsync(new EnvironmentCommand("team-a", name, "carol"), CancellationToken.None);
}
