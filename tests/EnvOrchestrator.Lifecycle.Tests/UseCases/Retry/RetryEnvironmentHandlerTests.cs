using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.Orchestrations;
using EnvOrchestrator.Lifecycle.UseCases.Retry;
using Xunit.Abstractions;
using static EnvOrchestrator.Lifecycle.Tests.UseCases.Refusals;

namespace EnvOrchestrator.Lifecycle.Tests.UseCases.Retry;

/// <summary>The retry use case on in-memory stores with a recording Durable Task client (a retry that runs: <c>FailureRetryTests</c>).</summary>
public sealed class RetryEnvironmentHandlerTests(ITestOutputHelper output)
{
    [Theory(Timeout = 10_000)]
    [InlineData(EnvironmentStatus.Ready)]
    [InlineData(EnvironmentStatus.Destroyed)]
    public async Task HandleAsync_NeitherFailedNorCancelled_ConflictOnTheStatus(EnvironmentStatus status)
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        await services.SeedAsync("team-a", "web", status);

        var result = await HandleAsync(services);

        AssertRefused(result, ProblemCodes.Conflict, "status", "retry.not-failed");
        Assert.Empty(services.Client.Scheduled);
    }

    [Theory(Timeout = 10_000)]
    [InlineData(EnvironmentStatus.Failed, RunKind.Deploy, EnvironmentStatus.Deploying, nameof(DeployOrchestrator))]
    [InlineData(EnvironmentStatus.Cancelled, RunKind.Update, EnvironmentStatus.Updating, nameof(DeployOrchestrator))]
    [InlineData(EnvironmentStatus.Failed, RunKind.Destroy, EnvironmentStatus.Destroying, nameof(DestroyOrchestrator))]
    public async Task HandleAsync_FailedOrCancelled_RetryRunResumesWhatTheLastRunDid(
        EnvironmentStatus status, RunKind last, EnvironmentStatus working, string orchestrator)
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        var seeded = await services.SeedAsync("team-a", "web", status);
        await services.SeedRunAsync(seeded, last);

        var result = await HandleAsync(services);

        Assert.True(result.Succeeded, result.Problem?.Detail);
        var stored = (await services.Environments.FindAsync(seeded.Id, CancellationToken.None))!;
        Assert.Equal(working, stored.Status);
        Assert.Equal(RunKind.Retry, (await services.Runs.FindAsync(seeded.Id, stored.CurrentRunId!, CancellationToken.None))?.Kind);
        var scheduled = Assert.Single(services.Client.Scheduled);
        Assert.Equal((orchestrator, result.Value.InstanceId), (scheduled.Name, scheduled.InstanceId));
    }

    private static Task<LifecycleResult<OperationAccepted>> HandleAsync(UseCaseServices services, string name = "web") =>
        services.Get<RetryEnvironmentHandler>().HandleAsync(new EnvironmentCommand("team-a", name, "alice"), CancellationToken.None);
}
