using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Environments;

namespace EnvOrchestrator.Core.Tests.Environments;

public sealed class EnvironmentLifetimeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    private static readonly LifetimeSettings Lifetime = new()
    {
        DefaultTtl = TimeSpan.FromHours(8),
        MaxTtl = TimeSpan.FromHours(72),
        MaxExtensions = 2,
        MaxExtension = TimeSpan.FromHours(24),
        WarnBefore = [TimeSpan.FromHours(2), TimeSpan.FromMinutes(30)],
    };

    [Fact]
    public void InitialExpiry_NoRequest_UsesTemplateDefault()
    {
        var expiry = EnvironmentLifetime.InitialExpiry(null, Now, Lifetime, TimeSpan.Zero);

        Assert.True(expiry.Succeeded);
        Assert.Equal(Now.AddHours(8), expiry.Value);
    }

    [Fact]
    public void InitialExpiry_RequestWithinMax_UsesRequest()
    {
        var expiry = EnvironmentLifetime.InitialExpiry(TimeSpan.FromHours(72), Now, Lifetime, TimeSpan.Zero);

        Assert.Equal(Now.AddHours(72), expiry.Value);
    }

    [Theory]
    [InlineData(73 * 60, DomainErrorCodes.TtlAboveMax)]
    [InlineData(0, DomainErrorCodes.TtlNotPositive)]
    [InlineData(-5, DomainErrorCodes.TtlNotPositive)]
    [InlineData(9, DomainErrorCodes.TtlBelowMin)]
    public void InitialExpiry_RequestOutOfBounds_ReturnsViolation(int minutes, string code)
    {
        var expiry = EnvironmentLifetime.InitialExpiry(TimeSpan.FromMinutes(minutes), Now, Lifetime, TimeSpan.FromMinutes(10));

        Assert.False(expiry.Succeeded);
        Assert.Equal(code, expiry.Problem.Code);
    }

    [Fact]
    public void InitialExpiry_TemplateWithoutTtl_NeverExpires()
    {
        var expiry = EnvironmentLifetime.InitialExpiry(null, Now, new LifetimeSettings(), TimeSpan.Zero);

        Assert.True(expiry.Succeeded);
        Assert.Null(expiry.Value);
    }

    [Fact]
    public void InitialExpiry_DefaultAboveMax_IsCappedAtMax()
    {
        var expiry = EnvironmentLifetime.InitialExpiry(null, Now, new LifetimeSettings { DefaultTtl = TimeSpan.FromDays(10), MaxTtl = TimeSpan.FromDays(1) }, TimeSpan.Zero);

        Assert.Equal(Now.AddDays(1), expiry.Value);
    }

    [Fact]
    public void Extend_WithinRules_MovesExpiryAndCounts()
    {
        var environment = Ready(Now.AddHours(8));

        var extended = environment.Extend(TimeSpan.FromHours(4), Now.AddHours(1), Lifetime);

        Assert.True(extended.Succeeded);
        Assert.Equal(Now.AddHours(12), extended.Value!.ExpiresAt);
        Assert.Equal(1, extended.Value.ExtensionCount);
        Assert.Equal(Now.AddHours(1), extended.Value.UpdatedAt);
    }

    [Fact]
    public void Extend_CountCapReached_ReturnsViolation()
    {
        var environment = Ready(Now.AddHours(8))
            .Extend(TimeSpan.FromHours(1), Now, Lifetime).Value!
            .Extend(TimeSpan.FromHours(1), Now, Lifetime).Value!;

        var third = environment.Extend(TimeSpan.FromHours(1), Now, Lifetime);

        Assert.Equal(DomainErrorCodes.ExtensionCountExceeded, third.Problem!.Code);
    }

    [Fact]
    public void Extend_BeyondMaxTtlFromCreation_ReturnsViolationNamingTheRoomLeft()
    {
        var environment = Ready(Now.AddHours(60));

        var extended = environment.Extend(TimeSpan.FromHours(13), Now.AddHours(1), Lifetime);
        var exactlyToMax = environment.Extend(TimeSpan.FromHours(12), Now.AddHours(1), Lifetime);

        Assert.Equal(DomainErrorCodes.ExtensionBeyondMaxTtl, extended.Problem!.Code);
        Assert.Contains("12h", extended.Problem.Message, StringComparison.Ordinal);
        Assert.Equal(Now.AddHours(72), exactlyToMax.Value!.ExpiresAt);
    }

    [Theory]
    [InlineData(25 * 60, DomainErrorCodes.ExtensionTooLong)]
    [InlineData(0, DomainErrorCodes.ExtensionNotPositive)]
    public void Extend_BadDuration_ReturnsViolation(int minutes, string code)
    {
        var extended = Ready(Now.AddHours(8)).Extend(TimeSpan.FromMinutes(minutes), Now, Lifetime);

        Assert.Equal(code, extended.Problem!.Code);
    }

    [Fact]
    public void Extend_ExpiredDestroyingOrNeverExpiring_ReturnsViolation()
    {
        var expired = Ready(Now.AddHours(1)).Extend(TimeSpan.FromHours(1), Now.AddHours(1), Lifetime);
        var destroying = (Ready(Now.AddHours(8)) with { Status = EnvironmentStatus.Destroying }).Extend(TimeSpan.FromHours(1), Now, Lifetime);
        var forever = Ready(null).Extend(TimeSpan.FromHours(1), Now, Lifetime);

        Assert.Equal(DomainErrorCodes.NotExtendable, expired.Problem!.Code);
        Assert.Equal(DomainErrorCodes.NotExtendable, destroying.Problem!.Code);
        Assert.Equal(DomainErrorCodes.NoExpiry, forever.Problem!.Code);
    }

    [Fact]
    public void Extend_TemplateWithoutLimits_IsUnbounded()
    {
        var extended = Ready(Now.AddHours(8)).Extend(TimeSpan.FromDays(365), Now, new LifetimeSettings());

        Assert.Equal(Now.AddHours(8).AddDays(365), extended.Value!.ExpiresAt);
    }

    [Fact]
    public void PendingWarnings_SomeAlreadyPast_ReturnsTheRestEarliestFirst()
    {
        var expiresAt = Now.AddHours(3);

        var all = EnvironmentLifetime.PendingWarnings(expiresAt, Now, Lifetime);
        var late = EnvironmentLifetime.PendingWarnings(expiresAt, Now.AddHours(2), Lifetime);

        Assert.Equal([Now.AddHours(1), Now.AddHours(2.5)], all.Select(w => w.At));
        Assert.Equal([TimeSpan.FromMinutes(30)], late.Select(w => w.Before));
    }

    [Fact]
    public void Extend_PastTheLastDate_RefusedAsTooLong()
    {
        var environment = Ready(DateTimeOffset.MaxValue.AddDays(-1));

        var extended = environment.Extend(DurationText.MaxValue, Now, new LifetimeSettings());

        Assert.False(extended.Succeeded);
        Assert.Equal(DomainErrorCodes.ExtensionTooLong, extended.Problem!.Code);
    }

    [Fact]
    public void InitialExpiry_PastTheLastDate_RefusedAsAboveMax()
    {
        var expiry = EnvironmentLifetime.InitialExpiry(TimeSpan.MaxValue, DateTimeOffset.MaxValue.AddDays(-1), new LifetimeSettings(), TimeSpan.Zero);

        Assert.False(expiry.Succeeded);
        Assert.Equal(DomainErrorCodes.TtlAboveMax, expiry.Problem!.Code);
    }

    private static EnvironmentRecord Ready(DateTimeOffset? expiresAt) =>
        EnvironmentRecordTests.NewEnvironment(expiresAt) with { Status = EnvironmentStatus.Ready };
}
