using EnvOrchestrator.Core.Audit;

namespace EnvOrchestrator.Core.Tests.Audit;

public sealed class AuditCursorTests
{
    [Fact]
    public void Parse_OwnText_RoundTrips()
    {
        var cursor = AuditCursor.For(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero));

        Assert.Equal(cursor, AuditCursor.Parse(cursor.ToString()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("page-2")]
    [InlineData("0639001234567890000-0123456789abcdef0123456789abcdeZ")]
    [InlineData("0639001234567890000-0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("9999999999999999999-0123456789abcdef0123456789abcdef")]
    [InlineData("+639001234567890000-0123456789abcdef0123456789abcdef")]
    public void Parse_MadeUpToken_Null(string? text)
    {
        Assert.Null(AuditCursor.Parse(text));
    }

    [Fact]
    public void ToString_LaterInstant_SortsAfter()
    {
        var early = AuditCursor.For(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var late = AuditCursor.For(new DateTimeOffset(2026, 1, 1, 0, 0, 1, TimeSpan.Zero));

        Assert.True(string.CompareOrdinal(early.ToString(), late.ToString()) < 0);
    }
}
