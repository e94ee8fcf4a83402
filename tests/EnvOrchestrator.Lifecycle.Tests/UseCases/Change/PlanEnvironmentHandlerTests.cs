using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.UseCases.Change;
using Xunit.Abstractions;
using static EnvOrchestrator.Lifecycle.Tests.UseCases.Refusals;

namespace EnvOrchestrator.Lifecycle.Tests.UseCases.Change;

/// <summary>
/// The plan (what-if) use case's refusals, which it shares with update. A plan that runs needs Terraform and the state
/// backend: <c>Activities/PreflightTests.PlanAsync_MandatoryViolation_ShownOnTheResourcePlanAndNothingStored</c> covers it.
/// </summary>
public sealed class PlanEnvironmentHandlerTests(ITestOutputHelper output)
{
    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_DestroyStoppedPartWay_Conflict()
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        await services.SeedAsync("team-a", "web", EnvironmentStatus.Failed, resources: ResourceStatus.Destroyed);

        var result = await HandleAsync(services, new PlanEnvironmentQuery("team-a", "web", null, null));

        AssertRefused(result, ProblemCodes.Conflict, "status", "update.destroy-unfinished");
    }

    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_UnknownInput_RefusedNamingItAndNothingStored()
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        var seeded = await services.SeedAsync("team-a", "web", EnvironmentStatus.Ready);

        var result = await HandleAsync(services, new PlanEnvironmentQuery("team-a", "web", TestInputs.Of(("cache_sku", "Basic")), null));

        AssertRefused(result, ProblemCodes.InvalidRequest, "inputs.cache_sku", "input.unknown");
        Assert.Equal(seeded.Version, (await services.Environments.FindAsync(seeded.Id, CancellationToken.None))!.Version);
        Assert.Empty(services.Client.Scheduled);
    }

    private static Task<LifecycleResult<PlanView>> HandleAsync(UseCaseServices services, PlanEnvironmentQuery query) =>
        services.Get<PlanEnvironmentHandler>().HandleAsync(query, CancellationToken.None);
}
