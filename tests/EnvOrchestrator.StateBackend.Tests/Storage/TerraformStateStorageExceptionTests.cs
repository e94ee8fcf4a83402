using System.Net.Sockets;
using Azure;
using EnvOrchestrator.StateBackend.Storage;

namespace EnvOrchestrator.StateBackend.Tests.Storage;

/// <summary>How a storage client's failure becomes the concise message users and logs see.</summary>
public sealed class TerraformStateStorageExceptionTests
{
    // RequestFailedException.Message as the Blob SDK builds it from Azurite's answer: message, then the whole dump.
    private const string ApiVersionDump = """
        The API version 2026-10-06 is not supported by Azurite. Please upgrade Azurite to latest version and retry.
        RequestId:d661f59a-624f-4759-94ed-c6f01b15a171
        Time:2026-12-02T17:07:42.878Z
        Status: 400 (The API version 2026-10-06 is not supported by Azurite. Please upgrade Azurite to latest version and retry.)
        ErrorCode: InvalidHeaderValue

        Content:
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Error><Code>InvalidHeaderValue</Code><Message>The API version 2026-10-06 is not supported by Azurite.</Message></Error>

        Headers:
        Server: Azurite-Blob/3.37.0
        x-ms-error-code: InvalidHeaderValue
        x-ms-request-id: d661f59a-624f-4759-94ed-c6f01b15a171
        Content-Type: application/xml
        """;

    [Fact]
    public void From_RequestFailedWithHeaderDump_StatusErrorCodeAndFirstLineOnly()
    {
        var failed = new RequestFailedException(400, ApiVersionDump, "InvalidHeaderValue", null);

        var concise = TerraformStateStorageException.From(failed, CancellationToken.None);

        Assert.NotNull(concise);
        Assert.Equal(
            "State storage request failed: 400 InvalidHeaderValue: The API version 2026-10-06 is not supported by Azurite. Please upgrade Azurite to latest version and retry.",
            concise.Message);
        Assert.Equal(400, concise.Status);
        Assert.Equal("InvalidHeaderValue", concise.ErrorCode);
        Assert.False(concise.IsTransient);
        Assert.Same(failed, concise.InnerException);
    }

    [Fact]
    public void From_ResponseWithoutBody_UsesReasonPhraseOfStatusLine()
    {
        const string HeadDump = "Service request failed.\r\nStatus: 403 (Server failed to authenticate the request.)\r\nErrorCode: AuthenticationFailed\r\n\r\nHeaders:\r\nx-ms-request-id: 1\r\n";
        var failed = new RequestFailedException(403, HeadDump, "AuthenticationFailed", null);

        var concise = TerraformStateStorageException.From(failed, CancellationToken.None);

        Assert.Equal("State storage request failed: 403 AuthenticationFailed: Server failed to authenticate the request.", concise?.Message);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(408, true)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(503, true)]
    [InlineData(400, false)]
    [InlineData(403, false)]
    [InlineData(404, false)]
    [InlineData(412, false)]
    [InlineData(501, false)]
    public void From_RequestFailedStatus_TransientOnlyWhenRetryCanHelp(int status, bool transient)
    {
        var concise = TerraformStateStorageException.From(new RequestFailedException(status, "Failed."), CancellationToken.None);

        Assert.Equal(transient, concise?.IsTransient);
    }

    [Fact]
    public void From_SdkRetriesExhaustedOnRefusedConnections_TransientWithLastFailureAndTries()
    {
        var refused = Enumerable.Range(0, 4)
            .Select(_ => new RequestFailedException("Connection refused (127.0.0.1:1)", new HttpRequestException("Connection refused (127.0.0.1:1)", new SocketException((int)SocketError.ConnectionRefused))))
            .ToArray();
        var exhausted = new AggregateException("Retry failed after 4 tries. Retry settings can be adjusted in ClientOptions.Retry.", refused);

        var concise = TerraformStateStorageException.From(exhausted, CancellationToken.None);

        Assert.Equal("State storage request failed: no answer: Connection refused (127.0.0.1:1) (after 4 tries)", concise?.Message);
        Assert.True(concise?.IsTransient);
        Assert.Equal(0, concise?.Status);
    }

    [Fact]
    public void From_TimeoutButCallerDidNotCancel_TransientTimeout()
    {
        var concise = TerraformStateStorageException.From(new TaskCanceledException("The operation exceeded the configured timeout."), CancellationToken.None);

        Assert.Equal("State storage request failed: no answer: timed out", concise?.Message);
        Assert.True(concise?.IsTransient);
    }

    [Fact]
    public void From_CallersOwnCancellationOrABug_NotAStorageFailure()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        var cancellation = TerraformStateStorageException.From(new OperationCanceledException(cancelled.Token), cancelled.Token);
        var bug = TerraformStateStorageException.From(new InvalidDataException("A lock blob holds 'null'."), CancellationToken.None);

        Assert.Null(cancellation);
        Assert.Null(bug);
    }
}
