using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Values;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.Orchestrations;
using EnvOrchestrator.Lifecycle.UseCases.Change;
using Xunit.Abstractions;
using static EnvOrchestrator.Lifecycle.Tests.UseCases.Refusals;

namespace EnvOrchestrator.Lifecycle.Tests.UseCases.Change;

/// <summary>The update use case on in-memory stores with a recording Durable Task client.</summary>
public sealed class UpdateEnvironmentHandlerTests(ITestOutputHelper output)
{
    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_DestroyStoppedPartWay_ConflictPointingAtRetryOrDestroy()
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        await services.SeedAsync("team-a", "web", EnvironmentStatus.Failed, template: "cache-only", resources: ResourceStatus.Destroyed);

        var result = await HandleAsync(services, Command());

        var problem = AssertRefused(result, ProblemCodes.Conflict, "status", "update.destroy-unfinished");
        Assert.Contains("retry", problem.Detail, StringComparison.Ordinal);
        Assert.Empty(services.Client.Scheduled);
    }

    [Theory(Timeout = 10_000)]
    [InlineData("1.x", "invalid-request", "version.invalid")]
    [InlineData("9.0.0", "not-found", "template.unknown")]
    public async Task HandleAsync_TemplateVersionNotInTheCatalog_RefusedOnTheVersionField(string version, string code, string rule)
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        await services.SeedAsync("team-a", "web", EnvironmentStatus.Ready);

        var result = await HandleAsync(services, Command() with { TemplateVersion = version });

        AssertRefused(result, code, "templateVersion", rule);
    }

    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_InputOutOfRange_RefusedNamingTheInputAndNothingChanges()
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        var seeded = await services.SeedAsync("team-a", "web", EnvironmentStatus.Ready);

        var result = await HandleAsync(services, Command(delay: 1000));

        AssertRefused(result, ProblemCodes.InvalidRequest, "inputs.delay_seconds", "input.out-of-range");
        Assert.Equal(seeded.Version, (await services.Environments.FindAsync(seeded.Id, CancellationToken.None))!.Version);
    }

    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_StaleIfMatch_PreconditionFailed()
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        await services.SeedAsync("team-a", "web", EnvironmentStatus.Ready);

        var result = await HandleAsync(services, Command() with { IfMatch = "\"stale\"" });

        AssertRefused(result, ProblemCodes.PreconditionFailed, "If-Match", "etag-mismatch");
        Assert.Empty(services.Client.Scheduled);
    }

    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_RunInProgress_ConflictAndTheRunKeepsTheEnvironment()
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        var running = RunId.New(UseCaseServices.Start);
        await services.SeedAsync("team-a", "web", EnvironmentStatus.Deploying, currentRun: running);

        var result = await HandleAsync(services, Command());

        AssertRefused(result, ProblemCodes.Conflict, "name", DomainErrorCodes.RunInProgress);
        Assert.Equal(running, (await services.Environments.FindAsync(EnvironmentId.Parse("team-a", "web"), CancellationToken.None))!.CurrentRunId);
    }

    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_ReadyWithCurrentETag_StoresNewInputsWithAnUpdateRunAndSchedulesIt()
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        var seeded = await services.SeedAsync("team-a", "web", EnvironmentStatus.Ready);

        var result = await HandleAsync(services, Command(delay: 5) with { IfMatch = $"W/\"{seeded.Version}\"" });

        Assert.True(result.Succeeded, result.Problem?.Detail);
        var stored = (await services.Environments.FindAsync(seeded.Id, CancellationToken.None))!;
        Assert.Equal(EnvironmentStatus.Updating, stored.Status);
        Assert.Equal(new NumberValue(5m), stored.Inputs["delay_seconds"]);
        Assert.Equal(RunKind.Update, (await services.Runs.FindAsync(seeded.Id, stored.CurrentRunId!, CancellationToken.None))?.Kind);
        var scheduled = Assert.Single(services.Client.Scheduled);
        Assert.Equal((nameof(DeployOrchestrator), result.Value.InstanceId), (scheduled.Name, scheduled.InstanceId));
    }

    private static UpdateEnvironmentCommand Command(int? delay = null) =>
        new("team-a", "web", delay is null ? null : TestInputs.Of(("delay_seconds", delay.Value)), TemplateVersion: null, IfMatch: null, "alice");

    private static Task<LifecycleResult<OperationAccepted>> HandleAsync(UseCaseServices services, UpdateEnvironmentCommand command) =>
        services.Get<UpdateEnvironmentHandler>().HandleAsync(command, CancellationToken.None);
}
