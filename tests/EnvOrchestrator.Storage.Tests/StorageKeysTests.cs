using EnvOrchestrator.Core.Environments;

namespace EnvOrchestrator.Storage.Tests;

public sealed class StorageKeysTests
{
    [Theory]
    [InlineData("plain-key_1", "plain-key_1")]
    [InlineData("a/b\\c#d?e", "a%2Fb%5Cc%23d%3Fe")]
    [InlineData("100%|x", "100%25%7Cx")]
    [InlineData("tab\there\u0001", "tab%09here%01")]
    [InlineData("\u0085next", "%85next")]
    [InlineData("dots..ok", "dots..ok")]
    public void Escape_IllegalTableKeyCharacters_AreEscapedReversibly(string value, string expected)
    {
        var escaped = StorageKeys.Escape(value);

        Assert.Equal(expected, escaped);
        Assert.DoesNotContain(escaped, c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));
    }

    [Fact]
    public void Escape_DistinctValues_NeverCollide()
    {
        var values = new[] { "a/b", "a%2Fb", "a%252Fb", "a|b", "a%7Cb" };

        var escaped = values.Select(StorageKeys.Escape).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(values.Length, escaped.Count);
    }

    [Fact]
    public void EscapeBlobSegment_DotSegments_CannotNavigate()
    {
        Assert.Equal("%2E%2E", StorageKeys.EscapeBlobSegment(".."));
        Assert.Equal("a%2Fb%2Eapply%2E1", StorageKeys.EscapeBlobSegment("a/b.apply.1"));
    }

    [Fact]
    public void RunRow_LaterRun_SortsFirst()
    {
        var now = new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

        var earlier = StorageKeys.RunRow(RunId.New(now, "ffffffff"));
        var later = StorageKeys.RunRow(RunId.New(now.AddTicks(1), "00000000"));

        Assert.True(string.CompareOrdinal(later, earlier) < 0);
        Assert.EndsWith("-ffffffff", earlier, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpiryKeys_LaterExpiry_SortsLaterAcrossAndWithinBuckets()
    {
        var id = EnvironmentId.Parse("team-a", "dev-1");
        var t = new DateTimeOffset(2026, 11, 24, 8, 59, 59, TimeSpan.Zero);

        var a = ExpiryIndex.KeyOf(id, t, EnvironmentStatus.Ready)!.Value;
        var b = ExpiryIndex.KeyOf(id, t.AddSeconds(1), EnvironmentStatus.Ready)!.Value;
        var c = ExpiryIndex.KeyOf(id, t.AddSeconds(2).ToOffset(TimeSpan.FromHours(5)), EnvironmentStatus.Ready)!.Value;

        Assert.Equal("2026112408", a.Partition);
        Assert.Equal("2026112409", b.Partition);
        Assert.Equal("2026112409", c.Partition);
        Assert.True(string.CompareOrdinal(b.Row, c.Row) < 0);
        Assert.True(string.CompareOrdinal(a.Row, b.Row) < 0);
    }

    [Fact]
    public void ExpiryKeys_DestroyedOrNoExpiry_HaveNoRow()
    {
        var id = EnvironmentId.Parse("team-a", "dev-1");

        Assert.Null(ExpiryIndex.KeyOf(id, DateTimeOffset.UnixEpoch, EnvironmentStatus.Destroyed));
        Assert.Null(ExpiryIndex.KeyOf(id, null, EnvironmentStatus.Ready));
    }
}
