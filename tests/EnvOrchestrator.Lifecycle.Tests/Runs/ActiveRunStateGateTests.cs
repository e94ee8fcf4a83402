using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.TerraformState;
using EnvOrchestrator.Lifecycle.Runs;
using EnvOrchestrator.Lifecycle.Tests.UseCases;
using Xunit.Abstractions;

namespace EnvOrchestrator.Lifecycle.Tests.Runs;

/// <summary>A run's state credentials open its states only while it is its environment's current run.</summary>
public sealed class ActiveRunStateGateTests(ITestOutputHelper output)
{
    [Fact(Timeout = 10_000)]
    public async Task IsActiveAsync_CurrentRunYesOtherOrEndedRunNo()
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        var run = RunId.New(UseCaseServices.Start);
        var environment = await services.SeedAsync("team-a", "web", EnvironmentStatus.Deploying, currentRun: run);
        var gate = new ActiveRunStateGate(services.Environments, services.Time);
        var address = StateAddresses.For(environment.Id, "only");

        Assert.True(await gate.IsActiveAsync(address, run.Value, CancellationToken.None));
        Assert.False(await gate.IsActiveAsync(address, RunId.New(UseCaseServices.Start, "0000000b").Value, CancellationToken.None));
        Assert.False(await gate.IsActiveAsync(TerraformStateAddress.Create("team-b", "web.only"), run.Value, CancellationToken.None));

        var ended = (await services.Environments.FindAsync(environment.Id, CancellationToken.None))!;
        Assert.True((await services.Environments.SaveAsync(ended with { CurrentRunId = null, Status = EnvironmentStatus.Ready }, ended.Version!, CancellationToken.None)).Succeeded);
        services.Time.Advance(TimeSpan.FromSeconds(6));
        Assert.False(await gate.IsActiveAsync(address, run.Value, CancellationToken.None));
    }

    [Fact(Timeout = 10_000)]
    public async Task IsActiveAsync_NameTooLongForTheStateName_FoundByItsPrefix()
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        var run = RunId.New(UseCaseServices.Start);
        var name = "a-very-long-environment-name-for-testing";
        var environment = await services.SeedAsync("team-a", name, EnvironmentStatus.Deploying, currentRun: run);
        var address = StateAddresses.For(environment.Id, "a-resource-with-a-long-name-too");
        var gate = new ActiveRunStateGate(services.Environments, services.Time);

        Assert.NotEqual($"{name}.a-resource-with-a-long-name-too", address.StateName);
        Assert.True(await gate.IsActiveAsync(address, run.Value, CancellationToken.None));
        Assert.False(await gate.IsActiveAsync(address, RunId.New(UseCaseServices.Start, "0000000c").Value, CancellationToken.None));
    }
}
