using System.Collections.Immutable;
using System.Security.Cryptography;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Events;
using EnvOrchestrator.Core.Webhooks;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Lifecycle.Webhooks;

/// <summary>Why a subscription request was refused: the field at fault, the rule, and what to do.</summary>
public sealed record WebhookRefusal(string Field, string Rule, string Detail);

/// <summary>A subscription request as received (anything may be missing or wrong).</summary>
public sealed record WebhookRequest(string? Url, IReadOnlyList<string>? Events, string? Format, string? Secret);

/// <summary>Adds, lists and removes a project's webhook subscriptions, and reads their delivery log.</summary>
public sealed class WebhookSubscriptions(IWebhookStore store, IOptions<WebhookSubscriptionOptions> options, TimeProvider time)
{
    public const int MaxUrlLength = 2048;
    public const int MaxPerProject = 20;
    public const int MaxDeliveriesListed = 100;

    public async Task<(WebhookSubscription? Created, WebhookRefusal? Refusal)> AddAsync(
        ProjectName project, WebhookRequest request, string createdBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Validate(request, options.Value) is { } refusal)
        {
            return (null, refusal);
        }

        var existing = await store.ListSubscriptionsAsync(project, cancellationToken).ConfigureAwait(false);
        if (existing.Length >= MaxPerProject)
        {
            return (null, new WebhookRefusal("url", "webhook.too-many", $"Project '{project.Value}' has {existing.Length} webhooks, the most it may have; remove one first."));
        }

        var format = ParseFormat(request.Format)!.Value;
        var subscription = new WebhookSubscription(
            "wh" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            project,
            new Uri(request.Url!, UriKind.Absolute),
            request.Events is { Count: > 0 } events ? [.. events.Distinct(StringComparer.Ordinal)] : [],
            format,
            request.Secret ?? WebhookSignature.NewSecret(),
            createdBy,
            time.GetUtcNow());
        var added = await store.AddSubscriptionAsync(subscription, cancellationToken).ConfigureAwait(false);
        return added.Succeeded ? (added.Value, null) : (null, new WebhookRefusal("url", "webhook.conflict", "The webhook could not be stored; try again."));
    }

    public Task<ImmutableArray<WebhookSubscription>> ListAsync(ProjectName project, CancellationToken cancellationToken) =>
        store.ListSubscriptionsAsync(project, cancellationToken);

    public Task<WebhookSubscription?> FindAsync(ProjectName project, string id, CancellationToken cancellationToken) =>
        store.FindSubscriptionAsync(project, id, cancellationToken);

    /// <summary>True when it existed. Its pending deliveries fail at their next attempt; the delivery log stays.</summary>
    public async Task<bool> RemoveAsync(ProjectName project, string id, CancellationToken cancellationToken) =>
        await store.DeleteSubscriptionAsync(project, id, cancellationToken).ConfigureAwait(false) == StoreOutcome.Succeeded;

    public Task<ImmutableArray<WebhookDelivery>> DeliveriesAsync(ProjectName project, string id, CancellationToken cancellationToken) =>
        store.ListDeliveriesAsync(project, id, MaxDeliveriesListed, cancellationToken);

    public static WebhookFormat? ParseFormat(string? text) => text?.ToLowerInvariant() switch
    {
        null or "cloudevents" => WebhookFormat.CloudEvents,
        "slack" => WebhookFormat.Slack,
        "teams" => WebhookFormat.Teams,
        _ => null,
    };

    private static WebhookRefusal? Validate(WebhookRequest request, WebhookSubscriptionOptions settings)
    {
        if (string.IsNullOrWhiteSpace(request.Url) || request.Url.Length > MaxUrlLength
            || !Uri.TryCreate(request.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            return new WebhookRefusal("url", "webhook.url", $"An absolute http(s) URL of at most {MaxUrlLength} characters is required, e.g. \"https://hooks.example.com/envorch\".");
        }

        if (!string.IsNullOrEmpty(url.UserInfo) || !string.IsNullOrEmpty(url.Fragment))
        {
            return new WebhookRefusal("url", "webhook.url", "The URL may not carry credentials or a fragment; the requests are signed with the webhook's secret instead.");
        }

        if (settings.RequireHttps && url.Scheme != Uri.UriSchemeHttps)
        {
            return new WebhookRefusal("url", "webhook.https-required", "The URL must use https (Webhooks:RequireHttps).");
        }

        for (var i = 0; i < (request.Events?.Count ?? 0); i++)
        {
            if (!EnvironmentEvent.Names.All.Contains(request.Events![i], StringComparer.Ordinal))
            {
                return new WebhookRefusal($"events[{i}]", "webhook.event", $"'{request.Events[i]}' is not an event; use one of: {string.Join(", ", EnvironmentEvent.Names.All)}.");
            }
        }

        if (ParseFormat(request.Format) is null)
        {
            return new WebhookRefusal("format", "webhook.format", $"'{request.Format}' is not a format; use cloudevents (the default), slack or teams.");
        }

        if (request.Secret is { } secret && !WebhookSignature.IsValidSecret(secret))
        {
            return new WebhookRefusal("secret", "webhook.secret", "A secret is whsec_ followed by 24–64 random bytes in base64; leave it out to get a generated one.");
        }

        return null;
    }
}

/// <summary>What a subscription may point at (section <c>Webhooks</c>, shared with the sender's settings).</summary>
public sealed class WebhookSubscriptionOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>
    /// Refuse subscriptions to plain <c>http://</c> URLs: the payload names environments and who acted, and the signature
    /// proves origin, not secrecy. Off only for local development and tests.
    /// </summary>
    public bool RequireHttps { get; set; } = true;
}
