using EnvOrchestrator.Core.Environments;

namespace EnvOrchestrator.Core.Tests.Environments;

public sealed class NameTests
{
    [Theory]
    [InlineData("ab")]
    [InlineData("dev-1")]
    [InlineData("a-b-c-1-2-3")]
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghij")]
    public void TryParse_ValidName_ParsesBothKinds(string text)
    {
        var project = ProjectName.TryParse(text, out var p);
        var environment = EnvironmentName.TryParse(text, out var e);

        Assert.True(project);
        Assert.True(environment);
        Assert.Equal(text, p!.Value);
        Assert.Equal(text, e!.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghijk")]
    [InlineData("Dev")]
    [InlineData("1dev")]
    [InlineData("-dev")]
    [InlineData("dev-")]
    [InlineData("dev_1")]
    [InlineData("dev/1")]
    [InlineData("dev\\1")]
    [InlineData("dev#1")]
    [InlineData("dev?1")]
    [InlineData("dev%1")]
    [InlineData("dev|1")]
    [InlineData("dev.1")]
    [InlineData("dev 1")]
    [InlineData("dev\u00001")]
    [InlineData("dev\t1")]
    [InlineData("dév")]
    public void TryParse_InvalidName_IsRejectedWithReason(string? text)
    {
        var parsed = EnvironmentName.TryParse(text, out var name);

        Assert.False(parsed);
        Assert.Null(name);
        Assert.NotNull(EnvironmentName.Validate(text));
        Assert.NotNull(ProjectName.Validate(text));
        Assert.Throws<ArgumentException>(() => ProjectName.Parse(text!));
    }

    [Fact]
    public void Equals_SameText_AreEqualAndIdsFormatAsPath()
    {
        var a = EnvironmentId.Parse("team-a", "dev-1");
        var b = EnvironmentId.Parse("team-a", "dev-1");

        Assert.Equal(a, b);
        Assert.Equal("team-a/dev-1", a.ToString());
    }

    [Fact]
    public void RunId_NewAndParse_RoundTripsTimeAndSortsByTime()
    {
        var earlier = new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.FromHours(2)).AddTicks(1234567);
        var later = earlier.AddTicks(1);

        var a = RunId.New(earlier, "0000ffff");
        var b = RunId.New(later, "00000000");
        var parsed = RunId.Parse(a.Value);

        Assert.Equal(a, parsed);
        Assert.Equal(earlier, parsed.CreatedAt);
        Assert.Equal("0000ffff", parsed.Suffix);
        Assert.True(string.CompareOrdinal(a.Value, b.Value) < 0);
        Assert.StartsWith("20261124T0600001234567Z-", a.Value, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("20261124T0600001234567Z-0000FFFF")]
    [InlineData("20261124T0600001234567Z0000ffff0")]
    [InlineData("2026112XT0600001234567Z-0000ffff")]
    public void RunId_TryParse_Malformed_ReturnsFalse(string text)
    {
        Assert.False(RunId.TryParse(text, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a\nb")]
    public void StepLogId_InvalidStepName_Throws(string step)
    {
        var run = RunId.New(DateTimeOffset.UnixEpoch, "00000000");

        Assert.Throws<ArgumentException>(() => new StepLogId(EnvironmentId.Parse("team-a", "dev-1"), run, step));
    }

    [Theory]
    [InlineData("", "k")]
    [InlineData("s", "")]
    [InlineData("s", "a\u0001")]
    public void IdempotencyKey_InvalidParts_Throw(string scope, string key)
    {
        Assert.Throws<ArgumentException>(() => new IdempotencyKey(scope, key));
    }
}
