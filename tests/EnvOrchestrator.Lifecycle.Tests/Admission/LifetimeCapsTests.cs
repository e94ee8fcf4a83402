using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Admission;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.Tests.UseCases;
using EnvOrchestrator.Lifecycle.UseCases.Create;
using EnvOrchestrator.Lifecycle.UseCases.Extend;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static EnvOrchestrator.Lifecycle.Tests.UseCases.Refusals;

namespace EnvOrchestrator.Lifecycle.Tests.Admission;

/// <summary>
/// Organisation and project TTL caps combined with the template's ("short-lived": maxTtl 40s, one extension of at most
/// 10s): the strictest wins and a refusal names the setting that set it.
/// </summary>
public sealed class LifetimeCapsTests(ITestOutputHelper output)
{
    [Fact(Timeout = 10_000)]
    public async Task CreateAsync_TtlAboveTheOrganisationMaximum_RefusedNamingTheSetting()
    {
        await using var services = await CreateAsync(o => o.Ttl.Maximum = TimeSpan.FromSeconds(20));

        var result = await CreateAsync(services, TimeSpan.FromSeconds(30));

        var problem = AssertRefused(result, ProblemCodes.RuleViolated, "ttl", DomainErrorCodes.TtlAboveMax);
        Assert.Contains("Lifecycle:Ttl:Maximum", problem.Detail, StringComparison.Ordinal);
    }

    [Fact(Timeout = 10_000)]
    public async Task CreateAsync_ProjectCapTighterThanTheOrganisation_NamesTheProjectSetting()
    {
        await using var services = await CreateAsync(o =>
        {
            o.Ttl.Maximum = TimeSpan.FromSeconds(30);
            o.Projects["team-a"] = new ProjectLimitOptions { Ttl = new TtlLimitOptions { Maximum = TimeSpan.FromSeconds(15) } };
        });

        var refused = await CreateAsync(services, TimeSpan.FromSeconds(20));
        var otherProject = await CreateAsync(services, TimeSpan.FromSeconds(20), project: "team-b");

        var problem = AssertRefused(refused, ProblemCodes.RuleViolated, "ttl", DomainErrorCodes.TtlAboveMax);
        Assert.Contains("Lifecycle:Projects:team-a:Ttl:Maximum", problem.Detail, StringComparison.Ordinal);
        Assert.True(otherProject.Succeeded, otherProject.Problem?.Detail);
    }

    [Fact(Timeout = 10_000)]
    public async Task CreateAsync_OrganisationCapLooserThanTheTemplate_TemplateNamed()
    {
        await using var services = await CreateAsync(o => o.Ttl.Maximum = TimeSpan.FromHours(1));

        var result = await CreateAsync(services, TimeSpan.FromMinutes(1));

        var problem = AssertRefused(result, ProblemCodes.RuleViolated, "ttl", DomainErrorCodes.TtlAboveMax);
        Assert.Contains("spec.lifetime.maxTtl", problem.Detail, StringComparison.Ordinal);
    }

    // short-lived's own defaultTtl is 8s: the shorter default wins.
    [Theory(Timeout = 10_000)]
    [InlineData(5, 5)]
    [InlineData(12, 8)]
    public async Task CreateAsync_NoTtlAsked_ShorterOfOrganisationAndTemplateDefaultApplied(int organisationDefault, int expected)
    {
        await using var services = await CreateAsync(o => o.Ttl.Default = TimeSpan.FromSeconds(organisationDefault));

        var result = await CreateAsync(services, ttl: null);

        Assert.True(result.Succeeded, result.Problem?.Detail);
        var stored = await services.Environments.FindAsync(EnvironmentId.Parse("team-a", "web"), CancellationToken.None);
        Assert.Equal(UseCaseServices.Start.AddSeconds(expected), stored!.ExpiresAt);
    }

    [Fact(Timeout = 10_000)]
    public async Task ExtendAsync_BeyondTheOrganisationMaxExtension_RefusedNamingTheSetting()
    {
        await using var services = await CreateAsync(o => o.Ttl.MaxExtension = TimeSpan.FromSeconds(3));
        var seeded = await services.SeedAsync("team-a", "web", EnvironmentStatus.Ready);

        var refused = await ExtendAsync(services, TimeSpan.FromSeconds(5));
        var allowed = await ExtendAsync(services, TimeSpan.FromSeconds(3));

        var problem = AssertRefused(refused, ProblemCodes.RuleViolated, "by", DomainErrorCodes.ExtensionTooLong);
        Assert.Contains("Lifecycle:Ttl:MaxExtension", problem.Detail, StringComparison.Ordinal);
        Assert.True(allowed.Succeeded, allowed.Problem?.Detail);
        Assert.Equal(seeded.ExpiresAt!.Value.AddSeconds(3), allowed.Value.ExpiresAt);
    }

    [Fact(Timeout = 10_000)]
    public async Task ExtendAsync_ProjectAllowsNoExtension_RefusedNamingTheProject()
    {
        await using var services = await CreateAsync(o =>
            o.Projects["team-a"] = new ProjectLimitOptions { Ttl = new TtlLimitOptions { MaxExtensions = 0 } });
        await services.SeedAsync("team-a", "web", EnvironmentStatus.Ready);

        var result = await ExtendAsync(services, TimeSpan.FromSeconds(5));

        var problem = AssertRefused(result, ProblemCodes.RuleViolated, "by", DomainErrorCodes.ExtensionCountExceeded);
        Assert.Contains("project 'team-a'", problem.Detail, StringComparison.Ordinal);
    }

