using System.Globalization;
using EnvOrchestrator.Durable.Backend;

namespace EnvOrchestrator.Durable.InMemory;

/// <summary>
/// A process-local <see cref="IOrchestrationBackend"/> for tests and single-process hosting. It keeps the port's
/// semantics that the engine relies on: ETags change on every write, commits are all-or-nothing, received messages
/// stay hidden for their visibility timeout, pop receipts change on every receive/update, dequeue counts grow.
/// </summary>
/// <remarks>
/// Updating the visibility of a message whose lease was lost (deleted, or received again by someone else) throws
/// <see cref="InvalidOperationException"/>, as the Azure queue service rejects a stale pop receipt.
/// One lock guards everything: the engine's own work dominates, and a single lock makes commits trivially atomic.
/// </remarks>
public sealed class InMemoryOrchestrationBackend : IOrchestrationBackend
{
    private const int MaxCommitRows = 100;

    private static readonly TimeSpan MaxVisibility = TimeSpan.FromDays(7);

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<string, InstanceData> _instances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<StoredMessage>> _queues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PoisonMessageRecord> _poison = new(StringComparer.Ordinal);
    private long _sequence;

    public InMemoryOrchestrationBackend(string taskHub, int partitionCount = 4, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(taskHub);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(partitionCount, 16);
        TaskHub = taskHub;
        PartitionCount = partitionCount;
        _time = timeProvider ?? TimeProvider.System;
    }

    public string TaskHub { get; }

    public int PartitionCount { get; }

    /// <summary>Messages currently stored in <paramref name="queue"/>, visible or not (test inspection).</summary>
    public int CountMessages(string queue)
    {
        lock (_gate)
        {
            return _queues.TryGetValue(queue, out var list) ? list.Count : 0;
        }
    }

