namespace EnvOrchestrator.Durable.AzureStorage.Tests;

public sealed class KeyEscaperTests
{
    [Theory]
    [InlineData("plain-id_1.2:3@x", "plain-id_1.2:3@x")]
    [InlineData("a/b\\c#d?e", "a%2Fb%5Cc%23d%3Fe")]
    [InlineData("100%|x", "100%25%7Cx")]
    [InlineData("tab\there\u007f\u0085", "tab%09here%7F%85")]
    [InlineData("日本😀", "日本😀")]
    public void EscapeKey_Value_EscapesOnlyForbiddenCharacters(string value, string expected)
    {
        var escaped = KeyEscaper.EscapeKey(value);

        Assert.Equal(expected, escaped);
        Assert.Equal(value, KeyEscaper.Unescape(escaped));
    }

    [Fact]
    public void EscapeBlobSegment_DotsAndTilde_Escaped()
    {
        Assert.Equal("%2E%2E", KeyEscaper.EscapeBlobSegment(".."));
        Assert.Equal("%7Emessages", KeyEscaper.EscapeBlobSegment("~messages"));
        Assert.Equal("a.b", KeyEscaper.Unescape(KeyEscaper.EscapeBlobSegment("a.b")));
    }

    [Fact]
    public void EscapeKey_LoneSurrogate_EscapedReversibly()
    {
        var value = "x\uD800y\uDC00";

        var escaped = KeyEscaper.EscapeKey(value);

        Assert.Equal("x%uD800y%uDC00", escaped);
        Assert.Equal(value, KeyEscaper.Unescape(escaped));
    }

    [Fact]
    public void EscapeKey_RandomStrings_RoundTripAndPreservePrefixes()
    {
        var random = new Random(7);
        for (var i = 0; i < 2_000; i++)
        {
            var chars = new char[random.Next(0, 24)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = (char)random.Next(0, 0x3000);
            }

            var value = new string(chars);
            var escaped = KeyEscaper.EscapeKey(value);
            var prefix = value[..random.Next(0, value.Length + 1)];

            Assert.Equal(value, KeyEscaper.Unescape(escaped));
            Assert.DoesNotContain(escaped, c => c is '/' or '\\' or '#' or '?' or '|' or < ' ' or (>= '\u007f' and <= '\u009f'));
            Assert.StartsWith(KeyEscaper.EscapeKey(prefix), escaped, StringComparison.Ordinal);
        }
    }
}