    [Fact(Timeout = 10_000)]
    public async Task ExtendAsync_PastTheTotalLifetime_RefusedSayingHowMuchIsLeft()
    {
        await using var services = await CreateAsync(o => o.Ttl.MaxTotalLifetime = TimeSpan.FromSeconds(25));
        await services.SeedAsync("team-a", "web", EnvironmentStatus.Ready);

        var result = await ExtendAsync(services, TimeSpan.FromSeconds(8));

        var problem = AssertRefused(result, ProblemCodes.RuleViolated, "by", DomainErrorCodes.ExtensionBeyondMaxTtl);
        Assert.Contains("Lifecycle:Ttl:MaxTotalLifetime", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("at most 5s", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NonPositiveCapsAndNegativeQuotas_EachKeyNamed()
    {
        var options = new EnvironmentLifecycleOptions();
        options.Ttl.Maximum = TimeSpan.Zero;
        options.Ttl.MaxExtensions = -1;
        options.Quotas.EnvironmentsPerUser = -2;
        options.Projects["Bad Name"] = new ProjectLimitOptions { Ttl = new TtlLimitOptions { Default = TimeSpan.FromSeconds(-1) } };

        var result = new AdmissionLimitsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = string.Join('\n', result.Failures!);
        Assert.Contains("Lifecycle:Ttl:Maximum", failures, StringComparison.Ordinal);
        Assert.Contains("Lifecycle:Ttl:MaxExtensions", failures, StringComparison.Ordinal);
        Assert.Contains("Lifecycle:Quotas:EnvironmentsPerUser", failures, StringComparison.Ordinal);
        Assert.Contains("Lifecycle:Projects:Bad Name", failures, StringComparison.Ordinal);
        Assert.Contains("Lifecycle:Projects:Bad Name:Ttl:Default", failures, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NegativeClaimGraceAndZeroDurations_Rejected()
    {
        var options = new EnvironmentLifecycleOptions { QuotaClaimGrace = TimeSpan.FromSeconds(-1) };
        options.Projects["team-a"] = new ProjectLimitOptions
        {
            Ttl = new TtlLimitOptions { Default = TimeSpan.Zero, MaxExtension = TimeSpan.Zero, MaxTotalLifetime = TimeSpan.FromHours(-1) },
            Quotas = new QuotaOptions { EnvironmentsPerProject = -1 },
        };

        var result = new AdmissionLimitsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(
            [
                "Lifecycle:QuotaClaimGrace must not be negative.",
                "Lifecycle:Projects:team-a:Ttl:Default must be positive.",
                "Lifecycle:Projects:team-a:Ttl:MaxExtension must be positive.",
                "Lifecycle:Projects:team-a:Ttl:MaxTotalLifetime must be positive.",
                "Lifecycle:Projects:team-a:Quotas:EnvironmentsPerProject must not be negative.",
            ],
            result.Failures);
    }

    [Fact]
    public void Validate_ZeroQuotasAndNoExtensions_Accepted()
    {
        var options = new EnvironmentLifecycleOptions { QuotaClaimGrace = TimeSpan.Zero };
        options.Ttl.MaxExtensions = 0;
        options.Quotas.EnvironmentsPerProject = 0;
        options.Quotas.EnvironmentsPerUser = 0;

        Assert.True(new AdmissionLimitsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_DefaultOptions_Succeed() =>
        Assert.True(new AdmissionLimitsValidator().Validate(null, new EnvironmentLifecycleOptions()).Succeeded);

    [Fact]
    public void Validate_ApprovalTimeoutNotPositiveOrRecheckBelowASecond_NamesEachKey()
    {
        var options = new EnvironmentLifecycleOptions { Approvals = { Timeout = TimeSpan.Zero, RecheckInterval = TimeSpan.FromMilliseconds(500) } };

        var result = new AdmissionLimitsValidator().Validate(null, options);

        Assert.Equal(
            ["Lifecycle:Approvals:Timeout must be positive.", "Lifecycle:Approvals:RecheckInterval must be at least 1 second."],
            result.Failures);
    }

    private Task<UseCaseServices> CreateAsync(Action<EnvironmentLifecycleOptions> limits) =>
        UseCaseServices.CreateAsync(output, s => s.Configure(limits));

    private static Task<LifecycleResult<OperationAccepted>> CreateAsync(UseCaseServices services, TimeSpan? ttl, string project = "team-a") =>
        services.Get<CreateEnvironmentHandler>().HandleAsync(new CreateEnvironmentCommand(project, "web", "short-lived", TestInputs.Of(), ttl, "alice"), CancellationToken.None);

    private static Task<LifecycleResult<EnvironmentView>> ExtendAsync(UseCaseServices services, TimeSpan by) =>
        services.Get<ExtendEnvironmentHandler>().HandleAsync(new ExtendEnvironmentCommand("team-a", "web", by, "alice"), CancellationToken.None);
}
