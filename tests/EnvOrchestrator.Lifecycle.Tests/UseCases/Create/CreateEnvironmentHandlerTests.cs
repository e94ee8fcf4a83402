using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.Orchestrations;
using EnvOrchestrator.Lifecycle.UseCases.Create;
using Xunit.Abstractions;
using static EnvOrchestrator.Lifecycle.Tests.UseCases.Refusals;

namespace EnvOrchestrator.Lifecycle.Tests.UseCases.Create;

/// <summary>The create use case on in-memory stores with a recording Durable Task client: admission and what it starts.</summary>
public sealed class CreateEnvironmentHandlerTests(ITestOutputHelper output)
{
    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_IdempotencyKeyWithControlCharacter_RefusedBeforeAnythingRuns()
    {
        await using var services = await UseCaseServices.CreateAsync(output);

        var result = await HandleAsync(services, Command() with { IdempotencyKey = "key\u0001" });

        AssertRefused(result, ProblemCodes.InvalidRequest, "Idempotency-Key", "idempotency.invalid-key");
        Assert.Null(await services.Environments.FindAsync(EnvironmentId.Parse("team-a", "web"), CancellationToken.None));
    }

    [Theory(Timeout = 10_000)]
    [InlineData("short-lived@not-a-version", "invalid-request", "template.invalid-reference")]
    [InlineData("no-such-template", "not-found", "template.unknown")]
    [InlineData("short-lived@2.0.0", "not-found", "template.unknown")]
    public async Task HandleAsync_TemplateNotInTheCatalog_RefusedOnTheTemplateField(string template, string code, string rule)
    {
        await using var services = await UseCaseServices.CreateAsync(output);

        var result = await HandleAsync(services, Command() with { Template = template });

        AssertRefused(result, code, "template", rule);
    }

    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_TemplateNotSharedWithTheProject_Forbidden()
    {
        await using var services = await UseCaseServices.CreateAsync(output);

        // cache-only is shared with team-a and team-b only.
        var result = await HandleAsync(services, Command("team-c") with { Template = "cache-only" });

        AssertRefused(result, ProblemCodes.Forbidden, "template", "template.not-shared");
    }

    [Theory(Timeout = 10_000)]
    [InlineData(0, "invalid-request", DomainErrorCodes.TtlNotPositive)]
    [InlineData(500, "rule-violated", DomainErrorCodes.TtlBelowMin)]
    [InlineData(3_600_000, "rule-violated", DomainErrorCodes.TtlAboveMax)]
    public async Task HandleAsync_TtlOutsideTheLifetimeLimits_RefusedOnTheTtlField(int milliseconds, string code, string rule)
    {
        await using var services = await UseCaseServices.CreateAsync(output);

        // short-lived: maxTtl 40s; the lifecycle's minimum TTL here is 1s.
        var result = await HandleAsync(services, Command() with { Ttl = TimeSpan.FromMilliseconds(milliseconds) });

        AssertRefused(result, code, "ttl", rule);
    }

    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_InputOutOfRange_RefusedNamingTheInput()
    {
        await using var services = await UseCaseServices.CreateAsync(output);

        var result = await HandleAsync(services, Command() with { Inputs = TestInputs.Of(("delay_seconds", 1000)) });

        AssertRefused(result, ProblemCodes.InvalidRequest, "inputs.delay_seconds", "input.out-of-range");
    }

    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_MandatoryPolicyBroken_RuleViolatedNamingThePolicyRule()
    {
        await using var services = await UseCaseServices.CreateAsync(output);

        // Policy lifetime-cap: environments in project "capped" live at most 90 minutes; "tagged" allows 8h.
        var result = await HandleAsync(services, Command("capped") with { Template = "tagged", Ttl = TimeSpan.FromHours(2) });

        var problem = AssertRefused(result, ProblemCodes.RuleViolated, "ttl", "policy.maxTtl");
        Assert.Contains("lifetime-cap", problem.Detail, StringComparison.Ordinal);
    }

    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_NameTakenByALiveEnvironment_ConflictAndTheOtherLeftAlone()
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        var live = await services.SeedAsync("team-a", "web", EnvironmentStatus.Ready);

