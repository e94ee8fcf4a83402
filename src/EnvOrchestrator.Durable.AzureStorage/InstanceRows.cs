using System.Globalization;
using Azure.Data.Tables;
using EnvOrchestrator.Durable.Backend;

namespace EnvOrchestrator.Durable.AzureStorage;

/// <summary>
/// Row keys and columns of the <c>{hub}Instances</c> table. PartitionKey = escaped instance id; RowKey
/// <c>$state</c>, <c>h|{escapedExecutionId}|{episode:D8}</c> or <c>o|{escapedOutboxKey}</c>. Row keys sort as
/// state, then history by execution and episode, then outboxes, so one partition scan returns them in order.
/// </summary>
internal static class InstanceRows
{
    public const string StateRowKey = "$state";
    public const string HistoryPrefix = "h|";
    public const string OutboxPrefix = "o|";

    // Payload columns of the state row (cheapest are kept inline first, see PayloadColumns).
    public const string Input = nameof(InstanceStateRecord.Input);
    public const string Output = nameof(InstanceStateRecord.Output);
    public const string CustomStatus = nameof(InstanceStateRecord.CustomStatus);
    public const string FailureDetails = nameof(InstanceStateRecord.FailureDetails);
    public const string Events = "Events";
    public const string Messages = "Messages";

    /// <summary>
    /// Every column of any instance row that can name a payload blob. The orphan sweep reads only these, so a new
    /// payload column must be added here or the sweep would take its blobs for orphans.
    /// </summary>
    public static readonly string[] BlobColumns =
        [.. new[] { Input, Output, CustomStatus, FailureDetails, Events, Messages }.Select(PayloadColumns.BlobColumn)];

    public static string PartitionKey(string instanceId) => KeyEscaper.EscapeKey(instanceId);

    public static string HistoryRowKey(string executionId, int episode) =>
        HistoryPrefixFor(executionId) + episode.ToString("D8", CultureInfo.InvariantCulture);

    /// <summary>All history rows of one execution start with this; <c>'|' + 1 == '}'</c> bounds the range.</summary>
    public static string HistoryPrefixFor(string executionId) => HistoryPrefix + KeyEscaper.EscapeKey(executionId) + "|";

    public static string OutboxRowKey(string outboxKey) => OutboxPrefix + KeyEscaper.EscapeKey(outboxKey);

    public static TableEntity StateEntity(string partitionKey, InstanceStateRecord state)
    {
        var entity = new TableEntity(partitionKey, StateRowKey)
        {
            ["InstanceId"] = state.InstanceId,
            ["Name"] = state.Name,
            ["ExecutionId"] = state.ExecutionId,
            ["RuntimeStatus"] = state.RuntimeStatus.ToString(),
            ["CreatedAt"] = state.CreatedAt.ToUniversalTime(),
            ["LastUpdatedAt"] = state.LastUpdatedAt.ToUniversalTime(),
            ["IsSuspended"] = state.IsSuspended,
            ["Episode"] = state.Episode,
        };

        // Absent rather than null: a replaced row then simply has no such column.
        if (state.ScheduledStartAt is { } scheduled)
        {
            entity["ScheduledStartAt"] = scheduled.ToUniversalTime();
        }

        if (state.ParentInstanceId is not null)
        {
            entity["ParentInstanceId"] = state.ParentInstanceId;
        }

        return entity;
    }

    public static IEnumerable<KeyValuePair<string, string?>> StatePayloads(InstanceStateRecord state) =>
    [
        new(Input, state.Input),
        new(Output, state.Output),
        new(CustomStatus, state.CustomStatus),
        new(FailureDetails, state.FailureDetails),
    ];

    /// <summary>The state row without its payload columns (filled in by the caller once blobs are read).</summary>
    public static InstanceStateRecord ReadStateColumns(TableEntity entity) => new()
    {
        InstanceId = entity.GetString("InstanceId") ?? KeyEscaper.Unescape(entity.PartitionKey),
        Name = entity.GetString("Name") ?? string.Empty,
        ExecutionId = entity.GetString("ExecutionId") ?? string.Empty,
        RuntimeStatus = Enum.Parse<OrchestrationRuntimeStatus>(entity.GetString("RuntimeStatus") ?? nameof(OrchestrationRuntimeStatus.Pending)),
        CreatedAt = entity.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        LastUpdatedAt = entity.GetDateTimeOffset("LastUpdatedAt") ?? DateTimeOffset.MinValue,
        ScheduledStartAt = entity.GetDateTimeOffset("ScheduledStartAt"),
        ParentInstanceId = entity.GetString("ParentInstanceId"),
        IsSuspended = entity.GetBoolean("IsSuspended") ?? false,
        Episode = entity.GetInt32("Episode") ?? 0,
    };

    public static TableEntity HistoryEntity(string partitionKey, HistoryEpisode episode) =>
        new(partitionKey, HistoryRowKey(episode.ExecutionId, episode.Episode))
        {
            ["ExecutionId"] = episode.ExecutionId,
            ["Episode"] = episode.Episode,
        };

    public static TableEntity OutboxEntity(string partitionKey, OutboxRecord outbox) =>
        new(partitionKey, OutboxRowKey(outbox.Key))
        {
            ["Key"] = outbox.Key,
        };
}
