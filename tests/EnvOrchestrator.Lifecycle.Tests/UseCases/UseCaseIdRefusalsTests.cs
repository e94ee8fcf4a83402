using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.UseCases.Cancel;
using EnvOrchestrator.Lifecycle.UseCases.Change;
using EnvOrchestrator.Lifecycle.UseCases.Create;
using EnvOrchestrator.Lifecycle.UseCases.Destroy;
using EnvOrchestrator.Lifecycle.UseCases.Environments;
using EnvOrchestrator.Lifecycle.UseCases.Extend;
using EnvOrchestrator.Lifecycle.UseCases.Purge;
using EnvOrchestrator.Lifecycle.UseCases.Retry;
using EnvOrchestrator.Lifecycle.UseCases.Runs;
using Xunit.Abstractions;

namespace EnvOrchestrator.Lifecycle.Tests.UseCases;

/// <summary>
/// What every use case on one environment refuses the same way, asked of each handler: a malformed project or
/// environment name (nothing looked up) and an environment that does not exist (nothing scheduled).
/// </summary>
public sealed class UseCaseIdRefusalsTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, Func<UseCaseServices, string, string, Task<LifecycleProblem?>>> UseCases = new(StringComparer.Ordinal)
    {
        ["create"] = async (s, p, n) => (await s.Get<CreateEnvironmentHandler>().HandleAsync(new CreateEnvironmentCommand(p, n, "short-lived", TestInputs.Of(), null, "u"), default)).Problem,
        ["update"] = async (s, p, n) => (await s.Get<UpdateEnvironmentHandler>().HandleAsync(new UpdateEnvironmentCommand(p, n, null, null, null, "u"), default)).Problem,
        ["plan"] = async (s, p, n) => (await s.Get<PlanEnvironmentHandler>().HandleAsync(new PlanEnvironmentQuery(p, n, null, null), default)).Problem,
        ["destroy"] = async (s, p, n) => (await s.Get<DestroyEnvironmentHandler>().HandleAsync(new EnvironmentCommand(p, n, "u"), default)).Problem,
        ["purge"] = async (s, p, n) => (await s.Get<PurgeEnvironmentHandler>().HandleAsync(new EnvironmentCommand(p, n, "u"), default)).Problem,
        ["extend"] = async (s, p, n) => (await s.Get<ExtendEnvironmentHandler>().HandleAsync(new ExtendEnvironmentCommand(p, n, TimeSpan.FromSeconds(5), "u"), default)).Problem,
        ["retry"] = async (s, p, n) => (await s.Get<RetryEnvironmentHandler>().HandleAsync(new EnvironmentCommand(p, n, "u"), default)).Problem,
        ["cancel"] = async (s, p, n) => (await s.Get<CancelRunHandler>().HandleAsync(new EnvironmentCommand(p, n, "u"), default)).Problem,
        ["get"] = async (s, p, n) => (await s.Get<EnvironmentQueries>().GetAsync(new EnvironmentQuery(p, n), default)).Problem,
        ["runs"] = async (s, p, n) => (await s.Get<RunQueries>().ListAsync(new ListRunsQuery(p, n), default)).Problem,
    };

    public static TheoryData<string> Names => [.. UseCases.Keys];

    public static TheoryData<string> Lookups => [.. UseCases.Keys.Where(k => k != "create")];

    [Theory(Timeout = 10_000)]
    [MemberData(nameof(Names))]
    public async Task HandleAsync_MalformedProject_RefusedOnTheProjectField(string useCase)
    {
        await using var services = await UseCaseServices.CreateAsync(output);

        var problem = await UseCases[useCase](services, "Team_A", "web");

        Assert.Equal(("invalid-request", "project", "name.invalid"), ($"{problem?.Code}", problem?.Field, problem?.Rule));
    }

    [Theory(Timeout = 10_000)]
    [MemberData(nameof(Names))]
    public async Task HandleAsync_MalformedName_RefusedOnTheNameField(string useCase)
    {
        await using var services = await UseCaseServices.CreateAsync(output);

        var problem = await UseCases[useCase](services, "team-a", "Web Site");

        Assert.Equal(("invalid-request", "name", "name.invalid"), ($"{problem?.Code}", problem?.Field, problem?.Rule));
    }

    [Theory(Timeout = 10_000)]
    [MemberData(nameof(Lookups))]
    public async Task HandleAsync_UnknownEnvironment_NotFoundAndNothingScheduled(string useCase)
    {
        await using var services = await UseCaseServices.CreateAsync(output);

        var problem = await UseCases[useCase](services, "team-a", "web");

        Assert.Equal(("not-found", "name", "environment.not-found"), ($"{problem?.Code}", problem?.Field, problem?.Rule));
        Assert.Empty(services.Client.Scheduled);
        Assert.Empty(services.Client.Raised);
    }
}
