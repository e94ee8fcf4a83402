using EnvOrchestrator.Durable;
using EnvOrchestrator.Durable.Backend;

namespace EnvOrchestrator.Testing.DurableBackend;

/// <summary>Builders for backend contract tests: states, commits and outboxes with readable defaults.</summary>
public static class BackendTestData
{
    /// <summary>Millisecond precision: what every store keeps exactly.</summary>
    public static readonly DateTimeOffset Created = new(2026, 3, 4, 5, 6, 7, 891, TimeSpan.Zero);

    public static InstanceStateRecord State(
        string instanceId,
        string executionId = "exec1",
        OrchestrationRuntimeStatus status = OrchestrationRuntimeStatus.Running,
        int episode = 0,
        DateTimeOffset? createdAt = null) => new()
        {
            InstanceId = instanceId,
            Name = "Orchestration",
            ExecutionId = executionId,
            RuntimeStatus = status,
            CreatedAt = createdAt ?? Created,
            LastUpdatedAt = (createdAt ?? Created).AddSeconds(episode),
            Input = "{\"in\":1}",
            Episode = episode,
        };

    public static HistoryEpisode Episode(string executionId, int episode, string? events = null) =>
        new(executionId, episode, events ?? $"[{{\"kind\":\"e\",\"n\":{episode}}}]");

    public static OutboxRecord Outbox(string key, params string[] bodies) =>
        new(key, bodies.Select((b, i) => new OutboundMessage(i % 2 == 0 ? QueueNames.WorkItems : QueueNames.Control(0), b, TimeSpan.FromSeconds(i))).ToArray());

    public static InstanceCommit Insert(InstanceStateRecord state, HistoryEpisode? episode = null, OutboxRecord? outbox = null) =>
        new(state.InstanceId, null, state, episode, outbox, []);

    public static InstanceCommit Update(
        string etag, InstanceStateRecord state, HistoryEpisode? episode = null, OutboxRecord? outbox = null, params string[] outboxesToDelete) =>
        new(state.InstanceId, etag, state, episode, outbox, outboxesToDelete);

    /// <summary>A string of <paramref name="length"/> characters mixing ASCII, JSON-escaped and non-ASCII text.</summary>
    public static string Large(int length, char seed = 'a')
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789 \"\\<>&äöü日本語";
        return string.Create(length, seed, static (span, s) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[(i * 7 + s) % alphabet.Length];
            }
        });
    }
}