    public Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task DeleteTaskHubAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _instances.Clear();
            _queues.Clear();
            _poison.Clear();
        }

        return Task.CompletedTask;
    }

    public Task<InstanceSnapshot?> ReadInstanceAsync(string instanceId, bool includeHistory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        lock (_gate)
        {
            if (!_instances.TryGetValue(instanceId, out var data) || data.State is null)
            {
                return Task.FromResult<InstanceSnapshot?>(null);
            }

            IReadOnlyList<HistoryEpisode> history = includeHistory
                ? data.History.Where(e => e.ExecutionId == data.State.ExecutionId).OrderBy(e => e.Episode).ToArray()
                : [];
            IReadOnlyList<OutboxRecord> outboxes = includeHistory ? data.Outboxes.Values.ToArray() : [];
            return Task.FromResult<InstanceSnapshot?>(new InstanceSnapshot(data.State, data.ETag, history, outboxes));
        }
    }

    public Task<CommitResult> CommitAsync(InstanceCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        if (commit.State.InstanceId != commit.InstanceId)
        {
            throw new ArgumentException("The state row belongs to another instance.", nameof(commit));
        }

        // Azure Tables caps an entity-group transaction at 100 rows; reject here too, so tests on this backend catch it.
        var rows = 1 + (commit.NewEpisode is null ? 0 : 1) + (commit.NewOutbox is null ? 0 : 1) +
            commit.OutboxKeysToDelete.Count(k => k != commit.NewOutbox?.Key);
        if (rows > MaxCommitRows)
        {
            throw new ArgumentException($"A commit may hold at most {MaxCommitRows} rows; this one holds {rows}.", nameof(commit));
        }

        lock (_gate)
        {
            _instances.TryGetValue(commit.InstanceId, out var data);
            var exists = data?.State is not null;
            if (commit.ExpectedETag is null ? exists : !exists || data!.ETag != commit.ExpectedETag)
            {
                return Task.FromResult(CommitResult.Conflict);
            }

            if (commit.NewEpisode is { } episode && data is not null &&
                data.History.Any(e => e.ExecutionId == episode.ExecutionId && e.Episode == episode.Episode))
            {
                // Azure rejects the whole batch when a row already exists; so do we.
                return Task.FromResult(CommitResult.Conflict);
            }

            // Deleting an outbox that is gone means someone else already sent and deleted it: the caller's snapshot
            // is stale (Azure fails the whole batch on the missing row).
            if (commit.OutboxKeysToDelete.Any(k => data?.Outboxes.ContainsKey(k) != true))
            {
                return Task.FromResult(CommitResult.Conflict);
            }

            if (commit.NewOutbox is { } newOutbox && data is not null && data.Outboxes.ContainsKey(newOutbox.Key) &&
                !commit.OutboxKeysToDelete.Contains(newOutbox.Key))
            {
                return Task.FromResult(CommitResult.Conflict);
            }

            if (data is null)
            {
                data = new InstanceData();
                _instances[commit.InstanceId] = data;
            }

            data.State = commit.State;
            data.ETag = NextETag();
            foreach (var key in commit.OutboxKeysToDelete)
            {
                data.Outboxes.Remove(key);
            }

            if (commit.NewEpisode is not null)
            {
                data.History.Add(commit.NewEpisode);
            }

            if (commit.NewOutbox is not null)
            {
                data.Outboxes[commit.NewOutbox.Key] = commit.NewOutbox with { Messages = commit.NewOutbox.Messages.ToArray() };
            }

            return Task.FromResult(CommitResult.Committed(data.ETag));
        }
    }

    public Task DeleteOutboxAsync(string instanceId, string outboxKey, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_instances.TryGetValue(instanceId, out var data))
            {
                data.Outboxes.Remove(outboxKey);
            }
        }

        return Task.CompletedTask;
    }

    public Task DeleteHistoryAsync(string instanceId, string executionId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_instances.TryGetValue(instanceId, out var data))
            {
                data.History.RemoveAll(e => e.ExecutionId == executionId);
            }
        }

        return Task.CompletedTask;
    }

    public Task<InstanceQueryPage> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PageSize, 1);
        lock (_gate)
        {
            var matches = _instances
                .Where(p => p.Value.State is not null)
                .Select(p => p.Value.State!)
                .Where(s => query.ContinuationToken is null || string.CompareOrdinal(s.InstanceId, query.ContinuationToken) > 0)
                .Where(s => query.InstanceIdPrefix is null || s.InstanceId.StartsWith(query.InstanceIdPrefix, StringComparison.Ordinal))
                .Where(s => query.CreatedFrom is null || s.CreatedAt >= query.CreatedFrom)
                .Where(s => query.CreatedTo is null || s.CreatedAt <= query.CreatedTo)
                .Where(s => query.Statuses is null || query.Statuses.Count == 0 || query.Statuses.Contains(s.RuntimeStatus))
                .OrderBy(s => s.InstanceId, StringComparer.Ordinal)
                .Take(query.PageSize + 1)
                .ToList();
            var hasMore = matches.Count > query.PageSize;
            var page = matches.Take(query.PageSize)
                .Select(s => query.FetchInputsAndOutputs ? s : s with { Input = null, Output = null })
                .ToArray();
            return Task.FromResult(new InstanceQueryPage(page, hasMore ? page[^1].InstanceId : null));
        }
    }

    public Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_instances.Remove(instanceId));
        }
    }

    public Task SendMessageAsync(string queue, string body, TimeSpan visibilityDelay, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(queue);
        ArgumentNullException.ThrowIfNull(body);
        ValidateVisibility(visibilityDelay, nameof(visibilityDelay));
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            Queue(queue).Add(new StoredMessage(NextId(), body, now)
            {
                VisibleAt = now + visibilityDelay,
            });
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ReceivedMessage>> ReceiveMessagesAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, 32);
        ValidateVisibility(visibilityTimeout, nameof(visibilityTimeout));
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var received = new List<ReceivedMessage>();
            if (_queues.TryGetValue(queue, out var list))
            {
                foreach (var message in list)
                {
                    if (message.VisibleAt > now)
                    {
                        continue;
                    }

                    message.VisibleAt = now + visibilityTimeout;
                    message.DequeueCount++;
                    message.PopReceipt = NextId();
                    received.Add(message.ToReceived(queue));
                    if (received.Count == maxMessages)
                    {
                        break;
                    }
                }
            }

            return Task.FromResult<IReadOnlyList<ReceivedMessage>>(received);
        }
    }

    public Task<ReceivedMessage> UpdateVisibilityAsync(ReceivedMessage message, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ValidateVisibility(visibilityTimeout, nameof(visibilityTimeout));
        lock (_gate)
        {
            var stored = Find(message) ?? throw new InvalidOperationException(
                $"Message {message.MessageId} in queue {message.Queue} was deleted or received again; its lease is lost.");
            stored.VisibleAt = _time.GetUtcNow() + visibilityTimeout;
            stored.PopReceipt = NextId();
            return Task.FromResult(stored.ToReceived(message.Queue));
        }
    }

    public Task DeleteMessageAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            if (Find(message) is { } stored)
            {
                _queues[message.Queue].Remove(stored);
            }
        }

        return Task.CompletedTask;
    }

    public Task StorePoisonMessageAsync(PoisonMessageRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            _poison[record.Id] = record;
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<PoisonMessageRecord>> ListPoisonMessagesAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<PoisonMessageRecord>>(_poison.Values.OrderBy(p => p.ParkedAt).ToArray());
        }
    }

    public Task<bool> DeletePoisonMessageAsync(string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_poison.Remove(id));
        }
    }

    private static void ValidateVisibility(TimeSpan value, string name)
    {
        if (value < TimeSpan.Zero || value > MaxVisibility)
        {
            throw new ArgumentOutOfRangeException(name, value, "Visibility must be between 0 and 7 days.");
        }
    }

    private StoredMessage? Find(ReceivedMessage message) =>
        _queues.TryGetValue(message.Queue, out var list)
            ? list.Find(m => m.Id == message.MessageId && m.PopReceipt == message.PopReceipt)
            : null;

    private List<StoredMessage> Queue(string name)
    {
        if (!_queues.TryGetValue(name, out var list))
        {
            list = [];
            _queues[name] = list;
        }

        return list;
    }

    private string NextId() => (++_sequence).ToString("x16", CultureInfo.InvariantCulture);

    private string NextETag() => "W/\"" + NextId() + "\"";

    private sealed class InstanceData
    {
        public InstanceStateRecord? State { get; set; }

        public string ETag { get; set; } = string.Empty;

        public List<HistoryEpisode> History { get; } = [];

        public Dictionary<string, OutboxRecord> Outboxes { get; } = new(StringComparer.Ordinal);
    }

    private sealed class StoredMessage(string id, string body, DateTimeOffset insertedOn)
    {
        public string Id { get; } = id;

        public string Body { get; } = body;

        public DateTimeOffset InsertedOn { get; } = insertedOn;

        public DateTimeOffset VisibleAt { get; set; }

        public long DequeueCount { get; set; }

        public string PopReceipt { get; set; } = string.Empty;

        public ReceivedMessage ToReceived(string queue) => new(queue, Id, PopReceipt, Body, DequeueCount, InsertedOn);
    }
}
