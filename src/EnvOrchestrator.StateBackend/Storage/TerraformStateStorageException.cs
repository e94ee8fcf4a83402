using System.Globalization;
using System.Net.Sockets;
using Azure;

namespace EnvOrchestrator.StateBackend.Storage;

/// <summary>
/// The storage behind a state store failed. <see cref="Exception.Message"/> is short enough to show a user and to
/// log: the HTTP status, the storage error code and the first line of the service's message, never the request and
/// response headers that <c>RequestFailedException.Message</c> carries. The original is the inner exception.
/// </summary>
public sealed class TerraformStateStorageException : Exception
{
    private const string Prefix = "State storage request failed: ";
    private const int MaxDetailLength = 400;

    public TerraformStateStorageException()
    {
    }

    public TerraformStateStorageException(string message)
        : base(message)
    {
    }

    public TerraformStateStorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    private TerraformStateStorageException(string message, Exception innerException, int status, string? errorCode, bool isTransient)
        : base(message, innerException)
    {
        Status = status;
        ErrorCode = errorCode;
        IsTransient = isTransient;
    }

    /// <summary>The HTTP status the storage answered; 0 when no answer came (connection refused, timeout).</summary>
    public int Status { get; }

    /// <summary>The storage error code (<c>x-ms-error-code</c>), e.g. <c>InvalidHeaderValue</c>; null when none came.</summary>
    public string? ErrorCode { get; }

    /// <summary>
    /// True when the same request may succeed later: no answer, a timeout, 408, 429, or a 5xx other than 501.
    /// The http backend answers these with 503, which Terraform retries.
    /// </summary>
    public bool IsTransient { get; }

    /// <summary>
    /// The concise form of a failure raised by a storage client; null when <paramref name="exception"/> is not one
    /// (a bug, bad data) or is the caller's own cancellation, which must propagate as it is.
    /// </summary>
    /// <param name="cancellationToken">The token the failed call was given: its cancellation is not a timeout.</param>
    public static TerraformStateStorageException? From(Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(exception);
        switch (exception)
        {
            case TerraformStateStorageException already:
                return already;
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                return null;
            case AggregateException { InnerExceptions: [.., var last] } aggregate:
                // The Azure SDK's retry policy gives up with one exception per try; the last one says the most.
                return From(last, cancellationToken) is { } inner
                    ? new TerraformStateStorageException(
                        inner.Message + string.Create(CultureInfo.InvariantCulture, $" (after {aggregate.InnerExceptions.Count} tries)"),
                        exception,
                        inner.Status,
                        inner.ErrorCode,
                        inner.IsTransient)
                    : null;
            case RequestFailedException failed:
                return FromResponse(failed);
            case OperationCanceledException or TimeoutException:
                return new TerraformStateStorageException(Prefix + "no answer: timed out", exception, 0, null, isTransient: true);
            case HttpRequestException or SocketException or IOException:
                return new TerraformStateStorageException(Prefix + "no answer: " + FirstLine(exception.Message), exception, 0, null, isTransient: true);
            default:
                return null;
        }
    }

    /// <summary>HTTP status, error code and the first line of the message: <c>400 InvalidHeaderValue: The API version …</c>.</summary>
    private static TerraformStateStorageException FromResponse(RequestFailedException failed)
    {
        var errorCode = string.IsNullOrEmpty(failed.ErrorCode) ? null : failed.ErrorCode;
        var detail = Summary(failed.Message);
        var message = failed.Status == 0
            ? Prefix + "no answer: " + detail
            : Prefix + failed.Status.ToString(CultureInfo.InvariantCulture) + (errorCode is null ? string.Empty : " " + errorCode) + ": " + detail;
        return new TerraformStateStorageException(message, failed, failed.Status, errorCode, IsTransientStatus(failed.Status));
    }

    private static bool IsTransientStatus(int status) =>
        status is 0 or 408 or 429 || (status >= 500 && status != 501);

    // A response without a body (HEAD, e.g. Exists) leaves only the SDK's generic first line; its reason phrase,
    // on the "Status: 400 (…)" line, is the service's message then.
    private static string Summary(string message)
    {
        var first = FirstLine(message);
        if (first is "Service request failed." or "")
        {
            var statusLine = message.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("Status: ", StringComparison.Ordinal));
            var open = statusLine?.IndexOf('(', StringComparison.Ordinal) ?? -1;
            if (statusLine is not null && open > 0 && statusLine.EndsWith(')'))
            {
                first = FirstLine(statusLine[(open + 1)..^1]);
            }
        }

        return first.Length switch
        {
            0 => "no message",
            <= MaxDetailLength => first,
            _ => first[..MaxDetailLength] + "…",
        };
    }

    private static string FirstLine(string text)
    {
        var end = text.AsSpan().IndexOfAny('\r', '\n');
        return (end < 0 ? text : text[..end]).Trim();
    }
}
