using EnvOrchestrator.Core.Catalog;

namespace EnvOrchestrator.Core.Tests.Catalog;

public sealed class VersionTests
{
    [Theory]
    [InlineData("1.2.3", true)]
    [InlineData("0.0.0", true)]
    [InlineData("1.2.3-beta.1", true)]
    [InlineData("1.2", false)]
    [InlineData("01.2.3", false)]
    [InlineData("1.2.x", false)]
    [InlineData("1.2.3-", false)]
    [InlineData("v1.2.3", false)]
    public void TryParse_Text_AcceptsOnlySemanticVersions(string text, bool valid)
    {
        Assert.Equal(valid, SemVersion.TryParse(text, out _));
    }

    [Theory]
    [InlineData("1.0.0-alpha", "1.0.0-alpha.1")]
    [InlineData("1.0.0-alpha.1", "1.0.0-alpha.beta")]
    [InlineData("1.0.0-beta.2", "1.0.0-beta.11")]
    [InlineData("1.0.0-rc.1", "1.0.0")]
    [InlineData("1.9.0", "1.10.0")]
    public void CompareTo_Ordered_FirstIsLower(string lower, string higher)
    {
        Assert.True(SemVersion.TryParse(lower, out var a));
        Assert.True(SemVersion.TryParse(higher, out var b));

        Assert.True(a.Value < b.Value);
    }

    [Theory]
    [InlineData("^1.2", "1.2.0", true)]
    [InlineData("^1.2", "1.9.9", true)]
    [InlineData("^1.2", "2.0.0", false)]
    [InlineData("^1.2", "1.1.9", false)]
    [InlineData("^0.2.3", "0.2.9", true)]
    [InlineData("^0.2.3", "0.3.0", false)]
    [InlineData("~1.2.0", "1.2.7", true)]
    [InlineData("~1.2.0", "1.3.0", false)]
    [InlineData("1.x", "1.7.0", true)]
    [InlineData("1.x", "2.0.0", false)]
    [InlineData("1.2.x", "1.2.4", true)]
    [InlineData(">=1.0.0 <1.5.0", "1.4.9", true)]
    [InlineData(">=1.0.0 <1.5.0", "1.5.0", false)]
    [InlineData("*", "3.0.0", true)]
    [InlineData("^1.0", "1.1.0-beta", false)]
    [InlineData("1.1.0-beta", "1.1.0-beta", true)]
    public void Matches_RangeAndVersion_AsSemverRules(string range, string version, bool expected)
    {
        Assert.True(VersionRange.TryParse(range, out var r));
        Assert.True(SemVersion.TryParse(version, out var v));

        Assert.Equal(expected, r.Matches(v.Value));
    }

    [Theory]
    [InlineData("^^1")]
    [InlineData("~")]
    [InlineData(">=1.0")]
    [InlineData("1.x.3")]
    [InlineData("")]
    public void TryParse_InvalidRange_Fails(string text)
    {
        Assert.False(VersionRange.TryParse(text, out _));
    }

    [Fact]
    public void TemplateReference_WithoutVersion_MeansAnyVersion()
    {
        Assert.True(TemplateReference.TryParse("redis", out var reference));

        Assert.Equal("redis", reference.Name);
        Assert.Same(VersionRange.Any, reference.Range);
    }

    [Theory]
    [InlineData("8h", 8 * 60)]
    [InlineData("30m", 30)]
    [InlineData("2d", 2 * 24 * 60)]
    [InlineData("1h30m", 90)]
    public void DurationText_Valid_Parses(string text, int minutes)
    {
        Assert.True(DurationText.TryParse(text, out var duration));

        Assert.Equal(TimeSpan.FromMinutes(minutes), duration);
    }

    [Theory]
    [InlineData("8")]
    [InlineData("h")]
    [InlineData("8 hours")]
    [InlineData("1w")]
    public void DurationText_Invalid_Fails(string text)
    {
        Assert.False(DurationText.TryParse(text, out _));
    }

    [Theory]
    [InlineData("100000d1s", true)]
    [InlineData("100000d100000d", true)]
    [InlineData("100001d", false)]
    [InlineData("99999999999d", false)]
    [InlineData("1e30s", false)]
    public void DurationText_TooLongOrOverflowing_FailsSayingWhich(string text, bool tooLong)
    {
        var parsed = DurationText.TryParse(text, out var duration, out var isTooLong);

        Assert.False(parsed);
        Assert.Null(duration);
        Assert.Equal(tooLong, isTooLong);
    }

    [Fact]
    public void DurationText_ManyLargeParts_NoOverflow()
    {
        var text = string.Concat(Enumerable.Repeat("100000d", 10_000));

        Assert.False(DurationText.TryParse(text, out _, out var tooLong));
        Assert.True(tooLong);
        Assert.True(DurationText.TryParse("100000d", out var max));
        Assert.Equal(DurationText.MaxValue, max);
    }
}
