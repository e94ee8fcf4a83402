using EnvOrchestrator.Api.Http;
using EnvOrchestrator.Api.OpenApi;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Events;
using EnvOrchestrator.Core.Webhooks;
using EnvOrchestrator.Lifecycle;
using EnvOrchestrator.Lifecycle.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EnvOrchestrator.Api.Endpoints;

/// <summary>
/// <c>/api/projects/{project}/webhooks</c> (project admins): subscribe a URL to the project's environment events, list
/// and remove subscriptions, and read a subscription's delivery log. The signing secret is answered once, at creation.
/// </summary>
internal static class WebhooksEndpoints
{
    public static void Map(RouteGroupBuilder webhooks)
    {
        webhooks.MapPost("/", AddAsync)
            .WithName("AddWebhook")
            .WithSummary("Subscribe a URL to the project's environment events")
            .WithDescription(
                "Each event is POSTed as a CloudEvents 1.0 event (`format: cloudevents`, the default), a Slack message or a Teams card, " +
                "signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,…` = HMAC-SHA256 of `id.timestamp.body` " +
                "with the secret) and retried with doubling waits until a 2xx. `events` limits it to some of: " + string.Join(", ", EnvironmentEvent.Names.All) +
                ". The secret (`whsec_…`) is generated unless given, and answered in this response only.")
            .WithJsonBody<AddWebhookRequest>()
            .WithRequestExample(new AddWebhookRequest("https://hooks.example.com/envorch", ["ready", "failed", "expiring-soon"], "cloudevents", null))
            .WithResponseHeader(StatusCodes.Status201Created, "Location", "The webhook's URL (remove it with DELETE).");
        webhooks.MapGet("/", ListAsync)
            .WithName("ListWebhooks")
            .WithSummary("List the project's webhooks (never their secrets)");
        webhooks.MapDelete("/{id}", RemoveAsync)
            .WithName("RemoveWebhook")
            .WithSummary("Remove a webhook")
            .WithDescription("Its pending deliveries are given up at their next attempt; its delivery log stays readable until then.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        webhooks.MapGet("/{id}/deliveries", DeliveriesAsync)
            .WithName("ListWebhookDeliveries")
            .WithSummary("A webhook's delivery log, newest first (at most 100)")
            .WithDescription("Each event sent or to send: status (Pending, Delivered, Failed), attempts, the receiver's last answer or error, and when the next attempt is due.")
            .ProducesProblems(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Created<CreatedWebhook>, ProblemHttpResult>> AddAsync(
        string project, HttpContext context, WebhookSubscriptions subscriptions, CancellationToken cancellationToken)
    {
        var body = context.Body<AddWebhookRequest>();
        var (created, refusal) = await subscriptions.AddAsync(
            ProjectName.Parse(project), new WebhookRequest(body.Url, body.Events, body.Format, body.Secret), context.Caller().Name, cancellationToken).ConfigureAwait(false);
        if (created is null)
        {
            return Problems.Create(refusal!.Rule == "webhook.too-many" ? ProblemCodes.Conflict : ProblemCodes.InvalidRequest, refusal.Detail, refusal.Field, refusal.Rule);
        }

        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"{ApiLinks.Root}/projects/{project}/webhooks/{created.Id}", new CreatedWebhook(WebhookView.From(created), created.Secret));
    }

    private static async Task<Ok<IReadOnlyList<WebhookView>>> ListAsync(string project, WebhookSubscriptions subscriptions, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<WebhookView>>([.. (await subscriptions.ListAsync(ProjectName.Parse(project), cancellationToken).ConfigureAwait(false)).Select(WebhookView.From)]);

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(string project, string id, WebhookSubscriptions subscriptions, CancellationToken cancellationToken) =>
        await subscriptions.RemoveAsync(ProjectName.Parse(project), id, cancellationToken).ConfigureAwait(false)
            ? TypedResults.NoContent()
            : NotFound(project, id);

    private static async Task<Results<Ok<IReadOnlyList<WebhookDeliveryView>>, ProblemHttpResult>> DeliveriesAsync(
        string project, string id, WebhookSubscriptions subscriptions, CancellationToken cancellationToken)
    {
        var name = ProjectName.Parse(project);
        if (await subscriptions.FindAsync(name, id, cancellationToken).ConfigureAwait(false) is null)
        {
            return NotFound(project, id);
        }

        var log = await subscriptions.DeliveriesAsync(name, id, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok<IReadOnlyList<WebhookDeliveryView>>([.. log.Select(WebhookDeliveryView.From)]);
    }

    private static ProblemHttpResult NotFound(string project, string id) =>
        Problems.Create(ProblemCodes.NotFound, $"Project '{project}' has no webhook '{id}'.", "id", "webhook.not-found");
}

/// <summary>Body of <c>POST …/webhooks</c>. Without <c>events</c>, every event; without <c>format</c>, CloudEvents; without <c>secret</c>, a generated one.</summary>
public sealed record AddWebhookRequest(string? Url, IReadOnlyList<string>? Events = null, string? Format = null, string? Secret = null);

/// <summary>A webhook as listed: everything but its secret.</summary>
public sealed record WebhookView(string Id, string Url, IReadOnlyList<string> Events, string Format, string CreatedBy, DateTimeOffset CreatedAt)
{
    internal static WebhookView From(WebhookSubscription s) =>
        new(s.Id, s.Url.AbsoluteUri, s.Events.IsDefaultOrEmpty ? EnvironmentEvent.Names.All : [.. s.Events], s.Format.ToString().ToLowerInvariant(), s.CreatedBy, s.CreatedAt);
}

/// <summary>A new webhook: <see cref="Secret"/> signs its requests and is shown in this answer only.</summary>
public sealed record CreatedWebhook(WebhookView Webhook, string Secret);

/// <summary>One event sent (or to send) to a webhook.</summary>
public sealed record WebhookDeliveryView(
    string Id, string EventId, string Event, string Environment, string Status, int Attempts, DateTimeOffset CreatedAt,
    DateTimeOffset? LastAttemptAt, int? LastStatusCode, string? LastError, DateTimeOffset? DeliveredAt, DateTimeOffset? NextAttemptAt)
{
    internal static WebhookDeliveryView From(WebhookDelivery d) => new(
        d.Id, d.Event.Id, d.Event.TypeName, $"{d.Event.Project}/{d.Event.Name}", d.Status.ToString(), d.Attempts, d.CreatedAt,
        d.LastAttemptAt, d.LastStatusCode, d.LastError, d.DeliveredAt, d.Status == WebhookDeliveryStatus.Pending ? d.NextAttemptAt : null);
}