        var result = await HandleAsync(services, Command());

        AssertRefused(result, ProblemCodes.Conflict, "name", "environment.exists");
        Assert.Equal(live.Version, (await services.Environments.FindAsync(live.Id, CancellationToken.None))!.Version);
        Assert.Empty(services.Client.Scheduled);
    }

    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_Admitted_StoresTheEnvironmentTakingADeployRunAndSchedulesDeployAndLifetime()
    {
        await using var services = await UseCaseServices.CreateAsync(output);

        var result = await HandleAsync(services, Command() with { Ttl = TimeSpan.FromSeconds(30), Inputs = TestInputs.Of(("delay_seconds", 2)) });

        Assert.True(result.Succeeded, result.Problem?.Detail);
        var stored = await services.Environments.FindAsync(EnvironmentId.Parse("team-a", "web"), CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(EnvironmentStatus.Queued, stored.Status);
        Assert.Equal(result.Value.Run.Id, stored.CurrentRunId?.Value);
        Assert.Equal(UseCaseServices.Start.AddSeconds(30), stored.ExpiresAt);
        Assert.Equal("alice", stored.CreatedBy);
        Assert.Equal(["only"], stored.Resources.Select(r => r.Name));
        var run = await services.Runs.FindAsync(stored.Id, stored.CurrentRunId!, CancellationToken.None);
        Assert.Equal(RunKind.Deploy, run?.Kind);
        Assert.Equal(
            [nameof(DeployOrchestrator), nameof(LifetimeOrchestrator)],
            services.Client.Scheduled.Select(s => s.Name).Order(StringComparer.Ordinal));
        Assert.Contains(services.Client.Scheduled, s => s.InstanceId == result.Value.InstanceId && s.Name == nameof(DeployOrchestrator));
    }

    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_SameIdempotencyKeyRepeated_ReplaysTheFirstAnswerAndStartsOneRun()
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        var command = Command() with { IdempotencyKey = "create-web-1" };

        var first = await HandleAsync(services, command);
        var replay = await HandleAsync(services, command);
        var other = await HandleAsync(services, command with { Ttl = TimeSpan.FromSeconds(20) });

        Assert.True(first.Succeeded, first.Problem?.Detail);
        Assert.True(replay.Succeeded, replay.Problem?.Detail);
        Assert.Equal(first.Value.Run.Id, replay.Value.Run.Id);
        Assert.Single(services.Client.Scheduled, s => s.Name == nameof(DeployOrchestrator));
        AssertRefused(other, ProblemCodes.IdempotencyKeyReused, "Idempotency-Key", "idempotency.key-reused");
    }

    [Fact(Timeout = 10_000)]
    public async Task HandleAsync_RefusedWithAKey_KeyFreedForTheCorrectedRequest()
    {
        await using var services = await UseCaseServices.CreateAsync(output);
        var command = Command() with { IdempotencyKey = "create-web-2" };

        var refused = await HandleAsync(services, command with { Ttl = TimeSpan.FromHours(1) });
        var corrected = await HandleAsync(services, command);

        AssertRefused(refused, ProblemCodes.RuleViolated, "ttl", DomainErrorCodes.TtlAboveMax);
        Assert.True(corrected.Succeeded, corrected.Problem?.Detail);
    }

    private static CreateEnvironmentCommand Command(string project = "team-a", string name = "web") =>
        new(project, name, "short-lived", TestInputs.Of(), Ttl: null, "alice");

    private static Task<LifecycleResult<OperationAccepted>> HandleAsync(UseCaseServices services, CreateEnvironmentCommand command) =>
        services.Get<CreateEnvironmentHandler>().HandleAsync(command, CancellationToken.None);
}
