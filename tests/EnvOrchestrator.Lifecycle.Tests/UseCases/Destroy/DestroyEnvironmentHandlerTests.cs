using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.Orchestrations;
using EnvOrchestrator.Lifecycle.UseCases.Destroy;
using Xunit.Abstractions;
using static EnvOrchestrator.Lifecycle.Tests.UseCases.Refusals;

namespace EnvOrchestrator.Lifecycle.Tests.UseCases.Destroy;

/// <summary>The destroy use case on in-memory stores with a recording Durable Task client.</summary>
public sealed class DestroyEnvironmentHandlerTests(ITestOutputHelper output)
{
    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_AlreadyDestroyed_ConflictOnTheStatus()
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        await services.SeedAsync("team-a", "web", EnvironmentStatus.Destroyed);

        var result = await HandleAsync(services, "team-a", "web");

        AssertRefused(result, ProblemCodes.Conflict, "status", DomainErrorCodes.InvalidTransition);
    }

    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_RunInProgress_ConflictAndNoSecondRun()
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        await services.SeedAsync("team-a", "web", EnvironmentStatus.Deploying, currentRun: RunId.New(UseCaseServices.Start));

        var result = await HandleAsync(services, "team-a", "web");

        AssertRefused(result, ProblemCodes.Conflict, "name", DomainErrorCodes.RunInProgress);
        Assert.Empty(services.Client.Scheduled);
    }

    [Theory(Timeout = 10_000)]
    [InlineData(EnvironmentStatus.Ready)]
    [InlineData(EnvironmentStatus.Failed)]
    public async Task HandleAsync_SettledEnvironment_DestroyingWithADestroyRunScheduledOnTheDestroyOrchestrator(EnvironmentStatus status)
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        var seeded = await services.SeedAsync("team-a", "web", status);

        var result = await HandleAsync(services, "team-a", "web");

        Assert.True(result.Succeeded, result.Problem?.Detail);
        var stored = (await services.Environments.FindAsync(seeded.Id, CancellationToken.None))!;
        Assert.Equal(EnvironmentStatus.Destroying, stored.Status);
        Assert.Equal(RunKind.Destroy, (await services.Runs.FindAsync(seeded.Id, stored.CurrentRunId!, CancellationToken.None))?.Kind);
        Assert.Equal("bob", result.Value.Run.RequestedBy);
        var scheduled = Assert.Single(services.Client.Scheduled);
        Assert.Equal((nameof(DestroyOrchestrator), result.Value.InstanceId), (scheduled.Name, scheduled.InstanceId));
    }

    private static Task<LifecycleResult<OperationAccepted>> HandleAsync(UseCaseServices services, string project, string name) =>
        services.Get<DestroyEnvironmentHandler>().HandleAsync(new EnvironmentCommand(project, name, "bob"), CancellationToken.None);
}
