using EnvOrchestrator.Durable.Backend;
using EnvOrchestrator.Durable.History;
using EnvOrchestrator.Durable.Messaging;

namespace EnvOrchestrator.Durable.Worker;

/// <summary>A received control message and its decoded body.</summary>
internal sealed record Inbound(ReceivedMessage Message, ControlMessage Body);

/// <summary>What to do with one instance's messages of a batch.</summary>
internal sealed record EpisodePlan
{
    /// <summary>Null when nothing is committed: the messages are only deleted (or released).</summary>
    public InstanceCommit? Commit { get; init; }

    /// <summary>Messages sent without a commit (they are idempotent at the receiver), before the triggers are deleted.</summary>
    public IReadOnlyList<OutboundMessage> Unrecorded { get; init; } = [];

    /// <summary>Hide the messages again for <see cref="ReleaseDelay"/> instead of deleting them.</summary>
    public bool Release { get; init; }

    public TimeSpan ReleaseDelay { get; init; }

    /// <summary>The plan drops or defers messages based on state that a cache might hold stale.</summary>
    public bool RequiresFreshState { get; init; }

    public int Ignored { get; init; }

    /// <summary>History of the (possibly new) current execution once the commit succeeded.</summary>
    public IReadOnlyList<HistoryEvent> EventsAfter { get; init; } = [];

    /// <summary>An execution whose history rows can go once the commit succeeded (ContinueAsNew, restart).</summary>
    public string? DeleteHistoryOf { get; init; }

    public static EpisodePlan Delete(int ignored, bool requiresFreshState, IReadOnlyList<OutboundMessage>? unrecorded = null) =>
        new() { Ignored = ignored, RequiresFreshState = requiresFreshState, Unrecorded = unrecorded ?? [] };

    public static EpisodePlan Defer(TimeSpan delay) =>
        new() { Release = true, ReleaseDelay = delay, RequiresFreshState = true };
}
