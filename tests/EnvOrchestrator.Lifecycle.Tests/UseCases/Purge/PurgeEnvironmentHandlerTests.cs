using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.UseCases.Purge;
using Xunit.Abstractions;
using static EnvOrchestrator.Lifecycle.Tests.UseCases.Refusals;

namespace EnvOrchestrator.Lifecycle.Tests.UseCases.Purge;

/// <summary>The purge use case on in-memory stores (retention and name reuse: <c>Retention/PurgeTests</c>).</summary>
public sealed class PurgeEnvironmentHandlerTests(ITestOutputHelper output)
{
    [Theory(Timeout = 10_000)]
    [InlineData(EnvironmentStatus.Ready)]
    [InlineData(EnvironmentStatus.Failed)]
    [InlineData(EnvironmentStatus.Destroying)]
    public async Task HandleAsync_NotDestroyed_ConflictAndTheEnvironmentAndItsRunsKept(EnvironmentStatus status)
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        var seeded = await services.SeedAsync("team-a", "web", status);
        await services.SeedRunAsync(seeded, RunKind.Deploy);

        var result = await HandleAsync(services, "web");

        AssertRefused(result, ProblemCodes.Conflict, "status", "environment.not-destroyed");
        Assert.NotNull(await services.Environments.FindAsync(seeded.Id, CancellationToken.None));
        Assert.Single((await services.Runs.ListAsync(seeded.Id, 10, null, CancellationToken.None)).Items);
    }

    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_Destroyed_RemovesTheEnvironmentAndItsRuns()
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        var seeded = await services.SeedAsync("team-a", "web", EnvironmentStatus.Destroyed);
        await services.SeedRunAsync(seeded, RunKind.Deploy);
        await services.SeedRunAsync(seeded, RunKind.Destroy);

        var result = await HandleAsync(services, "web");

        Assert.True(result.Succeeded, result.Problem?.Detail);
        Assert.Equal(("team-a", "web"), (result.Value.Project, result.Value.Name));
        Assert.Null(await services.Environments.FindAsync(seeded.Id, CancellationToken.None));
        Assert.Empty((await services.Runs.ListAsync(seeded.Id, 10, null, CancellationToken.None)).Items);
    }

    private static Task<LifecycleResult<EnvironmentPurged>> HandleAsync(UseCaseServices services, string name) =>
        services.Get<PurgeEnvironmentHandler>().HandleAsync(new EnvironmentCommand("team-a", name, "alice"), CancellationToken.None);
}
