using System.Globalization;
using EnvOrchestrator.Durable.Backend;

namespace EnvOrchestrator.Durable.AzureStorage;

internal enum PayloadBlobKind
{
    /// <summary>Not a name this backend writes: never deleted by the sweep.</summary>
    Unknown,

    /// <summary><c>{escapedInstanceId}/{guid}</c>: referenced only by rows of that instance's partition.</summary>
    Instance,

    /// <summary><c>~messages/{logicalQueue}/{guid}</c>, or <c>~messages/{guid}</c> written before bodies were filed by queue.</summary>
    Message,

    /// <summary><c>~poison/{guid}</c>: referenced only by a row of the poison table.</summary>
    Poison,
}

/// <summary>
/// What can reference a payload blob, read from its name: the instance partition, the queue (null for an old body
/// that may be in any queue) or the poison table.
/// </summary>
internal readonly record struct PayloadBlobOwner(PayloadBlobKind Kind, string? Key)
{
    private static readonly PayloadBlobOwner Unknown = new(PayloadBlobKind.Unknown, null);

    /// <summary>Every logical queue a body may have been sent to, whatever the partition count is today.</summary>
    public static IReadOnlyList<string> AllLogicalQueues { get; } =
        [QueueNames.WorkItems, .. Enumerable.Range(0, AzureStorageOrchestrationOptionsValidator.MaxPartitions).Select(QueueNames.Control)];

    public static PayloadBlobOwner Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.StartsWith(PayloadBlobStore.MessagesFolder, StringComparison.Ordinal))
        {
            var rest = name[PayloadBlobStore.MessagesFolder.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                return IsBlobId(rest) ? new(PayloadBlobKind.Message, null) : Unknown;
            }

            var queue = rest[..slash];
            return IsLogicalQueue(queue) && IsBlobId(rest[(slash + 1)..]) ? new(PayloadBlobKind.Message, queue) : Unknown;
        }

        if (name.StartsWith(PayloadBlobStore.PoisonFolder, StringComparison.Ordinal))
        {
            return IsBlobId(name[PayloadBlobStore.PoisonFolder.Length..]) ? new(PayloadBlobKind.Poison, null) : Unknown;
        }

        var separator = name.IndexOf('/', StringComparison.Ordinal);
        if (separator <= 0 || name[0] == '~' || !IsBlobId(name[(separator + 1)..]))
        {
            return Unknown;
        }

        var segment = name[..separator];
        var instanceId = TryUnescape(segment);

        // Only a segment this backend could have written maps to a partition; anything else is left alone.
        return instanceId is not null && KeyEscaper.EscapeBlobSegment(instanceId) == segment
            ? new(PayloadBlobKind.Instance, InstanceRows.PartitionKey(instanceId))
            : Unknown;
    }

    private static bool IsBlobId(string value) =>
        value.Length == 32 && Guid.TryParseExact(value, "N", out _) && value.All(c => !char.IsAsciiLetterUpper(c));

    private static bool IsLogicalQueue(string value) =>
        value == QueueNames.WorkItems
        || (value.Length == 10 && value.StartsWith("control-", StringComparison.Ordinal)
            && int.TryParse(value.AsSpan(8), NumberStyles.None, CultureInfo.InvariantCulture, out var partition)
            && partition < AzureStorageOrchestrationOptionsValidator.MaxPartitions);

    private static string? TryUnescape(string segment)
    {
        try
        {
            return KeyEscaper.Unescape(segment);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentOutOfRangeException or OverflowException)
        {
            return null;
        }
    }
}
