using System.Collections.Immutable;
using EnvOrchestrator.Core.Environments;

namespace EnvOrchestrator.Core.Webhooks;

/// <summary>How a subscription's requests are shaped.</summary>
public enum WebhookFormat
{
    /// <summary>A CloudEvents 1.0 event in structured mode (<c>application/cloudevents+json</c>).</summary>
    CloudEvents,

    /// <summary>A Slack incoming-webhook message (<c>text</c> and <c>blocks</c>).</summary>
    Slack,

    /// <summary>A Microsoft Teams workflow message carrying an Adaptive Card.</summary>
    Teams,
}

/// <summary>
/// A project's subscription to its environments' events: where they go, which ones (none listed: all), in what shape,
/// and the secret its requests are signed with (held sealed at rest, shown once when created).
/// </summary>
public sealed record WebhookSubscription(
    string Id,
    ProjectName Project,
    Uri Url,
    ImmutableArray<string> Events,
    WebhookFormat Format,
    string Secret,
    string CreatedBy,
    DateTimeOffset CreatedAt)
{
    public bool Wants(string eventType) => Events.IsDefaultOrEmpty || Events.Contains(eventType, StringComparer.Ordinal);
}
