using EnvOrchestrator.Lifecycle.Orchestrations;

namespace EnvOrchestrator.Lifecycle.Tests.Orchestrations;

public sealed class FailureTextTests
{
    [Fact]
    public void Concise_AzureSdkMessage_KeepsStatusAndCodeDropsTheHttpDump()
    {
        var message = "Service request failed.\nStatus: 400 (The API version 2026-06-06 is not supported by Azurite.)\nErrorCode: InvalidHeaderValue\n\nContent:\n<?xml version=\"1.0\"?><Error/>\n\nHeaders:\nServer: Azurite-Blob/3.37.0\nx-ms-request-id: 1b2c\n";

        var concise = FailureText.Concise(message);

        Assert.Equal("Service request failed.; Status: 400 (The API version 2026-06-06 is not supported by Azurite.); ErrorCode: InvalidHeaderValue", concise);
    }

    [Fact]
    public void Concise_LongMessage_IsCut()
    {
        var concise = FailureText.Concise(new string('x', 2_000));

        Assert.Equal(501, concise.Length);
        Assert.EndsWith("…", concise, StringComparison.Ordinal);
    }
}
