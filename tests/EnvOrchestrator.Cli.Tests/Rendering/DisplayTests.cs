using System.Text.Json;
using EnvOrchestrator.Cli.Http;
using EnvOrchestrator.Cli.Rendering;

namespace EnvOrchestrator.Cli.Tests.Rendering;

public sealed class DisplayTests
{
    [Fact]
    public void Value_Sensitive_IsMaskedEvenIfAValueCame() =>
        Assert.Equal("(sensitive)", Display.Value(new ValueModel(JsonDocument.Parse("\"s3cret\"").RootElement, Sensitive: true)));

    [Fact]
    public void Value_Unknown_SaysKnownAfterApply() =>
        Assert.Equal("(known after apply)", Display.Value(new ValueModel(null, Sensitive: false, Known: false)));

    [Fact]
    public void Value_String_IsShownWithoutQuotes() =>
        Assert.Equal("https://x.local", Display.Value(new ValueModel(JsonDocument.Parse("\"https://x.local\"").RootElement, Sensitive: false)));

    [Theory]
    [InlineData(45, "45s")]
    [InlineData(150, "2m 30s")]
    [InlineData(3 * 3600 + 300, "3h 5m")]
    [InlineData(26 * 3600, "1d 2h")]
    public void Duration_Seconds_ReadsLikeAPerson(int seconds, string expected) =>
        Assert.Equal(expected, Display.Duration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Expiry_Past_SaysExpiredAgo()
    {
        var now = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal("expired 10m 0s ago", Display.Expiry(now.AddMinutes(-10), now));
        Assert.Equal("in 2h 0m", Display.Expiry(now.AddHours(2), now));
        Assert.Equal("never", Display.Expiry(null, now));
    }
}
