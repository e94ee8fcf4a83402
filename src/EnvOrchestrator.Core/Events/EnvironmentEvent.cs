namespace EnvOrchestrator.Core.Events;

/// <summary>What happened to an environment, as subscribers (chat, automation) are told.</summary>
public enum EnvironmentEventType
{
    Created,
    AwaitingApproval,
    Ready,
    Failed,
    ExpiringSoon,
    Extended,
    Destroyed,
}

/// <summary>
/// One event about an environment. <see cref="Id"/> is derived from what happened (e.g. the run and its outcome), so
/// a step that runs again after a crash publishes the same id and subscribers get it once.
/// </summary>
/// <param name="Detail">For people: the failure's message, the new expiry, the approval's reasons.</param>
/// <param name="Actor">Who caused it, when someone did (creator, approver, extender); null for the system.</param>
public sealed record EnvironmentEvent(
    string Id,
    EnvironmentEventType Type,
    string Project,
    string Name,
    DateTimeOffset At,
    string Status,
    string? RunId,
    string? Actor,
    string? Detail)
{
    /// <summary>The event type as subscriptions and CloudEvents name it, e.g. <c>awaiting-approval</c>.</summary>
    public string TypeName => Names.Name(Type);

    public static class Names
    {
        public static string Name(EnvironmentEventType type) => type switch
        {
            EnvironmentEventType.AwaitingApproval => "awaiting-approval",
            EnvironmentEventType.ExpiringSoon => "expiring-soon",
            _ => type.ToString().ToLowerInvariant(),
        };

        public static IReadOnlyList<string> All { get; } = [.. Enum.GetValues<EnvironmentEventType>().Select(Name)];
    }
}

/// <summary>
/// Where the lifecycle publishes events: stored durably before the call returns (an outbox), delivered later. A
/// publish of an id already stored changes nothing.
/// </summary>
public interface IEnvironmentEventSink
{
    Task PublishAsync(EnvironmentEvent environmentEvent, CancellationToken cancellationToken);
}

/// <summary>Publishes nowhere: the default until a host registers a real sink (e.g. webhooks).</summary>
public sealed class NullEnvironmentEventSink : IEnvironmentEventSink
{
    public Task PublishAsync(EnvironmentEvent environmentEvent, CancellationToken cancellationToken) => Task.CompletedTask;
}
