namespace EnvOrchestrator.Durable.AzureStorage.Tests;

public sealed class QueueMessageCodecTests
{
    [Theory]
    [InlineData("{\"kind\":\"start\"}", 'T')]
    [InlineData("", 'T')]
    [InlineData("<&>\r\n", 'T')]
    [InlineData("nul\u0000", 'B')]
    [InlineData("non-character \uFFFE", 'B')]
    public void TryEncodeInline_Body_PicksEncodingAndRoundTrips(string body, char marker)
    {
        var text = QueueMessageCodec.TryEncodeInline(body);

        Assert.Equal(marker, text![0]);
        if (marker == 'T')
        {
            Assert.Equal((body, (string?)null), QueueMessageCodec.Decode(text));
        }
    }

    [Fact]
    public void TryEncodeInline_OverLimitCountingXmlEscapes_ReturnsNull()
    {
        var fits = new string('a', QueueMessageCodec.MaxInlineBytes - 1);
        var escapedTooBig = new string('&', (QueueMessageCodec.MaxInlineBytes / 5) + 1);

        Assert.NotNull(QueueMessageCodec.TryEncodeInline(fits));
        Assert.Null(QueueMessageCodec.TryEncodeInline(fits + "ab"));
        Assert.Null(QueueMessageCodec.TryEncodeInline(escapedTooBig));
    }

    [Fact]
    public void Decode_Reference_ReturnsBlobName()
    {
        var (body, blob) = QueueMessageCodec.Decode(QueueMessageCodec.EncodeReference("~messages/abc"));

        Assert.Null(body);
        Assert.Equal("~messages/abc", blob);
    }

    [Fact]
    public void Decode_ForeignText_Throws()
    {
        Assert.Throws<FormatException>(() => QueueMessageCodec.Decode("{not ours}"));
    }
}
