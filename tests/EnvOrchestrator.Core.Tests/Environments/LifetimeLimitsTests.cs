using System.Collections.Immutable;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Values;

namespace EnvOrchestrator.Core.Tests.Environments;

public sealed class LifetimeLimitsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    private static readonly LifetimeLimits Template = LifetimeLimits.FromTemplate(
        new LifetimeSettings { DefaultTtl = TimeSpan.FromHours(8), MaxTtl = TimeSpan.FromHours(72), MaxExtensions = 3, MaxExtension = TimeSpan.FromHours(24) },
        "web@1.0.0");

    [Fact]
    public void FromTemplate_MaxTtl_CapsBothTheRequestedTtlAndTheWholeLifetime()
    {
        Assert.Equal(TimeSpan.FromHours(72), Template.MaxTtl?.Value);
        Assert.Equal(TimeSpan.FromHours(72), Template.MaxLifetime?.Value);
        Assert.Equal("template web@1.0.0 (spec.lifetime.maxTtl)", Template.MaxLifetime?.Source);
    }

    [Fact]
    public void Tighten_EachCapFromWhicheverSourceIsStricter_KeepsThatSource()
    {
        var organisation = new LifetimeLimits
        {
            DefaultTtl = new(TimeSpan.FromHours(4), "org default"),
            MaxTtl = new(TimeSpan.FromHours(96), "org maximum"),
            MaxExtension = new(TimeSpan.FromHours(2), "org extension"),
            MaxExtensions = new(5, "org count"),
        };

        var limits = Template.Tighten(organisation);

        Assert.Equal(new LifetimeLimit<TimeSpan>(TimeSpan.FromHours(4), "org default"), limits.DefaultTtl);
        Assert.Equal("template web@1.0.0 (spec.lifetime.maxTtl)", limits.MaxTtl?.Source);
        Assert.Equal(new LifetimeLimit<TimeSpan>(TimeSpan.FromHours(2), "org extension"), limits.MaxExtension);
        Assert.Equal("template web@1.0.0 (spec.lifetime.maxExtensions)", limits.MaxExtensions?.Source);
        Assert.Equal(Template.MaxLifetime, limits.MaxLifetime);
    }

    [Fact]
    public void Tighten_Tie_KeepsTheEarlierSource()
    {
        var limits = Template.Tighten(new LifetimeLimits { MaxTtl = new(TimeSpan.FromHours(72), "project") });

        Assert.Equal("template web@1.0.0 (spec.lifetime.maxTtl)", limits.MaxTtl?.Source);
    }

    [Fact]
    public void InitialExpiry_AboveTheStrictestMaximum_RefusedNamingTheValueAndItsSource()
    {
        var limits = Template.Tighten(new LifetimeLimits { MaxTtl = new(TimeSpan.FromDays(1), "project 'team-a' (Lifecycle:Projects:team-a:Ttl:Maximum)") });

        var expiry = limits.InitialExpiry(TimeSpan.FromHours(25), Now, TimeSpan.Zero);

        Assert.False(expiry.Succeeded);
        Assert.Equal(DomainErrorCodes.TtlAboveMax, expiry.Problem.Code);
        Assert.Contains("maximum of 1d set by project 'team-a' (Lifecycle:Projects:team-a:Ttl:Maximum)", expiry.Problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InitialExpiry_AboveTheTotalLifetimeOnly_Refused()
    {
        var limits = Template.Tighten(new LifetimeLimits { MaxLifetime = new(TimeSpan.FromHours(12), "org total") });

        var expiry = limits.InitialExpiry(TimeSpan.FromHours(13), Now, TimeSpan.Zero);

        Assert.Equal(DomainErrorCodes.TtlAboveMax, expiry.Problem?.Code);
        Assert.Contains("org total", expiry.Problem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InitialExpiry_NoRequest_ShortestDefaultHeldToTheCaps()
    {
        var shorterDefault = Template.Tighten(new LifetimeLimits { DefaultTtl = new(TimeSpan.FromHours(2), "org") });
        var lowerCap = Template.Tighten(new LifetimeLimits { MaxTtl = new(TimeSpan.FromHours(1), "project") });

        Assert.Equal(Now.AddHours(2), shorterDefault.InitialExpiry(null, Now, TimeSpan.Zero).Value);
        Assert.Equal(Now.AddHours(1), lowerCap.InitialExpiry(null, Now, TimeSpan.Zero).Value);
    }

    [Fact]
    public void InitialExpiry_OnlyAnOrganisationDefault_EnvironmentExpires()
    {
        var limits = LifetimeLimits.FromTemplate(new LifetimeSettings(), "forever@1.0.0").Tighten(new LifetimeLimits { DefaultTtl = new(TimeSpan.FromHours(8), "org") });

        Assert.Equal(Now.AddHours(8), limits.InitialExpiry(null, Now, TimeSpan.Zero).Value);
        Assert.Null(LifetimeLimits.None.InitialExpiry(null, Now, TimeSpan.Zero).Value);
    }

    [Fact]
    public void Extend_PastTheStrictestTotalLifetime_RefusedNamingItsSourceAndTheRoomLeft()
    {
        var limits = Template.Tighten(new LifetimeLimits { MaxLifetime = new(TimeSpan.FromHours(10), "the organisation (Lifecycle:Ttl:MaxTotalLifetime)") });

        var extended = limits.Extend(Environment(expiresIn: TimeSpan.FromHours(8)), TimeSpan.FromHours(3), Now.AddHours(1));

        Assert.Equal(DomainErrorCodes.ExtensionBeyondMaxTtl, extended.Problem?.Code);
        Assert.Contains("10h set by the organisation (Lifecycle:Ttl:MaxTotalLifetime)", extended.Problem!.Message, StringComparison.Ordinal);
        Assert.Contains("at most 2h", extended.Problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extend_LongerThanTheStrictestSingleExtension_RefusedNamingItsSource()
    {
        var limits = Template.Tighten(new LifetimeLimits { MaxExtension = new(TimeSpan.FromHours(1), "project 'p'") });

        var extended = limits.Extend(Environment(expiresIn: TimeSpan.FromHours(8)), TimeSpan.FromHours(2), Now);

        Assert.Equal(DomainErrorCodes.ExtensionTooLong, extended.Problem?.Code);
        Assert.Contains("project 'p'", extended.Problem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extend_CountCapReached_Refused()
    {
        var limits = Template.Tighten(new LifetimeLimits { MaxExtensions = new(1, "org") });

        var extended = limits.Extend(Environment(expiresIn: TimeSpan.FromHours(8)) with { ExtensionCount = 1 }, TimeSpan.FromHours(1), Now);

        Assert.Equal(DomainErrorCodes.ExtensionCountExceeded, extended.Problem?.Code);
    }

    [Fact]
    public void Extend_WithinEveryCap_MovesExpiryAndCounts()
    {
        var limits = Template.Tighten(new LifetimeLimits { MaxLifetime = new(TimeSpan.FromHours(10), "org") });

        var extended = limits.Extend(Environment(expiresIn: TimeSpan.FromHours(8)), TimeSpan.FromHours(2), Now.AddHours(1));

        Assert.True(extended.Succeeded);
        Assert.Equal(Now.AddHours(10), extended.Value!.ExpiresAt);
        Assert.Equal(1, extended.Value.ExtensionCount);
    }

    private static EnvironmentRecord Environment(TimeSpan expiresIn) =>
        EnvironmentRecord.Create(
            EnvironmentId.Parse("team-a", "web"),
            new TemplateReference("web", VersionRange.Any),
            new SemVersion(1, 0, 0),
            ImmutableSortedDictionary.Create<string, Value>(StringComparer.Ordinal),
            [],
            "alice",
            Now,
            Now + expiresIn) with { Status = EnvironmentStatus.Ready };
}
